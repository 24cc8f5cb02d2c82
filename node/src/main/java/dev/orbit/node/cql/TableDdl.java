package dev.orbit.node.cql;

import com.datastax.oss.protocol.internal.response.Result;
import com.datastax.oss.protocol.internal.response.result.SchemaChange;
import com.datastax.oss.protocol.internal.response.result.Void;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Schema statements: keyspaces, tables, USE, TRUNCATE. */
/** Table statements: CREATE, ALTER, DROP TABLE and TRUNCATE. */
final class TableDdl {
  private static final String STATIC_NEEDS_CLUSTERING =
      "Static columns are only useful (and thus allowed) if the table has at least one clustering"
          + " column";

  private static final Set<String> TABLE_OPTIONS =
      Set.of(
          "comment",
          "default_time_to_live",
          "gc_grace_seconds",
          "bloom_filter_fp_chance",
          "caching",
          "compaction",
          "compression",
          "crc_check_chance",
          "memtable_flush_period_in_ms",
          "min_index_interval",
          "max_index_interval",
          "speculative_retry",
          "additional_write_policy",
          "read_repair",
          "cdc",
          "extensions");

  private final Schema schema;
  private final Store store;
  private final IndexDdl indexes;

  TableDdl(Schema schema, Store store, IndexDdl indexes) {
    this.schema = schema;
    this.store = store;
    this.indexes = indexes;
  }

  Result create(Ast.CreateTable c, Session session) {
    String ks = session.keyspaceOf(c.name());
    KeyspaceDef k = Ddl.requireKeyspace(schema, ks);
    Ddl.checkName(c.name().name(), "Table");
    if (k.tables().containsKey(c.name().name())) {
      if (c.ifNotExists()) {
        return Void.INSTANCE;
      }
      throw new CqlException.AlreadyExists(ks, c.name().name());
    }
    Map<String, Ast.ColumnDecl> decls = new LinkedHashMap<>();
    for (Ast.ColumnDecl raw : c.columns()) {
      Ast.ColumnDecl d = resolved(k, raw);
      if (decls.put(d.name(), d) != null) {
        throw CqlException.invalid(
            "Duplicate column '"
                + d.name()
                + "' declaration for table "
                + ks
                + "."
                + c.name().name());
      }
      boolean inKey = c.partitionKey().contains(d.name()) || c.clustering().contains(d.name());
      if (d.isStatic() && inKey) {
        throw CqlException.invalid(
            "Static column " + d.name() + " cannot be part of the PRIMARY KEY");
      }
      if (d.isStatic() && c.clustering().isEmpty()) {
        throw CqlException.invalid(STATIC_NEEDS_CLUSTERING);
      }
    }
    List<ColumnDef> cols = new ArrayList<>();
    int id = 1;
    for (int i = 0; i < c.partitionKey().size(); i++) {
      Ast.ColumnDecl d = keyDecl(decls, c.partitionKey().get(i));
      noDurationInKey(d);
      if (d.type().multiCell()) {
        throw CqlException.invalid(
            "Invalid non-frozen collection type for PRIMARY KEY component " + d.name());
      }
      cols.add(new ColumnDef(d.name(), d.type(), ColumnDef.Kind.PARTITION_KEY, i, false, id++));
    }
    for (int i = 0; i < c.clustering().size(); i++) {
      Ast.ColumnDecl d = keyDecl(decls, c.clustering().get(i));
      noDurationInKey(d);
      if (d.type().multiCell()) {
        throw CqlException.invalid(
            "Invalid non-frozen collection type for PRIMARY KEY component " + d.name());
      }
      if (!KeyLayout.orderable(d.type())) {
        throw CqlException.unsupported("clustering columns of type " + d.type().cql());
      }
      cols.add(
          new ColumnDef(
              d.name(),
              d.type(),
              ColumnDef.Kind.CLUSTERING,
              i,
              Boolean.TRUE.equals(c.descending().get(d.name())),
              id++));
    }
    for (String o : c.descending().keySet()) {
      if (!c.clustering().contains(o)) {
        throw CqlException.invalid(
            "Only clustering key columns can be defined in CLUSTERING ORDER directive");
      }
    }
    if (!c.descending().isEmpty()
        && !new ArrayList<>(c.descending().keySet())
            .equals(c.clustering().subList(0, c.descending().size()))) {
      throw CqlException.invalid(
          "The order of columns in the CLUSTERING ORDER directive must be the one of the clustering key");
    }
    List<String> others = new ArrayList<>(decls.keySet());
    others.removeAll(c.partitionKey());
    others.removeAll(c.clustering());
    java.util.Collections.sort(others);
    boolean counters = false;
    for (String n : others) {
      Ast.ColumnDecl d = decls.get(n);
      counters |= d.type().isCounter();
      ColumnDef.Kind kind = d.isStatic() ? ColumnDef.Kind.STATIC : ColumnDef.Kind.REGULAR;
      cols.add(new ColumnDef(n, d.type(), kind, -1, false, id++));
    }
    if (counters && others.stream().anyMatch(n -> !decls.get(n).type().isCounter())) {
      throw CqlException.invalid("Cannot mix counter and non counter columns in the same table");
    }
    for (ColumnDef pkc : cols) {
      if (pkc.isPrimaryKey() && pkc.type().isCounter()) {
        throw CqlException.invalid(
            "counter type is not supported for PRIMARY KEY column '" + pkc.name() + "'");
      }
    }
    Map<String, Object> options = options(c.options(), new HashMap<>());
    if (counters
        && options.containsKey("default_time_to_live")
        && !"0".equals(options.get("default_time_to_live").toString())) {
      throw CqlException.invalid("Cannot set default_time_to_live on a table with counters");
    }
    TableDef t =
        new TableDef(
            ks,
            c.name().name(),
            UUID.randomUUID(),
            schema.allocateNumber(),
            cols,
            options,
            List.of());
    schema.putTable(t);
    return new SchemaChange("CREATED", "TABLE", ks, t.name, null);
  }

  private static Ast.ColumnDecl keyDecl(Map<String, Ast.ColumnDecl> decls, String n) {
    Ast.ColumnDecl d = decls.get(n);
    if (d == null) {
      throw CqlException.invalid("Unknown definition " + n + " referenced in PRIMARY KEY");
    }
    return d;
  }

  private static Map<String, Object> options(Map<String, Object> given, Map<String, Object> base) {
    Map<String, Object> out = new LinkedHashMap<>(base);
    for (Map.Entry<String, Object> e : given.entrySet()) {
      if (!TABLE_OPTIONS.contains(e.getKey())) {
        throw CqlException.syntax("Unknown property '" + e.getKey() + "'");
      }
      if (e.getKey().equals("default_time_to_live")) {
        try {
          int ttl = Integer.parseInt(e.getValue().toString());
          if (ttl < 0 || ttl > 630720000) {
            throw CqlException.config(
                "default_time_to_live must be between 0 and 630720000, was " + ttl);
          }
        } catch (NumberFormatException ex) {
          throw CqlException.syntax(
              "Invalid integer value " + e.getValue() + " for 'default_time_to_live'");
        }
      }
      out.put(e.getKey(), e.getValue());
    }
    return out;
  }

  /**
   * The declaration with its user-defined types resolved; a non-frozen user type column (whose
   * fields Cassandra 5 updates one by one) is refused.
   */
  private static void noDurationInKey(Ast.ColumnDecl d) {
    if (d.type().hasDuration()) {
      throw CqlException.invalid(
          "duration type is not supported for PRIMARY KEY column '" + d.name() + "'");
    }
  }

  private static Ast.ColumnDecl resolved(KeyspaceDef k, Ast.ColumnDecl d) {
    CqlType t = k.resolve(d.type());
    if (t.isUdt() && !t.frozen) {
      throw CqlException.unsupported(
          "non-frozen user-defined type columns (declare "
              + d.name()
              + " frozen<"
              + t.cql()
              + ">)");
    }
    return new Ast.ColumnDecl(d.name(), t, d.isStatic());
  }

  TableDef require(Ast.QName n, Session session) {
    String ks = session.keyspaceOf(n);
    KeyspaceDef k = Ddl.requireKeyspace(schema, ks);
    TableDef t = k.tables().get(n.name());
    if (t == null) {
      throw CqlException.invalid("table " + n.name() + " does not exist");
    }
    return t;
  }

  Result alter(Ast.AlterTable a, Session session) {
    TableDef t = require(a.name(), session);
    List<ColumnDef> cols = new ArrayList<>(t.columns);
    int id = t.maxColumnId() + 1;
    KeyspaceDef k = schema.keyspace(t.keyspace);
    for (Ast.ColumnDecl raw : a.add()) {
      Ast.ColumnDecl d = resolved(k, raw);
      if (t.column(d.name()) != null) {
        throw CqlException.invalid("Column with name '" + d.name() + "' already exists");
      }
      if (d.isStatic() && t.clustering.isEmpty()) {
        throw CqlException.invalid(STATIC_NEEDS_CLUSTERING);
      }
      if (d.type().isCounter() != t.isCounterTable()) {
        throw CqlException.invalid("Cannot mix counter and non counter columns in the same table");
      }
      ColumnDef.Kind kind = d.isStatic() ? ColumnDef.Kind.STATIC : ColumnDef.Kind.REGULAR;
      cols.add(new ColumnDef(d.name(), d.type(), kind, -1, false, id++));
    }
    for (String n : a.drop()) {
      ColumnDef c = t.require(n);
      if (c.isPrimaryKey()) {
        throw CqlException.invalid("Cannot drop PRIMARY KEY part " + n);
      }
      if (t.indexOn(n) != null) {
        throw CqlException.invalid(
            "Cannot drop column "
                + n
                + " because it has dependent secondary indexes ("
                + t.indexOn(n).name()
                + ")");
      }
      cols.remove(c);
    }
    for (Map.Entry<String, String> r : a.rename().entrySet()) {
      ColumnDef c = t.require(r.getKey());
      if (!c.isPrimaryKey()) {
        throw CqlException.invalid("Cannot rename non PRIMARY KEY column " + c.name());
      }
      if (t.column(r.getValue()) != null) {
        throw CqlException.invalid(
            "Cannot rename column "
                + c.name()
                + " to "
                + r.getValue()
                + " in table "
                + t.name
                + "; another column with that name already exist");
      }
      cols.set(
          cols.indexOf(c),
          new ColumnDef(r.getValue(), c.type(), c.kind(), c.position(), c.descending(), c.id()));
    }
    List<ColumnDef> keyCols =
        new ArrayList<>(cols.stream().filter(ColumnDef::isPrimaryKey).toList());
    List<ColumnDef> regular =
        new ArrayList<>(cols.stream().filter(c -> !c.isPrimaryKey()).toList());
    regular.sort(java.util.Comparator.comparing(ColumnDef::name));
    keyCols.addAll(regular);
    schema.putTable(
        new TableDef(
            t.keyspace,
            t.name,
            t.id,
            t.number,
            keyCols,
            options(a.options(), t.options),
            t.indexes));
    return new SchemaChange("UPDATED", "TABLE", t.keyspace, t.name, null);
  }

  Result drop(Ast.DropTable d, Session session) {
    String ks = session.keyspaceOf(d.name());
    if (d.ifExists() && schema.table(ks, d.name().name()) == null) {
      return Void.INSTANCE;
    }
    TableDef t = require(d.name(), session);
    schema.dropTable(t.keyspace, t.name);
    clear(t);
    return new SchemaChange("DROPPED", "TABLE", t.keyspace, t.name, null);
  }

  Result truncate(Ast.Truncate tr, Session session) {
    TableDef t = require(tr.name(), session);
    clear(t);
    return Void.INSTANCE;
  }

  void clear(TableDef t) {
    byte[] p = KeyLayout.tablePrefix(t.number);
    store.store.clearRange(p, KeyLayout.after(p)).join();
    t.indexes.forEach(indexes::clear);
  }
}
