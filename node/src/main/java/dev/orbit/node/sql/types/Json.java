package dev.orbit.node.sql.types;

import dev.orbit.node.sql.SqlException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON text: a parser to a tree (Map, List, String, BigDecimal, Boolean, {@link #NULL}) with
 * PostgreSQL's error messages, and printers for json (as written) and jsonb (normalized: keys
 * sorted by length then bytes, last duplicate wins, "key": value spacing).
 */
public final class Json {
  /** JSON null (distinct from SQL NULL). */
  public static final Object NULL =
      new Object() {
        @Override
        public String toString() {
          return "null";
        }
      };

  private final String s;
  private int i;
  private int depth;

  private Json(String s) {
    this.s = s;
  }

  private SqlException error(String detail) {
    return new SqlException("22P02", "invalid input syntax for type json", detail);
  }

  /** Parses JSON text; {@code keepDuplicates} keeps every key of an object (json's view). */
  public static Object parse(String text) {
    Json p = new Json(text);
    p.skipWs();
    Object v = p.value();
    p.skipWs();
    if (p.i < p.s.length()) {
      throw p.error("Expected end of input, but found \"" + p.token() + "\".");
    }
    return v;
  }

  /** Parses and normalizes as jsonb does. */
  public static Object parseJsonb(String text) {
    return normalize(parse(text));
  }

  private void skipWs() {
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        i++;
      } else {
        break;
      }
    }
  }

  private String token() {
    int j = i;
    if (j >= s.length()) {
      return "";
    }
    char c = s.charAt(j);
    if (Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '+') {
      while (j < s.length()
          && (Character.isLetterOrDigit(s.charAt(j))
              || s.charAt(j) == '.'
              || s.charAt(j) == '-'
              || s.charAt(j) == '+')) {
        j++;
      }
      return s.substring(i, j);
    }
    return String.valueOf(c);
  }

  private Object value() {
    if (i >= s.length()) {
      throw error("The input string ended unexpectedly.");
    }
    if (++depth > 6400) {
      throw new SqlException("54001", "stack depth limit exceeded");
    }
    try {
      char c = s.charAt(i);
      switch (c) {
        case '{':
          return object();
        case '[':
          return array();
        case '"':
          return string();
        default:
          break;
      }
      if (c == '-' || (c >= '0' && c <= '9')) {
        return number();
      }
      String t = token();
      switch (t) {
        case "true":
          i += 4;
          return Boolean.TRUE;
        case "false":
          i += 5;
          return Boolean.FALSE;
        case "null":
          i += 4;
          return NULL;
        default:
          throw error("Token \"" + t + "\" is invalid.");
      }
    } finally {
      depth--;
    }
  }

  private Object object() {
    i++;
    Map<String, Object> m = new LinkedHashMap<>();
    List<Object[]> pairs = new ArrayList<>();
    skipWs();
    if (i < s.length() && s.charAt(i) == '}') {
      i++;
      return new JsonObject(pairs);
    }
    while (true) {
      skipWs();
      if (i >= s.length()) {
        throw error("The input string ended unexpectedly.");
      }
      if (s.charAt(i) != '"') {
        throw error("Expected string or \"}\", but found \"" + token() + "\".");
      }
      String k = string();
      skipWs();
      if (i >= s.length()) {
        throw error("The input string ended unexpectedly.");
      }
      if (s.charAt(i) != ':') {
        throw error("Expected \":\", but found \"" + token() + "\".");
      }
      i++;
      skipWs();
      Object v = value();
      pairs.add(new Object[] {k, v});
      m.put(k, v);
      skipWs();
      if (i >= s.length()) {
        throw error("The input string ended unexpectedly.");
      }
      char c = s.charAt(i);
      if (c == ',') {
        i++;
        continue;
      }
      if (c == '}') {
        i++;
        return new JsonObject(pairs);
      }
      throw error("Expected \",\" or \"}\", but found \"" + token() + "\".");
    }
  }

  private Object array() {
    i++;
    List<Object> l = new ArrayList<>();
    skipWs();
    if (i < s.length() && s.charAt(i) == ']') {
      i++;
      return l;
    }
    while (true) {
      skipWs();
      l.add(value());
      skipWs();
      if (i >= s.length()) {
        throw error("The input string ended unexpectedly.");
      }
      char c = s.charAt(i);
      if (c == ',') {
        i++;
        continue;
      }
      if (c == ']') {
        i++;
        return l;
      }
      throw error("Expected \",\" or \"]\", but found \"" + token() + "\".");
    }
  }

  private String string() {
    i++;
    StringBuilder b = new StringBuilder();
    while (true) {
      if (i >= s.length()) {
        throw error("The input string ended unexpectedly.");
      }
      char c = s.charAt(i++);
      if (c == '"') {
        return b.toString();
      }
      if (c < 0x20) {
        throw error(
            "Character with value 0x" + String.format("%02x", (int) c) + " must be escaped.");
      }
      if (c == '\\') {
        if (i >= s.length()) {
          throw error("The input string ended unexpectedly.");
        }
        char e = s.charAt(i++);
        switch (e) {
          case '"', '\\', '/' -> b.append(e);
          case 'b' -> b.append('\b');
          case 'f' -> b.append('\f');
          case 'n' -> b.append('\n');
          case 'r' -> b.append('\r');
          case 't' -> b.append('\t');
          case 'u' -> {
            if (i + 4 > s.length()) {
              throw error("\"\\u\" must be followed by four hexadecimal digits.");
            }
            int v = 0;
            for (int k = 0; k < 4; k++) {
              int h = Character.digit(s.charAt(i + k), 16);
              if (h < 0) {
                throw error("\"\\u\" must be followed by four hexadecimal digits.");
              }
              v = v * 16 + h;
            }
            i += 4;
            if (v == 0) {
              throw new SqlException(
                  "22P05",
                  "unsupported Unicode escape sequence",
                  "\\u0000 cannot be converted to text.");
            }
            b.append((char) v);
          }
          default -> throw error("Escape sequence \"\\" + e + "\" is invalid.");
        }
      } else {
        b.append(c);
      }
    }
  }

  private Object number() {
    int start = i;
    if (s.charAt(i) == '-') {
      i++;
    }
    int digits = i;
    while (i < s.length() && Character.isDigit(s.charAt(i))) {
      i++;
    }
    if (i == digits || i - digits > 1 && s.charAt(digits) == '0') {
      i = start; // no digits, or a leading zero ("01"), as PostgreSQL's lexer refuses
      throw error("Token \"" + token() + "\" is invalid.");
    }
    if (i < s.length() && s.charAt(i) == '.') {
      i++;
      int f = i;
      while (i < s.length() && Character.isDigit(s.charAt(i))) {
        i++;
      }
      if (i == f) {
        i = start;
        throw error("Token \"" + token() + "\" is invalid.");
      }
    }
    if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int e = i;
      while (i < s.length() && Character.isDigit(s.charAt(i))) {
        i++;
      }
      if (i == e) {
        i = start;
        throw error("Token \"" + token() + "\" is invalid.");
      }
    }
    if (i < s.length() && (Character.isLetter(s.charAt(i)))) {
      i = start;
      throw error("Token \"" + token() + "\" is invalid.");
    }
    return Numerics.normalizeScale(new BigDecimal(s.substring(start, i)));
  }

  /** A JSON object as written: its pairs in order (duplicates kept). */
  public record JsonObject(List<Object[]> pairs) {}

  /** jsonb's normal form: objects as sorted maps with unique keys. */
  public static Object normalize(Object v) {
    if (v instanceof JsonObject o) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (Object[] p : o.pairs()) {
        m.remove((String) p[0]);
        m.put((String) p[0], normalize(p[1]));
      }
      java.util.TreeMap<String, Object> sorted = new java.util.TreeMap<>(Json::compareKeys);
      sorted.putAll(m);
      return sorted;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object x : l) {
        out.add(normalize(x));
      }
      return out;
    }
    return v;
  }

  /** jsonb key order: shorter keys first, then by bytes. */
  public static int compareKeys(String a, String b) {
    byte[] x = a.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] y = b.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    if (x.length != y.length) {
      return Integer.compare(x.length, y.length);
    }
    return java.util.Arrays.compareUnsigned(x, y);
  }

  // ---- output ----

  /** jsonb text: {"a": 1, "b": [1, 2]}. */
  public static String toText(Object v) {
    StringBuilder b = new StringBuilder();
    write(b, v, false);
    return b.toString();
  }

  /** Compact text as json functions build it (json_build_object and kin use ", " and " : "). */
  static void write(StringBuilder b, Object v, boolean jsonStyle) {
    if (v == NULL || v == null) {
      b.append("null");
    } else if (v instanceof Boolean x) {
      b.append(x ? "true" : "false");
    } else if (v instanceof BigDecimal d) {
      b.append(Numerics.format(d));
    } else if (v instanceof String str) {
      quote(b, str);
    } else if (v instanceof Map<?, ?> m) {
      b.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) {
          b.append(", ");
        }
        first = false;
        quote(b, (String) e.getKey());
        b.append(": ");
        write(b, e.getValue(), jsonStyle);
      }
      b.append('}');
    } else if (v instanceof JsonObject o) {
      b.append('{');
      boolean first = true;
      for (Object[] p : o.pairs()) {
        if (!first) {
          b.append(", ");
        }
        first = false;
        quote(b, (String) p[0]);
        b.append(": ");
        write(b, p[1], jsonStyle);
      }
      b.append('}');
    } else if (v instanceof List<?> l) {
      b.append('[');
      for (int k = 0; k < l.size(); k++) {
        if (k > 0) {
          b.append(", ");
        }
        write(b, l.get(k), jsonStyle);
      }
      b.append(']');
    } else {
      quote(b, v.toString());
    }
  }

  public static void quote(StringBuilder b, String s) {
    b.append('"');
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }

  /** The jsonb type name of a node: object, array, string, number, boolean, null. */
  public static String typeName(Object v) {
    if (v instanceof Map || v instanceof JsonObject) {
      return "object";
    }
    if (v instanceof List) {
      return "array";
    }
    if (v instanceof String) {
      return "string";
    }
    if (v instanceof BigDecimal) {
      return "number";
    }
    if (v instanceof Boolean) {
      return "boolean";
    }
    return "null";
  }
}
