package dev.orbit.node.protocol.resp;

/** A command failed; the message (starting with its code, e.g. {@code ERR}) is the reply. */
final class RedisError extends RuntimeException {
  RedisError(String message) {
    super(message, null, false, false);
  }

  static final String WRONGTYPE =
      "WRONGTYPE Operation against a key holding the wrong kind of value";
  static final String NOT_INTEGER = "ERR value is not an integer or out of range";
  static final String NOT_FLOAT = "ERR value is not a valid float";
  static final String SYNTAX = "ERR syntax error";
  static final String NO_SUCH_KEY = "ERR no such key";
  static final String OUT_OF_RANGE = "ERR index out of range";

  static RedisError wrongType() {
    return new RedisError(WRONGTYPE);
  }

  static RedisError syntax() {
    return new RedisError(SYNTAX);
  }

  static RedisError notInteger() {
    return new RedisError(NOT_INTEGER);
  }

  /** The run needs more work than an event loop may do: it is run again on a worker thread. */
  static final class OffLoop extends RuntimeException {
    static final OffLoop INSTANCE = new OffLoop();

    private OffLoop() {
      super(null, null, false, false);
    }
  }

  /** The client went away or the server is stopping: the work is abandoned. */
  static final class Cancelled extends RuntimeException {
    static final Cancelled INSTANCE = new Cancelled();

    private Cancelled() {
      super(null, null, false, false);
    }
  }

  /** A reply grew past the client output buffer limit: the client is disconnected. */
  static final class ReplyTooLarge extends RuntimeException {
    ReplyTooLarge(long bytes) {
      super("reply of more than " + bytes + " bytes", null, false, false);
    }
  }
}
