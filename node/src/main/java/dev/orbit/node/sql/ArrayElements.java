package dev.orbit.node.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks and normalises the elements of a typed array ({@code int[]}, {@code float8[]} …), which
 * the engine stores as a text array: each non-NULL element goes through the element type's scalar
 * input conversion (so {@code '{1.5}'::int[]} fails exactly like {@code '1.5'::int}) and is kept in
 * that type's output form ({@code '{1.10}'::float8[]} is {@code {1.1}}).
 */
final class ArrayElements {
  private ArrayElements() {}

  /** Coerces an array value (array text or a list) to an array of {@code element}; null stays. */
  static Object coerce(Object v, PgType element, int typmod) {
    if (v == null || element == null || passesThrough(element, typmod)) {
      return v;
    }
    refuseUnconvertible(element);
    if (v instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object e : list) {
        out.add(
            e instanceof String s ? convert(s, element, typmod) : convertTyped(e, element, typmod));
      }
      return out;
    }
    String text = v.toString();
    if (multidimensional(text)) {
      throw SqlException.unsupported(
          "a multidimensional or bounds-decorated array of type " + element.sqlName);
    }
    List<Object> parsed = Functions.parseArray(text);
    List<Object> out = new ArrayList<>(parsed.size());
    for (Object e : parsed) {
      out.add(e == null ? null : convert(e.toString(), element, typmod));
    }
    return Values.toText(out, PgType.TEXT_ARRAY);
  }

  /**
   * Whether array text has bounds ({@code [1:2]={…}}) or a nested, unquoted brace ({@code
   * {{1,2}}}); a brace inside a quoted element ({@code {"{\"a\":1}"}} of a jsonb[]) is data.
   */
  static boolean multidimensional(String text) {
    String t = text.trim();
    if (t.startsWith("[")) {
      return true;
    }
    boolean quoted = false;
    for (int i = 1; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == '{' && !quoted) {
        return true;
      }
    }
    return false;
  }

  /** Text-like elements are stored as given, as before. */
  private static boolean passesThrough(PgType element, int typmod) {
    return element == PgType.TEXT
        || element == PgType.TEXT_ARRAY
        || element == PgType.NAME
        || (element == PgType.VARCHAR || element == PgType.BPCHAR) && typmod < 0;
  }

  /** Element types with no scalar conversion here are refused rather than passed through. */
  private static void refuseUnconvertible(PgType element) {
    switch (element) {
      case BOOL,
          BYTEA,
          INT2,
          INT4,
          INT8,
          OID,
          FLOAT4,
          FLOAT8,
          NUMERIC,
          DATE,
          TIMESTAMP,
          TIMESTAMPTZ,
          UUID,
          JSON,
          JSONB -> {}
      default -> throw SqlException.unsupported("arrays of type " + element.sqlName);
    }
  }

  private static String convert(String s, PgType element, int typmod) {
    // array_in drops the blanks around an unquoted element before the element's input function
    return Values.toText(Values.coerce(s.strip(), element, typmod), element);
  }

  private static Object convertTyped(Object e, PgType element, int typmod) {
    return e == null ? null : Values.coerce(e, element, typmod);
  }
}
