package dev.orbit.node.cql;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orbit.node.storage.KeyValue;
import dev.orbit.node.storage.MergedScan;
import dev.orbit.node.storage.ProtocolStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The user keyspaces and tables, kept as records of the cql store (so they replicate, tier and back
 * up with the data) and as an immutable snapshot in memory that queries read without locks.
 */
public final class Schema {
  private static final byte CATALOG = 'C';
  private static final byte[] NEXT_NUMBER = {CATALOG, 'n'};
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ProtocolStore store;
  private volatile Map<String, KeyspaceDef> keyspaces;
  private volatile UUID version;

  /**
   * Orders schema changes with data writes: a write holds it shared from reading the table's
   * definition to its commit, a change is published holding it exclusively. So a write planned
   * before CREATE INDEX has committed before the index build scans, and one that commits after sees
   * the index.
   */
  private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();

  public Schema(ProtocolStore store) {
    this.store = store;
    this.keyspaces = load();
    this.version = computeVersion(keyspaces);
    // on a replica, schema changes arrive through the log; a new leader starts from what it holds
    store.events().onAppliedFromLog(new byte[] {CATALOG}, this::reload);
    store
        .events()
        .onRoleChange(
            leader -> {
              if (leader) {
                reload();
              }
            });
  }

  /** Reads the schema again from this member's data (a replica follows the leader's DDL). */
  private synchronized void reload() {
    publish(new TreeMap<>(load()));
  }

  public Map<String, KeyspaceDef> keyspaces() {
    return keyspaces;
  }

  public KeyspaceDef keyspace(String name) {
    return keyspaces.get(name);
  }

  public UUID version() {
    return version;
  }

  public TableDef table(String ks, String name) {
    KeyspaceDef k = keyspaces.get(ks);
    return k == null ? null : k.tables().get(name);
  }

  /** Allocates a number for a new table's or index's key range (never reused). */
  public synchronized int allocateNumber() {
    return store
        .atomically(
            List.of(NEXT_NUMBER),
            t -> {
              byte[] cur = t.get(NEXT_NUMBER);
              int n = cur == null ? 1 : ByteBuffer.wrap(cur).getInt();
              t.put(NEXT_NUMBER, Values.ofInt(n + 1));
              return n;
            })
        .value();
  }

  /** Stores a keyspace (with its tables) and makes it visible. */
  public synchronized void putKeyspace(KeyspaceDef ks) {
    byte[] key = keyspaceKey(ks.name());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("replication", ks.replication());
    m.put("durable_writes", ks.durableWrites());
    write(key, json(m));
    for (TableDef t : ks.tables().values()) {
      write(tableKey(ks.name(), t.name), json(TableJson.toMap(t)));
    }
    Map<String, KeyspaceDef> next = new TreeMap<>(keyspaces);
    next.put(ks.name(), ks);
    publish(next);
  }

  public synchronized void putTable(TableDef t) {
    write(tableKey(t.keyspace, t.name), json(TableJson.toMap(t)));
    KeyspaceDef ks = keyspaces.get(t.keyspace);
    Map<String, TableDef> tables = new HashMap<>(ks.tables());
    tables.put(t.name, t);
    Map<String, KeyspaceDef> next = new TreeMap<>(keyspaces);
    next.put(ks.name(), ks.withTables(tables));
    publish(next);
  }

  /** Stores a user-defined type (resolved) in its keyspace and makes it visible. */
  public synchronized void putType(CqlType t) {
    List<String> types = new ArrayList<>();
    for (CqlType p : t.params) {
      types.add(p.cql());
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("fields", t.fieldNames);
    m.put("types", types);
    write(typeKey(t.keyspace, t.name), json(m));
    KeyspaceDef ks = keyspaces.get(t.keyspace);
    Map<String, CqlType> all = new HashMap<>(ks.types());
    all.put(t.name, t);
    Map<String, KeyspaceDef> next = new TreeMap<>(keyspaces);
    next.put(ks.name(), ks.withTypes(all));
    publish(next);
  }

  public synchronized void dropType(String ks, String name) {
    delete(typeKey(ks, name));
    KeyspaceDef k = keyspaces.get(ks);
    Map<String, CqlType> all = new HashMap<>(k.types());
    all.remove(name);
    Map<String, KeyspaceDef> next = new TreeMap<>(keyspaces);
    next.put(ks, k.withTypes(all));
    publish(next);
  }

  public synchronized void dropTable(String ks, String name) {
    delete(tableKey(ks, name));
    KeyspaceDef k = keyspaces.get(ks);
    Map<String, TableDef> tables = new HashMap<>(k.tables());
    tables.remove(name);
    Map<String, KeyspaceDef> next = new TreeMap<>(keyspaces);
    next.put(ks, k.withTables(tables));
    publish(next);
  }

  public synchronized void dropKeyspace(String ks) {
    for (String t : keyspaces.get(ks).tables().keySet()) {
      delete(tableKey(ks, t));
    }
    for (String t : keyspaces.get(ks).types().keySet()) {
      delete(typeKey(ks, t));
    }
    delete(keyspaceKey(ks));
    Map<String, KeyspaceDef> next = new TreeMap<>(keyspaces);
    next.remove(ks);
    publish(next);
  }

  /** Runs a data write with the schema held still; see {@link #gate}. */
  <T> T withStableSchema(Supplier<T> write) {
    gate.readLock().lock();
    try {
      return write.get();
    } finally {
      gate.readLock().unlock();
    }
  }

  private void publish(Map<String, KeyspaceDef> next) {
    UUID v = computeVersion(next);
    gate.writeLock().lock();
    try {
      keyspaces = java.util.Collections.unmodifiableMap(next);
      version = v;
    } finally {
      gate.writeLock().unlock();
    }
  }

  private void write(byte[] key, byte[] value) {
    store.put(key, value).join();
  }

  private void delete(byte[] key) {
    store.delete(key).durable().join();
  }

  private static byte[] json(Object o) {
    try {
      return JSON.writeValueAsBytes(o);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] keyspaceKey(String ks) {
    return KeyLayout.concat(
        new byte[] {CATALOG, 'k'}, (ks + "\0").getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] tableKey(String ks, String t) {
    return KeyLayout.concat(
        new byte[] {CATALOG, 't'}, (ks + "\0" + t).getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] typeKey(String ks, String t) {
    return KeyLayout.concat(
        new byte[] {CATALOG, 'y'}, (ks + "\0" + t).getBytes(StandardCharsets.UTF_8));
  }

  /** The schema this member holds, whatever its replication lag (a replica starts with it). */
  @SuppressWarnings("unchecked")
  private Map<String, KeyspaceDef> load() {
    Map<String, Map<String, Object>> ksJson = new TreeMap<>();
    Map<String, Map<String, Map<String, Object>>> tableJson = new HashMap<>();
    Map<String, Map<String, Map<String, Object>>> typeJson = new HashMap<>();
    byte[] from = {CATALOG};
    try (MergedScan scan = store.scanLocal(from, KeyLayout.after(from))) {
      while (scan.hasNext()) {
        KeyValue kv = scan.next();
        byte kind = kv.key()[1];
        if (kind != 'k' && kind != 't' && kind != 'y') {
          continue;
        }
        String name = new String(kv.key(), 2, kv.key().length - 2, StandardCharsets.UTF_8);
        Map<String, Object> m = JSON.readValue(kv.value(), Map.class);
        if (kind == 'k') {
          ksJson.put(name.substring(0, name.length() - 1), m);
        } else {
          String[] parts = name.split("\0", 2);
          (kind == 't' ? tableJson : typeJson)
              .computeIfAbsent(parts[0], k -> new HashMap<>())
              .put(parts[1], m);
        }
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot read the cql schema: " + e.getMessage(), e);
    }
    Map<String, KeyspaceDef> out = new TreeMap<>();
    ksJson.forEach(
        (name, m) -> {
          Map<String, CqlType> types =
              TypeJson.resolveAll(name, typeJson.getOrDefault(name, Map.of()));
          Map<String, TableDef> tables = new HashMap<>();
          tableJson
              .getOrDefault(name, Map.of())
              .forEach((t, tm) -> tables.put(t, TableJson.fromMap(name, t, tm, types)));
          out.put(
              name,
              new KeyspaceDef(
                  name,
                  (Map<String, String>) m.get("replication"),
                  Boolean.TRUE.equals(m.get("durable_writes")),
                  tables,
                  types));
        });
    return java.util.Collections.unmodifiableMap(out);
  }

  private static UUID computeVersion(Map<String, KeyspaceDef> keyspaces) {
    List<Object> all = new ArrayList<>();
    for (KeyspaceDef k : keyspaces.values()) {
      all.add(k.name());
      all.add(k.replication());
      k.types().forEach((n, t) -> all.add(n + " " + t.fieldNames + " " + t.params));
      for (TableDef t : k.tables().values()) {
        all.add(TableJson.toMap(t));
      }
    }
    return UUID.nameUUIDFromBytes(json(all));
  }
}
