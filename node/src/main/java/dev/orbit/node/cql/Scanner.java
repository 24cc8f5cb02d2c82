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

  /** Whether the query reads whole partitions, so a partition with only statics shows. */
  private boolean fullPartitions() {
    return plan.table.hasStatics()
        && plan.index == null
        && plan.sliceColumn == null
        && plan.clusteringEq.isEmpty()
        && plan.filters.stream()
            .allMatch(
                f ->
                    f.column().kind() == ColumnDef.Kind.STATIC
                        || f.column().kind() == ColumnDef.Kind.PARTITION_KEY);
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
  final class Page {
    final Exec e;
    final int limit;
    final int perPartition;
    final List<List<ByteBuffer>> rows = new ArrayList<>();
    final Aggregates agg;

    /** GROUP BY: the group being read; {@link #returned} counts finished groups. */
    final Groups groups;

    int returned;
    int inPartition;
    byte[] partition;
    long partitionDeletion = Row.NONE;

    /** The partition's static row (its header), with the partition deletion applied, or null. */
    Row statics;

    /** The partition shows as one row of its static values unless it has a live row. */
    boolean staticPending;

    byte[] lastKey;
    boolean full;

    Page(Exec e, Resume r) {
      this.e = e;
      int userLimit = plan.intOf(plan.limit, e, "LIMIT");
      // as in Cassandra, LIMIT caps the rows an aggregate returns (one), not the rows it reads
      this.limit = plan.selection.aggregate ? Integer.MAX_VALUE : userLimit;
      this.perPartition = plan.intOf(plan.perPartitionLimit, e, "PER PARTITION LIMIT");
      this.agg = plan.selection.aggregate ? new Aggregates(plan.selection) : null;
      this.groups = plan.groupPrefix > 0 ? new Groups(plan.selection, plan.groupPrefix) : null;
      if (r != null) {
        returned = r.returned();
        inPartition = r.inPartition();
        enterPartition(Arrays.copyOf(r.lastKey(), KeyLayout.partitionLength(r.lastKey())), null);
        inPartition = r.inPartition();
        staticPending = false;
      }
    }

    /** Starts a partition; its header is read from the store unless given. */
    void enterPartition(byte[] part, Row header) {
      partition = part;
      inPartition = 0;
      statics = header != null ? header : store.row(plan.table, KeyLayout.header(part));
      partitionDeletion = statics == null ? Row.NONE : statics.deletedAt;
      staticPending = statics != null && fullPartitions() && statics.live(e.nowSeconds);
    }

    /** Emits the static-only row of a partition that showed no live row, as Cassandra does. */
    void flushStatic() {
      if (!staticPending || inPartition > 0 || done()) {
        return;
      }
      staticPending = false;
      List<byte[]> keyValues =
          new ArrayList<>(
              KeyLayout.splitPartitionKey(
                  KeyLayout.pkOf(partition), plan.table.partitionKey.size()));
      plan.table.clustering.forEach(c -> keyValues.add(null));
      Row row = new Row();
      withStatics(row);
      if (passes(row, keyValues)) {
        emit(new Candidate(KeyLayout.header(partition), row, keyValues));
      }
    }

    /** Adds the partition's live static cells to a row read from it. */
    private void withStatics(Row row) {
      if (statics != null && plan.table.hasStatics()) {
        row.cells.putAll(statics.cells);
        row.collections.putAll(statics.collections);
      }
    }

    private boolean passes(Row row, List<byte[]> keyValues) {
      for (Filter f : plan.filters) {
        ColumnDef c = f.column();
        byte[] v =
            c.isPrimaryKey()
                ? keyValues.get(plan.table.columns.indexOf(c))
                : RowReader.cellValue(row, c, e.nowSeconds);
        if (!f.test(v, e)) {
          return false;
        }
      }
      return true;
    }

    boolean done() {
      return full || returned >= limit;
    }

    /** One stored row that passed deletion, expiry and filters. */
    record Candidate(byte[] key, Row row, List<byte[]> keyValues) {}

    /** Takes one stored record into the page. */
    void accept(KeyValue kv) {
      byte[] key = kv.key();
      if (partition != null
          && !Arrays.equals(
              partition, 0, partition.length, key, 0, KeyLayout.partitionLength(key))) {
        flushStatic();
        if (done()) {
          return; // the page resumes after the static row, so this record is read again
        }
      }
      Candidate c = qualify(kv);
      if (c != null) {
        emit(c);
      }
    }

    /** The record as a row this page may return, or null (header, deleted, expired, filtered). */
    Candidate qualify(KeyValue kv) {
      byte[] key = kv.key();
      int plen = KeyLayout.partitionLength(key);
      if (key[plen] == KeyLayout.HEADER) {
        Row header = RowCodec.decode(kv.value(), plan.table);
        header.applyPartitionDeletion(header.deletedAt);
        enterPartition(Arrays.copyOf(key, plen), header);
        return null;
      }
      if (partition == null || !Arrays.equals(partition, 0, partition.length, key, 0, plen)) {
        partition = Arrays.copyOf(key, plen);
        inPartition = 0;
        partitionDeletion = Row.NONE;
        statics = null;
        staticPending = false;
      }
      if (inPartition >= perPartition || plan.distinct && inPartition > 0) {
        return null;
      }
      Row row = RowCodec.decode(kv.value(), plan.table);
      row.applyPartitionDeletion(
          statics == null
              ? partitionDeletion
              : statics.deletionFor(Arrays.copyOfRange(key, plen + 1, key.length)));
      if (!row.live(e.nowSeconds)) {
        return null;
      }
      List<byte[]> keyValues = RowReader.keyValues(plan.table, key);
      withStatics(row);
      return passes(row, keyValues) ? new Candidate(key, row, keyValues) : null;
    }

    void emit(Candidate c) {
      if (groups != null && groups.endsBefore(c.keyValues())) {
        rows.add(plan.selection.finish(groups.close()));
        returned++;
        if (rows.size() >= e.pageSize) {
          full = true;
        }
        if (done()) {
          return; // the page resumes after the finished group's last row, so c is read again
        }
      }
      staticPending = false;
      inPartition++;
      returned++;
      lastKey = c.key();
      byte[] pk = KeyLayout.pkOf(c.key());
      if (groups != null) {
        returned--; // counted when the group finishes
        groups.add(c.row(), c.keyValues(), pk, e.nowSeconds);
      } else if (agg != null) {
        agg.add(c.row(), c.keyValues(), pk, e.nowSeconds);
      } else {
        rows.add(plan.selection.project(c.row(), c.keyValues(), pk, e.nowSeconds));
        if (rows.size() >= e.pageSize) {
          full = true;
        }
      }
    }

    /** Rows this page can still take from the current partition. */
    int room() {
      long n = Math.min((long) limit - returned, (long) perPartition - inPartition);
      n = Math.min(n, (long) e.pageSize - rows.size());
      return (int) Math.max(0, Math.min(n, plan.distinct ? 1 - inPartition : n));
    }
  }

  Result run(Exec e) {
    Resume resume = e.pagingState == null ? null : Resume.decode(e.pagingState);
    Page page = new Page(e, resume);
    if (plan.index != null) {
      indexScan(page, resume);
      return finish(page);
    }
    boolean reversed = plan.reversed && page.agg == null;
    List<byte[][]> ranges = ranges(e);
    if (reversed) {
      java.util.Collections.reverse(ranges);
    }
    for (byte[][] range : ranges) {
      byte[] from = range[0];
      byte[] to = range[1];
      if (resume != null && reversed) {
        if (Arrays.compareUnsigned(from, resume.lastKey()) >= 0) {
          continue;
        }
        if (to == null || Arrays.compareUnsigned(resume.lastKey(), to) < 0) {
          to = resume.lastKey();
        }
      } else if (resume != null) {
        byte[] after = KeyLayout.concat(resume.lastKey(), new byte[] {0});
        if (to != null && Arrays.compareUnsigned(after, to) >= 0) {
          continue;
        }
        if (Arrays.compareUnsigned(after, from) > 0) {
          from = after;
        }
      }
      if (range[2].length > 0
          && (page.partition == null || !Arrays.equals(page.partition, range[2]))) {
        page.enterPartition(range[2], null);
      }
      if (reversed) {
        ReverseScan.scan(store.store, page.room(), page::qualify, page.e.cancelled, from, to)
            .forEach(page::emit);
      } else {
        scan(page, from, to);
      }
      page.flushStatic();
      if (page.done()) {
        break;
      }
    }
    return finish(page);
  }

  private Result finish(Page page) {
    if (page.groups != null && !page.done() && page.groups.open()) {
      page.rows.add(plan.selection.finish(page.groups.close()));
      page.returned++;
    }
    if (page.agg != null) {
      return ResultRows.of(
          plan.selection.specs(), List.of(plan.selection.finish(page.agg.row())), null);
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

  /** Reads the rows that the index lists for the value, in row-key (token) order. */
  private void indexScan(Page page, Resume resume) {
    ColumnDef c = plan.table.column(plan.index.column());
    byte[] v = page.e.value(plan.indexRelation.value(), c.type());
    if (v == null || v == Terms.UNSET) {
      throw CqlException.invalid("Invalid null value in condition for column " + c.name());
    }
    byte[] prefix = IndexEntries.valuePrefix(plan.index.number(), v);
    byte[] from =
        resume == null
            ? prefix
            : KeyLayout.concat(KeyLayout.concat(prefix, resume.lastKey()), new byte[] {0});
    try (MergedScan s = store.store.scan(from, KeyLayout.after(prefix))) {
      int n = 0;
      while (s.hasNext() && !page.done()) {
        byte[] key = IndexEntries.rowKeyOf(s.next().key(), prefix.length);
        int plen = KeyLayout.partitionLength(key);
        if (page.partition == null
            || !Arrays.equals(page.partition, 0, page.partition.length, key, 0, plen)) {
          page.enterPartition(Arrays.copyOf(key, plen), null);
        }
        byte[] raw = store.store.get(key);
        if (raw != null) {
          page.accept(new KeyValue(key, raw));
        }
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
