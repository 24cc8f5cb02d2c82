package dev.orbit.node.cql;

import static dev.orbit.node.cql.SystemTable.t;
import static dev.orbit.node.cql.SystemTable.text;
import static dev.orbit.node.cql.SystemTable.textMap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code system_schema.*} and {@code system_virtual_schema.*}, computed from the live schema. */
final class SchemaTables {
  private final Schema schema;

  SchemaTables(Schema schema) {
    this.schema = schema;
  }

  /** The table, or null when it is not one of these. */
  SystemTable table(String ks, String name) {
    return switch (ks + "." + name) {
      case "system_schema.keyspaces" -> keyspaces();
      case "system_schema.tables" -> tables();
      case "system_schema.columns" -> columns();
      case "system_schema.indexes" ->
          new SystemTable(
              ks,
              name,
              List.of("keyspace_name", "table_name", "index_name", "kind", "options"),
              List.of(t("text"), t("text"), t("text"), t("text"), t("frozen<map<text,text>>")),
              indexRows());
      case "system_schema.types" ->
          new SystemTable(
              ks,
              name,
              List.of("keyspace_name", "type_name", "field_names", "field_types"),
              List.of(t("text"), t("text"), t("frozen<list<text>>"), t("frozen<list<text>>")),
              typeRows());
      case "system_schema.views",
          "system_schema.functions",
          "system_schema.aggregates",
          "system_schema.triggers",
          "system_schema.dropped_columns",
          "system_virtual_schema.keyspaces",
          "system_virtual_schema.tables",
          "system_virtual_schema.columns" ->
          SystemTable.empty(ks, name, List.of("keyspace_name"), List.of(t("text")));
      default -> null;
    };
  }

  private SystemTable keyspaces() {
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
    return new SystemTable(
        "system_schema",
        "keyspaces",
        List.of("keyspace_name", "durable_writes", "replication"),
        List.of(t("text"), t("boolean"), t("frozen<map<text,text>>")),
        rows);
  }

  private SystemTable tables() {
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
    return new SystemTable("system_schema", "tables", names, types, rows);
  }

  /** One row per secondary index, as Cassandra shows a built-in index on a regular column. */
  private List<byte[][]> typeRows() {
    CqlType textList = t("frozen<list<text>>");
    List<byte[][]> rows = new ArrayList<>();
    for (KeyspaceDef k : schema.keyspaces().values()) {
      for (CqlType u : k.types().values()) {
        List<byte[]> names = new ArrayList<>();
        List<byte[]> types = new ArrayList<>();
        for (int i = 0; i < u.params.size(); i++) {
          names.add(text(u.fieldNames.get(i)));
          types.add(text(u.params.get(i).cql()));
        }
        rows.add(
            new byte[][] {
              text(k.name()),
              text(u.name),
              Values.pack(textList, names),
              Values.pack(textList, types)
            });
      }
    }
    return rows;
  }

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

  private SystemTable columns() {
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
    return new SystemTable(
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
}
