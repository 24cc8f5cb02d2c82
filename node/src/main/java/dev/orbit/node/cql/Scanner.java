package dev.orbit.node.cql;

import com.datastax.oss.protocol.internal.response.Result;
import dev.orbit.node.storage.KeyValue;
import dev.orbit.node.storage.MergedScan;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs a {@link SelectPlan}: reads key ranges in order, applies partition deletions, expiry and
 * filters, and stops at the page size, handing back where to resume as the paging state.
 */
final class Scanner {
  private final Store store;
  private final SelectPlan plan;

  Scanner(Store store, SelectPlan plan) {
    this.store = store;
    this.plan = plan;
  }

  /** Where a page ended: the last key read, rows returned so far, rows of its partition. */
  private record Resume(byte[] lastKey, int returned, int inPartition) {
    ByteBuffer encode() {
      return ByteBuffer.allocate(12 + lastKey.length)
          .putInt(lastKey.length)
          .put(lastKey)
          .putInt(returned)
          .putInt(inPartition)
          .flip();
    }

    static Resume decode(ByteBuffer b) {
      try {
        ByteBuffer d = b.duplicate();
        byte[] k = new byte[d.getInt()];
        d.get(k);
        return new Resume(k, d.getInt(), d.getInt());
      } catch (RuntimeException ex) {
        throw CqlException.invalid("Invalid paging state");
      }
    }
  }

  /** State of one page being built. */
  private final class Page {
    final Exec e;
    final int limit;
    final int perPartition;
    final List<List<ByteBuffer>> rows = new ArrayList<>();
    final Aggregates agg;
    int returned;
    int inPartition;
    byte[] partition;
    long partitionDeletion = Row.NONE;
    byte[] lastKey;
    boolean full;

    Page(Exec e, Resume r) {
      this.e = e;
      this.limit = plan.intOf(plan.limit, e, "LIMIT");
      this.perPartition = plan.intOf(plan.perPartitionLimit, e, "PER PARTITION LIMIT");
      this.agg = plan.selection.aggregate ? new Aggregates(plan.selection) : null;
      if (r != null) {
        returned = r.returned();
        inPartition = r.inPartition();
        partition = Arrays.copyOf(r.lastKey(), KeyLayout.partitionLength(r.lastKey()));
        partitionDeletion = store.partitionDeletion(plan.table, partition);
      }
    }

    boolean done() {
      return full || returned >= limit;
    }

    /** Takes one stored record; false once the page is full. */
    void accept(KeyValue kv) {
      byte[] key = kv.key();
      int plen = KeyLayout.partitionLength(key);
      if (partition == null || !Arrays.equals(partition, 0, partition.length, key, 0, plen)) {
        partition = Arrays.copyOf(key, plen);
        inPartition = 0;
        partitionDeletion = Row.NONE;
      }
      if (key[plen] == KeyLayout.HEADER) {
        partitionDeletion = RowCodec.decode(kv.value(), plan.table).deletedAt;
        return;
      }
      if (inPartition >= perPartition || plan.distinct && inPartition > 0) {
        return;
      }
      Row row = RowCodec.decode(kv.value(), plan.table);
      row.applyPartitionDeletion(partitionDeletion);
      if (!row.live(e.nowSeconds)) {
        return;
      }
      List<byte[]> keyValues = RowReader.keyValues(plan.table, key);
      for (Filter f : plan.filters) {
        ColumnDef c = f.column();
        byte[] v =
            c.isPrimaryKey()
                ? keyValues.get(plan.table.columns.indexOf(c))
                : RowReader.cellValue(row, c, e.nowSeconds);
        if (!f.test(v, e)) {
          return;
        }
      }
      inPartition++;
      returned++;
      lastKey = key;
      byte[] pk = KeyLayout.pkOf(key);
      if (agg != null) {
        agg.add(row, keyValues, pk, e.nowSeconds);
      } else {
        rows.add(plan.selection.project(row, keyValues, pk, e.nowSeconds));
        if (rows.size() >= e.pageSize) {
          full = true;
        }
      }
    }
  }

  Result run(Exec e) {
    Resume resume = e.pagingState == null ? null : Resume.decode(e.pagingState);
    Page page = new Page(e, resume);
    for (byte[][] range : ranges(e)) {
      byte[] from = range[0];
      if (resume != null) {
        byte[] after = KeyLayout.concat(resume.lastKey(), new byte[] {0});
        if (range[1] != null && Arrays.compareUnsigned(after, range[1]) >= 0) {
          continue;
        }
        if (Arrays.compareUnsigned(after, from) > 0) {
          from = after;
        }
      }
      if (range[2].length > 0
          && (page.partition == null || !Arrays.equals(page.partition, range[2]))) {
        page.partition = range[2];
        page.inPartition = 0;
        page.partitionDeletion = store.partitionDeletion(plan.table, range[2]);
      }
      scan(page, from, range[1]);
      if (page.done()) {
        break;
      }
    }
    if (page.agg != null) {
      return ResultRows.of(plan.selection.specs(), List.of(page.agg.row()), null);
    }
    ByteBuffer paging =
        page.full && page.returned < page.limit
            ? new Resume(page.lastKey, page.returned, page.inPartition).encode()
            : null;
    return ResultRows.of(plan.selection.specs(), page.rows, paging);
  }

  private void scan(Page page, byte[] from, byte[] to) {
    try (MergedScan s = store.store.scan(from, to)) {
      int n = 0;
      while (s.hasNext() && !page.done()) {
        page.accept(s.next());
        if ((++n & 1023) == 0 && page.e.cancelled.getAsBoolean()) {
          throw CqlException.invalid("query cancelled: the client disconnected");
        }
      }
    }
  }

  /** Key ranges to read, in key order: {from, to (exclusive, null: open), partition or empty}. */
  private List<byte[][]> ranges(Exec e) {
    List<byte[][]> out = new ArrayList<>();
    TableDef t = plan.table;
    byte[] none = new byte[0];
    if (plan.partition.isEmpty()) {
      byte[] from = KeyLayout.tablePrefix(t.number);
      byte[] to = KeyLayout.after(from);
      for (Ast.Relation r : plan.tokenBounds) {
        byte[] v = e.value(r.value(), CqlType.of(CqlType.Kind.BIGINT));
        if (v == null) {
          throw CqlException.invalid("Invalid null value for partition key token");
        }
        long tok = Values.toLong(v);
        boolean inclusiveStart = r.op().equals(">=");
        switch (r.op()) {
          case ">", ">=" -> {
            byte[] f =
                tok == Long.MAX_VALUE && !inclusiveStart
                    ? to
                    : KeyLayout.tokenStart(t.number, inclusiveStart ? tok : tok + 1);
            if (Arrays.compareUnsigned(f, from) > 0) {
              from = f;
            }
          }
          default -> {
            byte[] u =
                r.op().equals("<=")
                    ? (tok == Long.MAX_VALUE ? to : KeyLayout.tokenStart(t.number, tok + 1))
                    : KeyLayout.tokenStart(t.number, tok);
            if (Arrays.compareUnsigned(u, to) < 0) {
              to = u;
            }
          }
        }
      }
      if (Arrays.compareUnsigned(from, to) < 0) {
        out.add(new byte[][] {from, to, none});
      }
      return out;
    }
    List<byte[]> parts = new ArrayList<>();
    for (List<byte[]> pk : KeyTerms.product(plan.partition, e)) {
      parts.add(KeyLayout.partition(t.number, KeyLayout.partitionKey(pk)));
    }
    parts.sort(Arrays::compareUnsigned);
    List<List<byte[]>> cks = KeyTerms.product(plan.clusteringEq, e);
    for (byte[] part : parts) {
      byte[] rows = KeyLayout.rowPrefix(part);
      for (List<byte[]> ck : cks) {
        byte[] prefix = KeyLayout.concat(rows, KeyTerms.clustering(t.clustering, ck));
        byte[][] r = slice(prefix, e);
        if (r != null) {
          out.add(new byte[][] {r[0], r[1], part});
        }
      }
    }
    return out;
  }

  /** The key range of rows under {@code prefix} within the slice bounds, or null when empty. */
  private byte[][] slice(byte[] prefix, Exec e) {
    byte[] from = prefix;
    byte[] to = KeyLayout.after(prefix);
    ColumnDef c = plan.sliceColumn;
    if (c == null) {
      return new byte[][] {from, to};
    }
    Ast.Relation lo = c.descending() ? plan.upper : plan.lower;
    Ast.Relation hi = c.descending() ? plan.lower : plan.upper;
    if (lo != null) {
      byte[] b = bound(prefix, c, lo, e);
      boolean inclusive = lo.op().endsWith("=");
      from = inclusive ? b : KeyLayout.after(b);
    }
    if (hi != null) {
      byte[] b = bound(prefix, c, hi, e);
      boolean inclusive = hi.op().endsWith("=");
      to = inclusive ? KeyLayout.after(b) : b;
    }
    return from == null || to != null && Arrays.compareUnsigned(from, to) >= 0
        ? null
        : new byte[][] {from, to};
  }

  private static byte[] bound(byte[] prefix, ColumnDef c, Ast.Relation r, Exec e) {
    byte[] v = e.value(r.value(), c.type());
    if (v == null || v == Terms.UNSET) {
      throw CqlException.invalid("Invalid null value for clustering column " + c.name());
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.writeBytes(prefix);
    KeyLayout.encode(c.type(), v, c.descending(), out);
    return out.toByteArray();
  }
}
