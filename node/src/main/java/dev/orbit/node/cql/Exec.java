package dev.orbit.node.cql;

import com.datastax.oss.protocol.internal.request.query.QueryOptions;
import java.nio.ByteBuffer;
import java.util.function.BooleanSupplier;

/** One execution of a statement: the session, bound values, paging options and clocks. */
public final class Exec {
  final Session session;
  final Terms.Bound bound;
  final int pageSize;
  final ByteBuffer pagingState;
  final long timestampMicros;
  final int nowSeconds;
  final BooleanSupplier cancelled;

  Exec(
      Session session,
      Terms.Bound bound,
      QueryOptions o,
      long timestampMicros,
      BooleanSupplier cancelled) {
    this.session = session;
    this.bound = bound;
    this.pageSize = o.pageSize <= 0 ? Integer.MAX_VALUE : o.pageSize;
    this.pagingState = o.pagingState;
    long defaultTs = o.defaultTimestamp;
    this.timestampMicros = defaultTs != Long.MIN_VALUE ? defaultTs : timestampMicros;
    this.nowSeconds =
        o.nowInSeconds != Integer.MIN_VALUE && o.nowInSeconds > 0
            ? o.nowInSeconds
            : (int) (System.currentTimeMillis() / 1000);
    this.cancelled = cancelled;
  }

  byte[] value(Ast.Term t, CqlType type) {
    return Terms.value(t, type, bound);
  }
}
