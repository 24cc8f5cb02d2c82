package dev.orbit.node.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Types of array expressions as PostgreSQL resolves them: {@code ARRAY[1, 2]} is {@code int4[]},
 * {@code ARRAY[1, 2.5]} {@code numeric[]}, and a subscript of an {@code int4[]} is an {@code int4}.
 */
final class ArrayTypes {
  private ArrayTypes() {}

  /** Numeric types in the order PostgreSQL's common-type resolution widens them. */
  private static final List<PgType> NUMERIC_ORDER =
      List.of(PgType.INT2, PgType.INT4, PgType.INT8, PgType.NUMERIC, PgType.FLOAT4, PgType.FLOAT8);

  private static final List<PgType> DATETIME_ORDER =
      List.of(PgType.DATE, PgType.TIMESTAMP, PgType.TIMESTAMPTZ);

  /**
   * The type of {@code ARRAY[items]}: the array of the items' common type; text[] when they are
   * untyped, text-like, or mixed in a way this engine has no common type for (as before).
   */
  static PgType constructed(List<Expr> items) {
    PgType common = null;
    for (Expr x : items) {
      PgType t = x.type;
      if (t == PgType.UNKNOWN) {
        continue;
      }
      common = common == null ? t : common(common, t);
      if (common == null) {
        return PgType.TEXT_ARRAY;
      }
    }
    if (common == null || common.isText() && common != PgType.JSON && common != PgType.JSONB) {
      return PgType.TEXT_ARRAY;
    }
    PgType array = PgType.arrayOf(common);
    return array == null ? PgType.TEXT_ARRAY : array;
  }

  private static PgType common(PgType a, PgType b) {
    if (a == b) {
      return a;
    }
    for (List<PgType> order : List.of(NUMERIC_ORDER, DATETIME_ORDER)) {
      if (order.contains(a) && order.contains(b)) {
        return order.get(Math.max(order.indexOf(a), order.indexOf(b)));
      }
    }
    return a.isText() && b.isText() ? PgType.TEXT : null;
  }

  /** The elements of {@code ARRAY[…]}, each converted to the array's element type. */
  static List<Object> elements(List<Object> values, PgType array) {
    PgType e = array.element();
    if (e == null || e == PgType.TEXT) {
      return values;
    }
    List<Object> out = new ArrayList<>(values.size());
    for (Object v : values) {
      out.add(Values.coerce(v, e, -1));
    }
    return out;
  }

  /**
   * Whether values of {@code t} compare element by element in their element type (int[], date[] …),
   * so a stored value is read as a list of typed elements rather than compared as text.
   */
  static boolean comparesByElement(PgType t) {
    PgType e = t.element();
    return e != null && !e.isText() && e != PgType.BYTEA;
  }

  /** Array text as the list of its elements in the array's element type. */
  static List<Object> typedList(String text, PgType array) {
    List<Object> items = Functions.parseArray(text);
    List<Object> out = new ArrayList<>(items.size());
    for (Object v : items) {
      out.add(v == null ? null : Values.fromText(v.toString(), array.element()));
    }
    return out;
  }

  /**
   * A checked array value with elements in its element type where arrays of that type compare by
   * element ({@code '{1,2}'::int[] < '{1,10}'::int[]}); other values unchanged.
   */
  static Object typed(Object v, PgType array) {
    if (!(v instanceof List<?> l) || !comparesByElement(array)) {
      return v;
    }
    List<Object> out = new ArrayList<>(l.size());
    for (Object x : l) {
      out.add(x instanceof String s ? Values.fromText(s, array.element()) : x);
    }
    return out;
  }

  /**
   * {@code ||} with an array operand, as PostgreSQL's array_cat / array_append / array_prepend: an
   * untyped literal beside an array is an array; null when neither side is an array.
   */
  static Expr concat(Expr l, Expr r) {
    boolean la = l.type.isArray();
    boolean ra = r.type.isArray();
    if (!la && !ra) {
      return null;
    }
    PgType type;
    if (la && ra) {
      PgType e = common(l.type.element(), r.type.element());
      type = e == null ? null : PgType.arrayOf(e);
      if (type == null) {
        throw new SqlException(
            "42883", "operator does not exist: " + l.type.sqlName + " || " + r.type.sqlName);
      }
    } else {
      type = la ? l.type : r.type;
    }
    boolean leftArray = la || l.type == PgType.UNKNOWN;
    boolean rightArray = ra || r.type == PgType.UNKNOWN;
    return Expr.of(
        type,
        env -> {
          Object a = l.eval(env);
          Object b = r.eval(env);
          if (leftArray && rightArray) { // array_cat: NULL is an empty array here
            if (a == null || b == null) {
              return a == null ? (b == null ? null : items(b, type)) : items(a, type);
            }
            List<Object> out = new ArrayList<>(items(a, type));
            out.addAll(items(b, type));
            return out;
          }
          List<Object> out = new ArrayList<>();
          if (leftArray) { // array_append
            if (a != null) {
              out.addAll(items(a, type));
            }
            out.add(b == null ? null : Values.coerce(b, type.element(), -1));
          } else { // array_prepend
            out.add(a == null ? null : Values.coerce(a, type.element(), -1));
            if (b != null) {
              out.addAll(items(b, type));
            }
          }
          return out;
        });
  }

  private static List<Object> items(Object v, PgType array) {
    if (!(v instanceof List) && !v.toString().strip().startsWith("{")) {
      throw new SqlException("22P02", "malformed array literal: \"" + v + "\"");
    }
    if (!(v instanceof List) && ArrayElements.multidimensional(v.toString())) {
      throw SqlException.unsupported("|| on multidimensional arrays");
    }
    List<?> l = v instanceof List<?> x ? x : Functions.parseArray(v.toString());
    List<Object> out = new ArrayList<>(l.size());
    for (Object x : l) {
      out.add(x == null ? null : Values.coerce(x, array.element(), -1));
    }
    return out;
  }

  /** The element type a subscript of {@code array} yields. */
  static PgType elementOf(PgType array) {
    return array.isArray() ? array.element() : PgType.TEXT;
  }

  /** Element {@code k} (from 1) of an array value, in its element type; NULL out of bounds. */
  static Object element(Object array, long k, PgType elementType) {
    List<?> l = array instanceof List<?> list ? list : Functions.parseArray(array.toString());
    if (k < 1 || k > l.size()) {
      return null;
    }
    Object v = l.get((int) k - 1);
    return v == null ? null : Values.coerce(v, elementType, -1);
  }
}
