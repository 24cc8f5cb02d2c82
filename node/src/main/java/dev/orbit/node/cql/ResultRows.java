package dev.orbit.node.cql;

import com.datastax.oss.protocol.internal.response.result.ColumnSpec;
import com.datastax.oss.protocol.internal.response.result.DefaultRows;
import com.datastax.oss.protocol.internal.response.result.RowsMetadata;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;

/** ROWS results. */
final class ResultRows {
  private ResultRows() {}

  static DefaultRows of(List<ColumnSpec> cols, List<List<ByteBuffer>> rows, ByteBuffer paging) {
    return new DefaultRows(new RowsMetadata(cols, paging, null, null), new ArrayDeque<>(rows));
  }
}
