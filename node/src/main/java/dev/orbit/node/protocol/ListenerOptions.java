package dev.orbit.node.protocol;

import dev.orbit.node.metrics.ConnectionMetrics;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Limits and timeouts of one listener's connections, with the config keys that set them (named in
 * the log when a connection is refused or closed). A zero duration or limit turns a check off.
 */
public final class ListenerOptions {
  int ioThreads = Runtime.getRuntime().availableProcessors();
  int maxConnections;
  String maxConnectionsKey = "maxConnections";
  Refusal refusal = Refusal.close();
  BooleanSupplier evictor;
  Duration authenticationTimeout = Duration.ZERO;
  Duration frameTimeout = Duration.ZERO;
  Duration idleTimeout = Duration.ZERO;
  String keyPrefix = "";
  boolean firstMessageAuthenticates;
  LoopWatchdog watchdog;
  ConnectionMetrics metrics = new ConnectionMetrics();

  public static ListenerOptions defaults() {
    return new ListenerOptions();
  }

  public ListenerOptions ioThreads(int n) {
    this.ioThreads = n;
    return this;
  }

  /** At most {@code n} open connections; more get the {@link #refusal}. {@code key} names it. */
  public ListenerOptions maxConnections(int n, String key) {
    this.maxConnections = n;
    this.maxConnectionsKey = key;
    return this;
  }

  /**
   * Called when the limit is reached: true when it closed a connection to make room for the new one
   * (which is then let in). Runs on an I/O event loop of the listener.
   */
  public ListenerOptions evictor(BooleanSupplier e) {
    this.evictor = e;
    return this;
  }

  /** What a connection over the limit gets (default: closed without a word). */
  public ListenerOptions refusal(Refusal r) {
    this.refusal = r;
    return this;
  }

  /** Where the timeout keys live, e.g. {@code protocols.redis.}. */
  public ListenerOptions keyPrefix(String prefix) {
    this.keyPrefix = prefix;
    return this;
  }

  /**
   * A connection must authenticate (the protocol calls {@link NettyListener#authenticated}) within
   * {@code d}, or it is closed.
   */
  public ListenerOptions authenticationTimeout(Duration d) {
    this.authenticationTimeout = d;
    return this;
  }

  /** A message whose first bytes arrived must be decoded within {@code d}, or it is closed. */
  public ListenerOptions frameTimeout(Duration d) {
    this.frameTimeout = d;
    return this;
  }

  /** A connection that neither reads nor writes for {@code d} is closed. */
  public ListenerOptions idleTimeout(Duration d) {
    this.idleTimeout = d;
    return this;
  }

  /** The first complete message counts as authentication (protocols without a login yet). */
  public ListenerOptions firstMessageAuthenticates(boolean b) {
    this.firstMessageAuthenticates = b;
    return this;
  }

  public ListenerOptions watchdog(LoopWatchdog w) {
    this.watchdog = w;
    return this;
  }

  public ListenerOptions metrics(ConnectionMetrics m) {
    this.metrics = m;
    return this;
  }
}
