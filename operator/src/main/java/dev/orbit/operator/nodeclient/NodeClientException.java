package dev.orbit.operator.nodeclient;

/** A node's admin API could not be asked or refused: which node, the HTTP code (0: none), why. */
public final class NodeClientException extends Exception {
  private final String node;
  private final int code;

  public NodeClientException(String node, int code, String message) {
    super(node + ": " + (code == 0 ? "" : "HTTP " + code + ": ") + message);
    this.node = node;
    this.code = code;
  }

  public String node() {
    return node;
  }

  /** The HTTP status code, or 0 when there was no answer. */
  public int code() {
    return code;
  }
}
