package dev.orbit.node.protocol.resp;

import dev.orbit.node.storage.Txn;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A parsed Redis command. Keyed commands run inside a transaction over their keys, so a run of
 * pipelined keyed commands shares one lock set and one atomic, durable write; other commands run
 * alone, in order.
 */
sealed interface Command {
  /**
   * A command on known keys; {@code op} reads and writes only those keys through the Txn. A
   * read-only one (GET, MGET, EXISTS, TTL, PTTL) must work in a read-only Txn.
   */
  record Keyed(List<byte[]> keys, boolean readOnly, Function<Txn, Reply> op) implements Command {}

  /** Anything else: server commands, keyspace walks, and replies to invalid commands. */
  record Standalone(Supplier<CompletableFuture<Reply>> run) implements Command {}

  static Command reply(Reply r) {
    return new Standalone(() -> CompletableFuture.completedFuture(r));
  }

  /**
   * Thrown by a read-only command that found something to write after all (an expired key to
   * remove): the batch is run again with its keys locked.
   */
  final class NeedsLocks extends RuntimeException {
    static final NeedsLocks INSTANCE = new NeedsLocks();

    private NeedsLocks() {
      super(null, null, false, false);
    }
  }

  /** The number of arguments was wrong for the command. */
  final class WrongArgs extends RuntimeException {
    WrongArgs() {
      super(null, null, false, false);
    }
  }

  /** An error reply; the message is sent as is. */
  final class Error extends RuntimeException {
    Error(String message) {
      super(message, null, false, false);
    }
  }
}
