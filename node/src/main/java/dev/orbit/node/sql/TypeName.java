package dev.orbit.node.sql;

import java.util.Locale;

/**
 * A SQL type as written ({@code varchar(10)}, {@code numeric(10,2)}, {@code serial}); an array type
 * ({@code int[]}) is its PostgreSQL array type ({@code _int4}, values kept in array text form) and
 * keeps its element type, with the element's typmod, in {@code element}.
 */
record TypeName(PgType type, int typmod, boolean serial, TypeName element) {
  TypeName(PgType type, int typmod, boolean serial) {
    this(type, typmod, serial, null);
  }

  static TypeName parse(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    if (s.endsWith("[]")) {
      String element = s.substring(0, s.indexOf('[')).replaceAll("\\s*\\(\\s*", "(").trim();
      refuseLengthLimitedElements(element);
      TypeName e;
      try {
        e = parse(element);
      } catch (SqlException unknown) {
        throw SqlException.unsupported("type " + element + "[]");
      }
      PgType array = PgType.arrayOf(e.type);
      if (e.serial || e.element != null) {
        throw SqlException.unsupported("type " + element + "[]");
      }
      if (array == null) {
        // no array type here for this element: refused rather than reported as another type
        throw SqlException.unsupported("arrays of type " + e.type.sqlName);
      }
      // an array column's typmod is its element's, as in pg_attribute (numeric(5,2)[])
      return new TypeName(array, e.typmod, false, e);
    }
    String base = s;
    String args = null;
    int open = s.indexOf('(');
    if (open >= 0) {
      int close = s.indexOf(')', open);
      if (close < 0) {
        throw new SqlException("42601", "syntax error in type \"" + text + "\"");
      }
      args = s.substring(open + 1, close).trim();
      base = (s.substring(0, open).trim() + " " + s.substring(close + 1).trim()).trim();
    }
    PgType t = PgType.byName(base);
    boolean serial = base.endsWith("serial") || base.matches("serial[248]");
    int typmod = -1;
    if (args != null && !args.isEmpty()) {
      String[] parts = args.split("\\s*,\\s*");
      int a;
      int scale;
      try {
        a = Integer.parseInt(parts[0]);
        scale = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
      } catch (NumberFormatException e) {
        throw new SqlException("42601", "syntax error in type \"" + text + "\"");
      }
      if (t == PgType.NUMERIC) {
        typmod = (a << 16) | scale;
      } else if (t == PgType.VARCHAR || t == PgType.BPCHAR) {
        typmod = a;
      }
    } else if (t == PgType.BPCHAR && !base.startsWith("bpchar")) {
      typmod = 1;
    }
    if (t.isArray()) { // _int4 and the like, as pg_type names them
      return new TypeName(t, -1, false, new TypeName(t.element(), -1, false));
    }
    return new TypeName(t, typmod, serial);
  }

  /**
   * Arrays are stored as text arrays, so an element length limit ({@code char(5)[]}, {@code
   * varchar(5)[]}, {@code char[]} = {@code char(1)[]}, {@code "char"[]}) would not be checked,
   * truncated nor blank-padded: refused rather than storing what PostgreSQL rejects.
   */
  private static void refuseLengthLimitedElements(String element) {
    TypeName e;
    try {
      e = parse(element);
    } catch (SqlException unknownElement) {
      return;
    }
    if (e.type == PgType.CHAR
        || (e.type == PgType.BPCHAR || e.type == PgType.VARCHAR) && e.typmod > 0) {
      throw SqlException.unsupported("type " + element + "[] (a length-limited character array)");
    }
  }
}
