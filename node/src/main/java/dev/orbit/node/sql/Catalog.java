package dev.orbit.node.sql;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orbit.node.storage.KeyValue;
import dev.orbit.node.storage.MergedScan;
import dev.orbit.node.storage.ProtocolStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live schema of every database, persisted as catalog records of the store ({@code 0x01 'd'
 * db}, {@code 0x01 't' db 0 table}, {@code 0x01 's' db 0 sequence}). Schema changes are serialized
 * on the catalog and durable before they return; {@link #version()} tells plans to recompile.
 */
public final class Catalog {
  static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  public static final String DEFAULT_DATABASE = "orbit";
  private static final byte[] ID_COUNTER = KeyCodec.meta('c', "ids");
  private static final long OID_BASE = 16384;

  /** Hidden row ids are never shown, so they reserve bigger blocks (fewer synced writes). */
  private static final long ROWID_CACHE = 1 << 16;

  private final ProtocolStore store;
  private final RetiredData retired;
  private final Map<String, Map<String, TableDef>> databases = new ConcurrentHashMap<>();
  private final Map<String, SequenceDef> sequences = new ConcurrentHashMap<>();
  private final Map<String, ViewDef> views = new ConcurrentHashMap<>();
  private final AtomicLong version = new AtomicLong();
  private long nextId;

  public Catalog(ProtocolStore store) {
    this.store = store;
    this.retired = new RetiredData(store);
    reload();
    // on a replica, schema changes arrive through the log; a new leader starts from what it holds
    store.events().onAppliedFromLog(new byte[] {KeyCodec.META}, this::reload);
    // (a replica receives the default database through the log)
    store.onLeading(
        "creating the default database",
        () -> {
          reload(); // also what an earlier attempt of unknown outcome wrote
          if (!databases.containsKey(DEFAULT_DATABASE)) {
            createDatabase(DEFAULT_DATABASE);
          }
        });
  }

  /** Reads the whole schema from this member's data (whatever its replication lag). */
  private synchronized void reload() {
    byte[] ids = store.getLocal(ID_COUNTER);
    nextId = ids == null ? 1 : ByteBuffer.wrap(ids).getLong();
    Map<String, Map<String, TableDef>> dbs = new java.util.HashMap<>();
    Map<String, SequenceDef> seqs = new java.util.HashMap<>();
    Map<String, ViewDef> vs = new java.util.HashMap<>();
    byte[] from = {KeyCodec.META};
    try (MergedScan scan = store.scanLocal(from, new byte[] {KeyCodec.META + 1})) {
      while (scan.hasNext()) {
        KeyValue kv = scan.next();
        char kind = (char) kv.key()[1];
        String name = new String(kv.key(), 2, kv.key().length - 2, StandardCharsets.UTF_8);
        if (kind == 'd') {
          dbs.putIfAbsent(name, new ConcurrentHashMap<>());
        } else if (kind == 't') {
          TableDef t = read(kv.value());
          String db = name.substring(0, name.indexOf('\0'));
          dbs.computeIfAbsent(db, d -> new ConcurrentHashMap<>()).put(t.name, t);
        } else if (kind == 's') {
          seqs.put(name, SequenceDef.decode(kv.value()));
        } else if (kind == 'v') {
          vs.put(name, readView(kv.value()));
        }
      }
    }
    databases.keySet().retainAll(dbs.keySet());
    databases.putAll(dbs);
    sequences.keySet().retainAll(seqs.keySet());
    sequences.putAll(seqs);
    views.keySet().retainAll(vs.keySet());
    views.putAll(vs);
    version.incrementAndGet();
  }

  private static ViewDef readView(byte[] json) {
    try {
      return JSON.readValue(json, ViewDef.class);
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt view definition", e);
    }
  }

  // ---- views ----

  /** The view {@code name} of {@code db}, or null. */
  ViewDef view(String db, String name) {
    return views.get(db + "\0" + name);
  }

  /** Views of {@code db}, by name. */
  List<ViewDef> views(String db) {
    List<ViewDef> out = new ArrayList<>();
    for (Map.Entry<String, ViewDef> e : new TreeMap<>(views).entrySet()) {
      if (e.getKey().startsWith(db + "\0")) {
        out.add(e.getValue());
      }
    }
    return out;
  }

  /** True when a table, sequence or view of {@code db} is called {@code name}. */
  boolean relationExists(String db, String name) {
    return find(db, name) != null || hasSequence(db, name) || view(db, name) != null;
  }

  /** Stores a new or replaced view (durable) and publishes it. */
  synchronized void saveView(String db, ViewDef v) {
    try {
      store.put(KeyCodec.meta('v', db + "\0" + v.name), JSON.writeValueAsBytes(v)).join();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    views.put(db + "\0" + v.name, v);
    version.incrementAndGet();
  }

  synchronized void dropView(String db, String name) {
    if (views.remove(db + "\0" + name) != null) {
      store.delete(KeyCodec.meta('v', db + "\0" + name)).durable().join();
      version.incrementAndGet();
    }
  }

  private static TableDef read(byte[] json) {
    try {
      TableDef t = JSON.readValue(json, TableDef.class);
      for (ColumnDef c : t.columns) {
        c.upgradeArrayType();
      }
      return t;
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt table definition", e);
    }
  }

  private static byte[] write(TableDef t) {
    try {
      return JSON.writeValueAsBytes(t);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public long version() {
    return version.get();
  }

  public boolean hasDatabase(String db) {
    return databases.containsKey(db);
  }

  public List<String> databaseNames() {
    return new ArrayList<>(new TreeMap<>(databases).keySet());
  }

  public synchronized void createDatabase(String db) {
    if (databases.containsKey(db)) {
      throw new SqlException("42P04", "database \"" + db + "\" already exists");
    }
    store.put(KeyCodec.meta('d', db), new byte[0]).join();
    databases.put(db, new ConcurrentHashMap<>());
    version.incrementAndGet();
  }

  public synchronized void dropDatabase(String db) {
    Map<String, TableDef> tables = databases.get(db);
    if (tables == null) {
      throw new SqlException("3D000", "database \"" + db + "\" does not exist");
    }
    for (TableDef t : new ArrayList<>(tables.values())) {
      dropTable(db, t);
    }
    for (String seq : sequenceNames(db)) {
      dropSequence(db, seq); // a new database of the same name starts without them
    }
    for (ViewDef v : views(db)) {
      dropView(db, v.name);
    }
    store.delete(KeyCodec.meta('d', db)).durable().join();
    databases.remove(db);
    version.incrementAndGet();
  }

  /** Tables of {@code db} by name (live view). */
  public Collection<TableDef> tables(String db) {
    Map<String, TableDef> m = databases.get(db);
    return m == null ? List.of() : new TreeMap<>(m).values();
  }

  public TableDef find(String db, String table) {
    Map<String, TableDef> m = databases.get(db);
    return m == null ? null : m.get(table);
  }

  public TableDef table(String db, String table) {
    TableDef t = find(db, table);
    if (t == null) {
      if (view(db, table) != null) {
        throw Views.notUpdatable(table, "writing or altering");
      }
      throw SqlException.undefinedTable(table);
    }
    return t;
  }

  synchronized long newId() {
    long id = nextId++;
    store.put(ID_COUNTER, ByteBuffer.allocate(8).putLong(nextId).array()).join();
    return id;
  }

  long oidOf(long id) {
    return OID_BASE + id;
  }

  /** Stores a new or changed definition (durable) and publishes it. */
  synchronized void save(String db, TableDef t, String previousName) {
    t.invalidate();
    List<byte[]> keys = new ArrayList<>();
    byte[] key = tableKey(db, t.name);
    keys.add(key);
    byte[] old =
        previousName != null && !previousName.equals(t.name) ? tableKey(db, previousName) : null;
    if (old != null) {
      keys.add(old);
    }
    store
        .atomically(
            keys,
            tx -> {
              tx.put(key, write(t));
              if (old != null) {
                tx.delete(old);
              }
              return null;
            })
        .durable()
        .join();
    Map<String, TableDef> m = databases.get(db);
    if (previousName != null) {
      m.remove(previousName);
      if (!previousName.equals(t.name)) {
        for (String seq : sequenceNames(db)) {
          if (previousName.equals(sequence(db, seq).ownedTable)) {
            alterSequence(db, seq, d -> d.ownedTable = t.name); // OWNED BY follows the rename
          }
        }
      }
    }
    m.put(t.name, t);
    version.incrementAndGet();
  }

  synchronized void dropTable(String db, TableDef t) {
    store.delete(tableKey(db, t.name)).durable().join();
    databases.get(db).remove(t.name);
    retire(t);
    for (ColumnDef c : t.columns) {
      if (c.defaultSql != null && c.defaultSql.startsWith("nextval('")) {
        String seq = sequenceOf(c.defaultSql);
        SequenceDef s = sequences.get(db + "\0" + seq);
        if (s != null && s.legacy) {
          dropSequence(db, seq); // stored before OWNED BY was recorded: serials only
        }
      }
    }
    for (String seq : sequenceNames(db)) {
      SequenceDef s = sequences.get(db + "\0" + seq);
      if (s != null && t.name.equals(s.ownedTable)) {
        dropSequence(db, seq);
      }
    }
    dropSequence("", rowIdSequence(t));
    version.incrementAndGet();
  }

  /** Removes rows and index entries of {@code t} (TRUNCATE, DROP). */
  void clearData(TableDef t) {
    byte[] rows = t.rowPrefix();
    store.clearRange(rows, Bytes.prefixEnd(rows)).join(); // visible once committed
    for (IndexDef ix : t.indexes) {
      clearIndex(ix);
    }
  }

  /**
   * Removes rows and index entries of {@code t} in the background: for a definition no longer in
   * the catalog (dropped, or replaced under a new table id).
   */
  void retire(TableDef t) {
    retired.clear(t.rowPrefix());
    for (IndexDef ix : t.indexes) {
      retired.clear(KeyCodec.indexPrefix(ix.id).toArray());
    }
  }

  /** Waits for the background removals of {@link #retire}. */
  void close() {
    retired.close();
  }

  void clearIndex(IndexDef ix) {
    byte[] p = KeyCodec.indexPrefix(ix.id).toArray();
    store.clearRange(p, Bytes.prefixEnd(p)).join();
  }

  private static byte[] tableKey(String db, String table) {
    return KeyCodec.meta('t', db + "\0" + table);
  }

  // ---- sequences ----

  static String sequenceOf(String nextvalSql) {
    int a = nextvalSql.indexOf('\'');
    int b = nextvalSql.indexOf('\'', a + 1);
    return nextvalSql.substring(a + 1, b);
  }

  static String rowIdSequence(TableDef t) {
    return "rowid:" + t.id;
  }

  public boolean hasSequence(String db, String name) {
    return sequences.containsKey(db + "\0" + name);
  }

  public List<String> sequenceNames(String db) {
    List<String> out = new ArrayList<>();
    for (String k : new TreeMap<>(sequences).keySet()) {
      if (k.startsWith(db + "\0")) {
        out.add(k.substring(db.length() + 1));
      }
    }
    return out;
  }

  /** Creates a sequence with {@code def}'s options, durable before it returns. */
  synchronized void createSequence(String db, String name, SequenceDef def) {
    String key = db + "\0" + name;
    if (sequences.containsKey(key)) {
      throw new SqlException("42P07", "relation \"" + name + "\" already exists");
    }
    store.put(KeyCodec.meta('s', key), def.encode(true)).join();
    sequences.put(key, def);
    version.incrementAndGet();
  }

  synchronized void createSequence(String db, String name) {
    createSequence(db, name, new SequenceDef());
  }

  /** The live definition of a sequence, or null. */
  SequenceDef sequence(String db, String name) {
    return sequences.get(db + "\0" + name);
  }

  private SequenceDef sequenceOrThrow(String db, String name) {
    SequenceDef s = sequences.get(db + "\0" + name);
    if (s == null) {
      throw new SqlException("42P01", "relation \"" + name + "\" does not exist");
    }
    return s;
  }

  /** Changes a sequence's options or state ({@code change} runs under its lock), durably. */
  void alterSequence(String db, String name, java.util.function.Consumer<SequenceDef> change) {
    SequenceDef s = sequenceOrThrow(db, name);
    synchronized (s) {
      SequenceDef copy = JSON.convertValue(s, SequenceDef.class);
      change.accept(copy);
      store.put(KeyCodec.meta('s', db + "\0" + name), copy.encode(true)).join();
      s.type = copy.type;
      s.increment = copy.increment;
      s.min = copy.min;
      s.max = copy.max;
      s.start = copy.start;
      s.cache = copy.cache;
      s.cycle = copy.cycle;
      s.ownedTable = copy.ownedTable;
      s.ownedColumn = copy.ownedColumn;
      s.comment = copy.comment;
      s.last = copy.last;
      s.called = copy.called;
      s.legacy = false;
      s.mustReserve = true;
    }
    version.incrementAndGet();
  }

  synchronized void dropSequence(String db, String name) {
    String key = db + "\0" + name;
    SequenceDef gone = sequences.remove(key);
    if (gone != null) {
      gone.dropped = true;
      store.delete(KeyCodec.meta('s', key)).durable().join();
      version.incrementAndGet();
    }
  }

  /** The next value; the persisted state moves ahead in blocks so values never repeat. */
  long nextval(String db, String name) {
    return advance(sequenceOrThrow(db, name), name, () -> db + "\0" + name);
  }

  /**
   * Hands out {@code s}'s next value; {@code key} names it in the store (built only when needed).
   */
  private long advance(SequenceDef s, String name, java.util.function.Supplier<String> key) {
    synchronized (s) {
      long v = s.next(name);
      if (s.pending) {
        try {
          store.put(KeyCodec.meta('s', key.get()), s.encode(false)).join();
          s.mustReserve = false;
        } catch (RuntimeException e) {
          s.mustReserve = true;
          throw e;
        } finally {
          s.pending = false;
        }
      }
      return v;
    }
  }

  long setval(String db, String name, long value) {
    return setval(db, name, value, true);
  }

  long setval(String db, String name, long value, boolean isCalled) {
    String key = db + "\0" + name;
    SequenceDef s = sequenceOrThrow(db, name);
    synchronized (s) {
      s.set(name, value, isCalled);
      store.put(KeyCodec.meta('s', key), s.encode(true)).join();
      return value;
    }
  }

  long rowId(TableDef t) {
    SequenceDef s = t.rowIds;
    if (s != null && !s.dropped) {
      return advance(s, "rowid", () -> "\0" + rowIdSequence(t));
    }
    String name = rowIdSequence(t);
    if (!hasSequence("", name)) {
      synchronized (this) {
        if (!hasSequence("", name)) {
          SequenceDef d = new SequenceDef();
          d.cache = ROWID_CACHE; // hidden row ids are never shown: bigger blocks, fewer writes
          createSequence("", name, d);
        }
      }
    }
    t.rowIds = sequences.get("\0" + name);
    return nextval("", name);
  }

  ProtocolStore store() {
    return store;
  }
}
