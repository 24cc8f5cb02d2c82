package dev.orbit.node.cql;

import com.datastax.oss.protocol.internal.response.result.ColumnSpec;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The system tables drivers read, computed from the live schema: {@code system.local}, {@code
 * system.peers(_v2)} (empty: one node per store until replication adds members), {@code
 * system_schema.*} and {@code system_virtual_schema.*}.
 */
final class SystemTables {
  static final Set<String> KEYSPACES =
      Set.of(
          "system",
          "system_schema",
          "system_virtual_schema",
          "system_auth",
          "system_distributed",
          "system_traces");
  static final String RELEASE_VERSION = "4.1.7";

  /** A computed table: columns and rows of serialized values. */
  record Table(
      String ks, String name, List<String> names, List<CqlType> types, List<byte[][]> rows) {}

  private final Schema schema;
  private final UUID hostId;
  private final String clusterName;

  SystemTables(Schema schema, UUID hostId, String clusterName) {
    this.schema = schema;
    this.hostId = hostId;
    this.clusterName = clusterName;
  }

  private static CqlType t(String cql) {
    return new Tokens(cql).type();
  }

  private static byte[] text(String s) {
    return s == null ? null : Values.ofText(s);
  }

  static byte[] textMap(Map<String, String> m) {
    List<byte[]> items = new ArrayList<>();
    new java.util.TreeMap<>(m)
        .forEach(
            (k, v) -> {
              items.add(text(k));
              items.add(text(v));
            });
    return Values.pack(t("map<text,text>"), items);
  }

  static byte[] textSet(List<String> s) {
    List<byte[]> items = new ArrayList<>();
    new java.util.TreeSet<>(s).forEach(x -> items.add(text(x)));
    return Values.pack(t("set<text>"), items);
  }

  /** The table, or null when it is not a system table Orbit computes. */
  Table table(String ks, String name, InetAddress local, int port) {
    return switch (ks + "." + name) {
      case "system.local" -> local(local, port);
      case "system.peers" ->
          new Table(
              ks,
              name,
              List.of(
                  "peer",
                  "data_center",
                  "host_id",
                  "preferred_ip",
                  "rack",
                  "release_version",
                  "rpc_address",
                  "schema_version",
                  "tokens"),
              List.of(
                  t("inet"),
                  t("text"),
                  t("uuid"),
                  t("inet"),
                  t("text"),
                  t("text"),
                  t("inet"),
                  t("uuid"),
                  t("set<text>")),
              List.of());
      case "system.peers_v2" ->
          new Table(
              ks,
              name,
              List.of(
                  "peer",
                  "peer_port",
                  "data_center",
                  "host_id",
                  "native_address",
                  "native_port",
                  "preferred_ip",
                  "preferred_port",
                  "rack",
                  "release_version",
                  "schema_version",
                  "tokens"),
              List.of(
                  t("inet"),
                  t("int"),
                  t("text"),
                  t("uuid"),
                  t("inet"),
                  t("int"),
                  t("inet"),
                  t("int"),
                  t("text"),
                  t("text"),
                  t("uuid"),
                  t("set<text>")),
              List.of());
      case "system_schema.keyspaces" -> keyspaces();
      case "system_schema.tables" -> tables();
      case "system_schema.columns" -> columns();
      case "system_schema.indexes" ->
          new Table(
              ks,
              name,
              List.of("keyspace_name", "table_name", "index_name", "kind", "options"),
              List.of(t("text"), t("text"), t("text"), t("text"), t("frozen<map<text,text>>")),
              indexRows());
      case "system_schema.types" ->
          new Table(
              ks,
              name,
              List.of("keyspace_name", "type_name", "field_names", "field_types"),
              List.of(t("text"), t("text"), t("frozen<list<text>>"), t("frozen<list<text>>")),
              List.of());
      case "system_schema.views",
          "system_schema.functions",
          "system_schema.aggregates",
          "system_schema.triggers",
          "system_schema.dropped_columns",
          "system_virtual_schema.keyspaces",
          "system_virtual_schema.tables",
          "system_virtual_schema.columns" ->
          new Table(ks, name, List.of("keyspace_name"), List.of(t("text")), List.of());
      default -> null;
    };
  }

  private Table local(InetAddress local, int port) {
    byte[] addr = local.getAddress();
    return new Table(
        "system",
        "local",
        List.of(
            "key",
            "bootstrapped",
            "broadcast_address",
            "broadcast_port",
            "cluster_name",
            "cql_version",
            "data_center",
            "host_id",
            "listen_address",
            "listen_port",
            "native_protocol_version",
            "partitioner",
            "rack",
            "release_version",
            "rpc_address",
            "rpc_port",
            "schema_version",
            "tokens"),
        List.of(
            t("text"),
            t("text"),
            t("inet"),
            t("int"),
            t("text"),
            t("text"),
            t("text"),
            t("uuid"),
            t("inet"),
            t("int"),
            t("text"),
            t("text"),
            t("text"),
            t("text"),
            t("inet"),
            t("int"),
            t("uuid"),
            t("set<text>")),
        List.<byte[][]>of(
            new byte[][] {
              text("local"),
              text("COMPLETED"),
              addr,
              Values.ofInt(7000),
              text(clusterName),
              text("3.4.6"),
              text("datacenter1"),
              Values.ofUuid(hostId),
              addr,
              Values.ofInt(7000),
              text("5"),
              text("org.apache.cassandra.dht.Murmur3Partitioner"),
              text("rack1"),
              text(RELEASE_VERSION),
              addr,
              Values.ofInt(port),
              Values.ofUuid(schema.version()),
              textSet(List.of("0"))
            }));
  }

  private Table keyspaces() {
    List<byte[][]> rows = new ArrayList<>();
    Map<String, KeyspaceDef> all = new java.util.TreeMap<>(schema.keyspaces());
    for (String sys : List.of("system", "system_schema")) {
      rows.add(
          new byte[][] {
            text(sys),
            Values.ofBoolean(true),
            textMap(Map.of("class", "org.apache.cassandra.locator.LocalStrategy"))
          });
    }
    for (KeyspaceDef k : all.values()) {
      rows.add(
          new byte[][] {
            text(k.name()), Values.ofBoolean(k.durableWrites()), textMap(k.replication())
          });
    }
    return new Table(
        "system_schema",
        "keyspaces",
        List.of("keyspace_name", "durable_writes", "replication"),
        List.of(t("text"), t("boolean"), t("frozen<map<text,text>>")),
        rows);
  }

  private Table tables() {
    List<byte[][]> rows = new ArrayList<>();
    for (KeyspaceDef k : schema.keyspaces().values()) {
      for (TableDef td : k.tables().values()) {
        List<byte[]> row = new ArrayList<>(List.of(text(k.name()), text(td.name)));
        row.addAll(TableOptionColumns.values(td));
        rows.add(row.toArray(new byte[0][]));
      }
    }
    List<String> names = new ArrayList<>(List.of("keyspace_name", "table_name"));
    names.addAll(TableOptionColumns.names());
    List<CqlType> types = new ArrayList<>(List.of(t("text"), t("text")));
    types.addAll(TableOptionColumns.types());
    return new Table("system_schema", "tables", names, types, rows);
  }

  /** One row per secondary index, as Cassandra shows a built-in index on a regular column. */
  private List<byte[][]> indexRows() {
    List<byte[][]> rows = new ArrayList<>();
    for (KeyspaceDef k : schema.keyspaces().values()) {
      for (TableDef td : k.tables().values()) {
        for (TableDef.IndexDef i : td.indexes) {
          rows.add(
              new byte[][] {
                text(k.name()),
                text(td.name),
                text(i.name()),
                text("COMPOSITES"),
                textMap(Map.of("target", i.column()))
              });
        }
      }
    }
    return rows;
  }

  private Table columns() {
    List<byte[][]> rows = new ArrayList<>();
    for (KeyspaceDef k : schema.keyspaces().values()) {
      for (TableDef td : k.tables().values()) {
        for (ColumnDef c : td.columns) {
          String order =
              c.kind() != ColumnDef.Kind.CLUSTERING ? "none" : c.descending() ? "desc" : "asc";
          rows.add(
              new byte[][] {
                text(k.name()),
                text(td.name),
                text(c.name()),
                text(order),
                Values.ofText(c.name()),
                text(c.kind().schemaName),
                Values.ofInt(c.position()),
                text(c.type().cql())
              });
        }
      }
    }
    return new Table(
        "system_schema",
        "columns",
        List.of(
            "keyspace_name",
            "table_name",
            "column_name",
            "clustering_order",
            "column_name_bytes",
            "kind",
            "position",
            "type"),
        List.of(
            t("text"), t("text"), t("text"), t("text"), t("blob"), t("text"), t("int"), t("text")),
        rows);
  }

  /** Runs a SELECT on a system table: projection and equality filters only. */
  static com.datastax.oss.protocol.internal.response.result.DefaultRows select(
      Table tb, Ast.Select s, Exec e, Vars vars) {
    List<Integer> idx = new ArrayList<>();
    List<ColumnSpec> specs = new ArrayList<>();
    if (s.selections().isEmpty()) {
      for (int i = 0; i < tb.names().size(); i++) {
        idx.add(i);
      }
    } else {
      for (Ast.Selection sel : s.selections()) {
        if (!(sel.selector() instanceof Ast.ColumnSel c)) {
          throw CqlException.unsupported("functions on system tables");
        }
        int i = tb.names().indexOf(c.column());
        if (i < 0) {
          throw CqlException.invalid(
              "Undefined column name " + c.column() + " in table " + tb.ks() + "." + tb.name());
        }
        idx.add(i);
      }
    }
    for (int i : idx) {
      specs.add(
          new ColumnSpec(
              tb.ks(), tb.name(), tb.names().get(i), specs.size(), tb.types().get(i).raw()));
    }
    List<List<ByteBuffer>> out = new ArrayList<>();
    rows:
    for (byte[][] row : tb.rows()) {
      for (Ast.Relation r : s.where()) {
        int i = tb.names().indexOf(r.column());
        if (r.token() || i < 0 || !(r.op().equals("=") || r.op().equals("in"))) {
          throw CqlException.unsupported("this WHERE clause on " + tb.ks() + "." + tb.name());
        }
        boolean match = false;
        List<Ast.Term> opts = r.in() != null ? r.in() : List.of(r.value());
        for (Ast.Term term : opts) {
          byte[] v = e.value(term, tb.types().get(i));
          match |= v != null && row[i] != null && java.util.Arrays.equals(v, row[i]);
        }
        if (!match) {
          continue rows;
        }
      }
      List<ByteBuffer> r = new ArrayList<>();
      for (int i : idx) {
        r.add(row[i] == null ? null : ByteBuffer.wrap(row[i]));
      }
      out.add(r);
    }
    return ResultRows.of(specs, out, null);
  }
}
