package dev.orbit.node.cql;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** A keyspace: replication options (accepted and shown; one copy per store), and its tables. */
public record KeyspaceDef(
    String name,
    Map<String, String> replication,
    boolean durableWrites,
    Map<String, TableDef> tables) {
  public KeyspaceDef {
    replication = Collections.unmodifiableMap(new java.util.LinkedHashMap<>(replication));
    tables = Collections.unmodifiableMap(new TreeMap<>(tables));
  }

  public KeyspaceDef withTables(Map<String, TableDef> t) {
    return new KeyspaceDef(name, replication, durableWrites, t);
  }
}
