package dev.orbit.node.cql;

import dev.orbit.node.storage.KeyValue;
import dev.orbit.node.storage.MergedScan;
import dev.orbit.node.storage.NotLeaderException;
import dev.orbit.node.storage.Record;
import dev.orbit.node.storage.StorageException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The expiry sweep: on a cadence, walks every table in slices and removes from storage what can
 * never show again ({@link Purge}): shadowed and expired cells, tombstones, range tombstones and
 * partition deletions older than the table's gc_grace_seconds, and the index entries of removed
 * cells. Every removal is a write through the store (so it replicates); only the leader sweeps. A
 * partition header's deletions are purged only after the rows they shadow were rewritten.
 */
public final class Sweeper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);

  /** Keys read per slice (and at most rewritten per write). */
  static final int SLICE = 1000;

  private final Store store;
  private final Schema schema;
  private final LongSupplier clock;
  private final ScheduledExecutorService timer;
  private final AtomicLong removed = new AtomicLong();
  private final AtomicLong rewritten = new AtomicLong();
  private volatile boolean closed;

  Sweeper(Store store, Schema schema, LongSupplier clockMillis) {
    this.store = store;
    this.schema = schema;
    this.clock = clockMillis;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "cql-sweeper");
              t.setDaemon(true);
              return t;
            });
  }

  /** Sweeps every {@code periodMillis}, the first time after one period. */
  public void start(long periodMillis) {
    timer.scheduleWithFixedDelay(this::round, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  /** Keys deleted and keys rewritten by the sweep since start. */
  public long[] counts() {
    return new long[] {removed.get(), rewritten.get()};
  }

  private void round() {
    try {
      sweepOnce();
    } catch (NotLeaderException e) {
      // a follower: the leader's sweep reaches it through the log
    } catch (StorageException | CqlException e) {
      if (!closed) {
        LOG.warn("cql: expiry sweep failed: {}", e.getMessage());
      }
    } catch (RuntimeException e) {
      if (!closed) {
        LOG.error("cql: expiry sweep failed", e);
      }
    }
  }

  /** One pass over every table; does nothing on a member that takes no writes. */
  public void sweepOnce() {
    if (!store.store.acceptsWrites()) {
      return;
    }
    for (KeyspaceDef ks : schema.keyspaces().values()) {
      for (TableDef t : ks.tables().values()) {
        if (closed) {
          return;
        }
        sweep(t);
      }
    }
  }

  private void sweep(TableDef t) {
    byte[] prefix = KeyLayout.tablePrefix(t.number);
    byte[] end = KeyLayout.after(prefix);
    byte[] from = prefix;
    Pass pass = new Pass(t);
    while (!closed) {
      List<KeyValue> slice = new ArrayList<>(SLICE);
      try (MergedScan s = store.store.scan(from, end)) {
        while (s.hasNext() && slice.size() < SLICE) {
          slice.add(s.next());
        }
      }
      for (KeyValue kv : slice) {
        pass.visit(kv);
      }
      pass.flush();
      if (slice.size() < SLICE) {
        break;
      }
      from = KeyLayout.concat(slice.get(slice.size() - 1).key(), new byte[1]);
    }
    pass.endPartition();
    pass.flush();
  }

  /** The state of one pass over a table: the current partition's header and the planned writes. */
  private final class Pass {
    private final TableDef table;
    private final int now = (int) (clock.getAsLong() / 1000);
    private final int gcGrace;
    private byte[] partition;
    private byte[] headerKey;
    private byte[] headerRaw;
    private Row header;

    /** Keys to purge, with the stored bytes the decision was made on. */
    private final Map<byte[], byte[]> planned = new LinkedHashMap<>();

    Pass(TableDef table) {
      this.table = table;
      Object g = table.options.get("gc_grace_seconds");
      this.gcGrace = g == null ? 864000 : Integer.parseInt(g.toString());
    }

    void visit(KeyValue kv) {
      byte[] key = kv.key();
      int plen = KeyLayout.partitionLength(key);
      if (partition == null || !Arrays.equals(partition, 0, plen, key, 0, plen)) {
        endPartition();
        partition = Arrays.copyOf(key, plen);
      }
      Row row = RowCodec.decode(kv.value(), table);
      if (key[plen] == KeyLayout.HEADER) {
        headerKey = key;
        headerRaw = kv.value();
        header = row;
        return; // purged once the partition's rows are
      }
      long shadow =
          header == null
              ? Row.NONE
              : header.deletionFor(Arrays.copyOfRange(key, plen + 1, key.length));
      if (Purge.purge(row, shadow, recordSeconds(key), now, gcGrace)) {
        planned.put(key, kv.value());
      }
      if (planned.size() >= SLICE) {
        flush();
      }
    }

    /** Plans the purge of the finished partition's header (its rows are planned or written). */
    void endPartition() {
      if (headerKey != null) {
        Row h = RowCodec.decode(headerRaw, table);
        if (Purge.purge(h, Row.NONE, recordSeconds(headerKey), now, gcGrace)) {
          flush(); // the rows first: a deletion goes only after what it shadows
          planned.put(headerKey, headerRaw);
        }
      }
      headerKey = null;
      headerRaw = null;
      header = null;
    }

    private long recordSeconds(byte[] key) {
      Record r = store.store.getRecord(key);
      return r == null ? Long.MAX_VALUE : r.writeTimeMillis() / 1000;
    }

    /** Writes the planned purges as one atomic write; keys changed since are left for later. */
    void flush() {
      if (planned.isEmpty()) {
        return;
      }
      Map<byte[], byte[]> todo = new LinkedHashMap<>(planned);
      planned.clear();
      store
          .atomically(
              todo.keySet(),
              txn -> {
                TableDef current = schema.table(table.keyspace, table.name);
                if (current == null || !current.id.equals(table.id)) {
                  return null; // dropped meanwhile: its data goes with it
                }
                for (Map.Entry<byte[], byte[]> e : todo.entrySet()) {
                  byte[] key = e.getKey();
                  byte[] raw = txn.get(key);
                  if (!Arrays.equals(raw, e.getValue())) {
                    continue; // written since it was read: the next pass decides
                  }
                  write(txn, current, key, raw);
                }
                return null;
              })
          .durable()
          .join();
    }

    private void write(dev.orbit.node.storage.Txn txn, TableDef t, byte[] key, byte[] raw) {
      Row before = RowCodec.decode(raw, t);
      Row after = RowCodec.decode(raw, t);
      int plen = KeyLayout.partitionLength(key);
      boolean isRow = key[plen] == KeyLayout.ROW;
      long shadow = Row.NONE;
      if (isRow) {
        byte[] h = txn.get(KeyLayout.header(Arrays.copyOf(key, plen)));
        if (h != null) {
          shadow = RowCodec.decode(h, t).deletionFor(Arrays.copyOfRange(key, plen + 1, key.length));
        }
      }
      Purge.purge(after, shadow, recordSeconds(key), now, gcGrace);
      if (Purge.empty(after)) {
        txn.delete(key);
        removed.incrementAndGet();
      } else {
        txn.put(key, RowCodec.encode(after));
        rewritten.incrementAndGet();
      }
      if (isRow && !t.indexes.isEmpty()) {
        IndexEntries.maintain(txn, t, key, IndexEntries.values(t, before), after);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    timer.shutdown(); // a pass stops at its next slice; wait so storage closes after it
    try {
      if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("cql: expiry sweep did not stop within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
