package dev.orbit.node.cql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.orbit.node.cql.Lexer.Kind;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * INSERT JSON: the JSON object becomes the INSERT of its columns, each value turned into the
 * literal Cassandra's fromJson accepts for the column's type (numbers or numeric strings for
 * numbers, strings for text, uuids, inets, dates, times and {@code 0x} blobs, a number of
 * milliseconds or a string for timestamps, arrays for lists, sets and tuples, objects for maps).
 */
final class JsonIn {
  private static final ObjectMapper JSON =
      JsonMapper.builder(
              com.fasterxml.jackson.core.JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxNestingDepth(64).build())
                  .build())
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private JsonIn() {}

  /** The INSERT the JSON text {@code json} stands for. */
  static Ast.Insert insert(TableDef t, Ast.InsertJson j, String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw CqlException.invalid(
          "Could not decode JSON string as a map: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw CqlException.invalid("Could not decode JSON string as a map: " + json);
    }
    List<String> cols = new ArrayList<>();
    List<Ast.Term> values = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      ColumnDef c = t.column(columnName(e.getKey()));
      if (c == null) {
        throw CqlException.invalid(
            "JSON values map contains unrecognized column: " + columnName(e.getKey()));
      }
      cols.add(c.name());
      try {
        values.add(term(e.getValue(), c.type()));
      } catch (CqlException x) {
        throw CqlException.invalid(
            "Error decoding JSON value for " + c.name() + ": " + x.getMessage());
      }
    }
    if (!j.defaultUnset()) {
      for (ColumnDef c : t.columns) {
        if (!c.isPrimaryKey() && !cols.contains(c.name())) {
          cols.add(c.name());
          values.add(new Ast.Null());
        }
      }
    }
    return new Ast.Insert(j.table(), cols, values, j.ifNotExists(), j.using());
  }

  /** fromJson(): the JSON text {@code json} as a literal of {@code type} (JSON null: null). */
  static Ast.Term fromJson(String json, CqlType type) {
    JsonNode v;
    try {
      v = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw CqlException.invalid(
          "Could not decode JSON string '" + json + "': " + e.getOriginalMessage());
    }
    if (v == null || v.isMissingNode()) {
      throw CqlException.invalid("Could not decode JSON string '" + json + "'");
    }
    return term(v, type);
  }

  /** The INSERT of every column as null: what a prepared INSERT JSON is checked with. */
  static Ast.Insert template(TableDef t, Ast.InsertJson j) {
    List<String> cols = new ArrayList<>();
    List<Ast.Term> values = new ArrayList<>();
    for (ColumnDef c : t.columns) {
      cols.add(c.name());
      values.add(new Ast.Null());
    }
    return new Ast.Insert(j.table(), cols, values, j.ifNotExists(), j.using());
  }

  /** A key as a column name: case-insensitive unless in double quotes, as Cassandra reads it. */
  private static String columnName(String key) {
    if (key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"")) {
      return key.substring(1, key.length() - 1).replace("\"\"", "\"");
    }
    return key.toLowerCase(Locale.ROOT);
  }

  private static Ast.Term term(JsonNode v, CqlType type) {
    if (v.isNull()) {
      return new Ast.Null();
    }
    return switch (type.kind) {
      case TEXT, ASCII -> new Ast.Literal(Kind.STRING, string(v));
      case INT, BIGINT, SMALLINT, TINYINT, VARINT, COUNTER -> {
        if (v.isIntegralNumber()) {
          yield new Ast.Literal(Kind.INTEGER, v.asText());
        }
        yield new Ast.Literal(Kind.INTEGER, string(v).trim());
      }
      case FLOAT, DOUBLE, DECIMAL ->
          v.isNumber()
              ? new Ast.Literal(v.isIntegralNumber() ? Kind.INTEGER : Kind.FLOAT, v.asText())
              : new Ast.Literal(Kind.FLOAT, string(v).trim());
      case BOOLEAN -> {
        if (v.isBoolean()) {
          yield new Ast.Literal(Kind.IDENT, v.asText());
        }
        String s = string(v).toLowerCase(Locale.ROOT);
        if (!s.equals("true") && !s.equals("false")) {
          throw CqlException.invalid("Unable to make boolean from '" + v.asText() + "'");
        }
        yield new Ast.Literal(Kind.IDENT, s);
      }
      case UUID, TIMEUUID -> new Ast.Literal(Kind.UUID, string(v));
      case BLOB -> {
        String s = string(v);
        if (!s.startsWith("0x")) {
          throw CqlException.invalid("String representation of blob is missing 0x prefix: " + s);
        }
        yield new Ast.Literal(Kind.HEX, s.substring(2));
      }
      case TIMESTAMP ->
          v.isIntegralNumber()
              ? new Ast.Literal(Kind.INTEGER, v.asText())
              : new Ast.Literal(Kind.STRING, string(v));
      case DATE, TIME, INET -> new Ast.Literal(Kind.STRING, string(v));
      case DURATION -> new Ast.Literal(Kind.DURATION, string(v));
      case LIST -> new Ast.ListLit(items(v, type.element()));
      case SET -> new Ast.SetLit(items(v, type.element()));
      case TUPLE -> {
        if (!v.isArray() || v.size() > type.params.size()) {
          throw CqlException.invalid("Expected a list of " + type.params.size() + " values");
        }
        List<Ast.Term> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
          out.add(term(v.get(i), type.params.get(i)));
        }
        yield new Ast.TupleLit(out);
      }
      case UDT -> udt(v, type);
      case MAP -> {
        if (!v.isObject()) {
          throw CqlException.invalid("Expected a map, but got a " + kind(v) + ": " + v);
        }
        List<Ast.Term> keys = new ArrayList<>();
        List<Ast.Term> vals = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          keys.add(mapKey(e.getKey(), type.element()));
          vals.add(term(e.getValue(), type.value()));
        }
        yield new Ast.MapLit(keys, vals);
      }
    };
  }

  /** A JSON object as a value of a user-defined type: keys are field names, read as columns. */
  private static Ast.Term udt(JsonNode v, CqlType type) {
    if (!v.isObject()) {
      throw CqlException.invalid("Expected a map, but got a " + kind(v) + ": " + v);
    }
    List<String> names = new ArrayList<>();
    List<Ast.Term> vals = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String n = columnName(e.getKey());
      int f = type.fieldNames.indexOf(n);
      if (f < 0) {
        throw CqlException.invalid(
            "Unknown field '" + n + "' in value of user defined type " + type.name);
      }
      names.add(n);
      vals.add(term(e.getValue(), type.params.get(f)));
    }
    return new Ast.UdtLit(names, vals);
  }

  /** A map key, always a JSON string: itself for text keys, else the JSON it holds. */
  private static Ast.Term mapKey(String key, CqlType type) {
    if (type.kind == CqlType.Kind.TEXT || type.kind == CqlType.Kind.ASCII) {
      return new Ast.Literal(Kind.STRING, key);
    }
    JsonNode parsed;
    try {
      parsed = JSON.readTree(key);
    } catch (JsonProcessingException e) {
      parsed = null;
    }
    if (parsed == null || parsed.isNull() || parsed.isMissingNode()) {
      parsed = JSON.getNodeFactory().textNode(key);
    }
    return term(parsed, type);
  }

  private static List<Ast.Term> items(JsonNode v, CqlType element) {
    if (!v.isArray()) {
      throw CqlException.invalid("Expected a list, but got a " + kind(v) + ": " + v);
    }
    List<Ast.Term> out = new ArrayList<>();
    for (JsonNode i : v) {
      out.add(term(i, element));
    }
    return out;
  }

  private static String string(JsonNode v) {
    if (!v.isTextual()) {
      throw CqlException.invalid("Expected a string, but got a " + kind(v) + ": " + v);
    }
    return v.asText();
  }

  private static String kind(JsonNode v) {
    if (v.isIntegralNumber()) {
      return "Integer";
    }
    if (v.isNumber()) {
      return "Double";
    }
    if (v.isBoolean()) {
      return "Boolean";
    }
    if (v.isArray()) {
      return "ArrayList";
    }
    return v.isObject() ? "LinkedHashMap" : "String";
  }
}
