package dev.orbit.node.protocol;

/** A running wire-protocol listener. */
public interface ProtocolServer extends AutoCloseable {
  String protocol();

  /** The port actually bound (differs from the configured one when that was 0). */
  int port();

  /** True while the listener accepts connections. */
  boolean serving();

  @Override
  void close();
}
