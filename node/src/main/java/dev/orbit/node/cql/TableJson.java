package dev.orbit.node.cql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A table definition as the JSON stored in the catalog. */
final class TableJson {
  private TableJson() {}

  static Map<String, Object> toMap(TableDef t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id.toString());
    m.put("number", t.number);
    List<Map<String, Object>> cols = new ArrayList<>();
    for (ColumnDef c : t.columns) {
      Map<String, Object> cm = new LinkedHashMap<>();
      cm.put("name", c.name());
      cm.put("type", c.type().cql());
      cm.put("kind", c.kind().name());
      cm.put("position", c.position());
      cm.put("desc", c.descending());
      cm.put("id", c.id());
      cols.add(cm);
    }
    m.put("columns", cols);
    m.put("options", t.options);
    List<Map<String, Object>> idx = new ArrayList<>();
    for (TableDef.IndexDef i : t.indexes) {
      idx.add(Map.of("name", i.name(), "column", i.column(), "number", i.number()));
    }
    m.put("indexes", idx);
    return m;
  }

  @SuppressWarnings("unchecked")
  static TableDef fromMap(
      String ks, String name, Map<String, Object> m, Map<String, CqlType> types) {
    List<ColumnDef> cols = new ArrayList<>();
    for (Map<String, Object> cm : (List<Map<String, Object>>) m.get("columns")) {
      cols.add(
          new ColumnDef(
              (String) cm.get("name"),
              new Tokens((String) cm.get("type")).type().resolve(ks, types::get),
              ColumnDef.Kind.valueOf((String) cm.get("kind")),
              ((Number) cm.get("position")).intValue(),
              Boolean.TRUE.equals(cm.get("desc")),
              ((Number) cm.get("id")).intValue()));
    }
    List<TableDef.IndexDef> idx = new ArrayList<>();
    for (Map<String, Object> im : (List<Map<String, Object>>) m.get("indexes")) {
      idx.add(
          new TableDef.IndexDef(
              (String) im.get("name"),
              (String) im.get("column"),
              ((Number) im.get("number")).intValue()));
    }
    return new TableDef(
        ks,
        name,
        UUID.fromString((String) m.get("id")),
        ((Number) m.get("number")).intValue(),
        cols,
        (Map<String, Object>) m.get("options"),
        idx);
  }
}
