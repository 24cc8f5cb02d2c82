package dev.orbit.node.cql;

import com.datastax.oss.protocol.internal.response.Result;
import com.datastax.oss.protocol.internal.response.result.ColumnSpec;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A statement checked against the schema, ready to run with bound values. */
public interface Plan {
  /** The bind variables, in marker order. */
  List<ColumnSpec> variables();

  /** The columns of the rows it returns (empty when it returns none). */
  default List<ColumnSpec> resultColumns() {
    return List.of();
  }

  /** Indexes of the bind variables that give the partition key (for token-aware routing). */
  default int[] partitionKeyIndexes() {
    return new int[0];
  }

  /** True when it changes data (so it may join a batch). */
  default boolean isWrite() {
    return false;
  }

  CompletableFuture<Result> execute(Exec e);
}
