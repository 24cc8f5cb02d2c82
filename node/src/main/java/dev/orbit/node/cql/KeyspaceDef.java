package dev.orbit.node.cql;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A keyspace: replication options (accepted and shown; one copy per store), its tables and its
 * user-defined types (resolved: each with its fields).
 */
public record KeyspaceDef(
    String name,
    Map<String, String> replication,
    boolean durableWrites,
    Map<String, TableDef> tables,
    Map<String, CqlType> types) {
  public KeyspaceDef {
    replication = Collections.unmodifiableMap(new java.util.LinkedHashMap<>(replication));
    tables = Collections.unmodifiableMap(new TreeMap<>(tables));
    types = Collections.unmodifiableMap(new TreeMap<>(types));
  }

  public KeyspaceDef withTables(Map<String, TableDef> t) {
    return new KeyspaceDef(name, replication, durableWrites, t, types);
  }

  public KeyspaceDef withTypes(Map<String, CqlType> t) {
    return new KeyspaceDef(name, replication, durableWrites, tables, t);
  }

  /** A column or field type of a statement on this keyspace, its user-defined types resolved. */
  public CqlType resolve(CqlType t) {
    return t.resolve(name, types::get);
  }
}
