package dev.orbit.node.sql;

/** One column of a table, as stored in the catalog; the id names it in stored rows. */
public final class ColumnDef {
  public int id;
  public String name;
  public PgType type;

  /** varchar/char length, or numeric (precision << 16 | scale); -1 when unset. */
  public int typmod = -1;

  /** For an array column ({@code int[]}), its element type; null for text or older catalogs. */
  public PgType elementType;

  /** The element type's typmod ({@code numeric(5,2)[]}); -1 when unset. */
  public int elementTypmod = -1;

  public boolean notNull;

  /** The DEFAULT expression as SQL text, or null. */
  public String defaultSql;

  /** Identity column: "a" GENERATED ALWAYS, "d" BY DEFAULT, null for none (as attidentity). */
  public String identity;

  /** Text of the value rows written before this column was added read as, or null. */
  public String missingText;

  /** COMMENT ON COLUMN, or null. */
  public String comment;

  public ColumnDef() {}

  ColumnDef(int id, String name, PgType type, int typmod) {
    this.id = id;
    this.name = name;
    this.type = type;
    this.typmod = typmod;
  }

  /** The 428C9 failure for a value given to a GENERATED ALWAYS identity column. */
  SqlException generatedAlways(boolean update) {
    SqlException e =
        new SqlException(
            "428C9",
            update
                ? "column \"" + name + "\" can only be updated to DEFAULT"
                : "cannot insert a non-DEFAULT value into column \"" + name + "\"",
            "Column \"" + name + "\" is an identity column defined as GENERATED ALWAYS.");
    return update ? e : e.withHint("Use OVERRIDING SYSTEM VALUE to override.");
  }

  /**
   * A catalog written before array columns had their own types holds {@code int[]} as text[] with
   * its element type beside it: reads it as the array type it is ({@code _int4}), whose typmod is
   * the element's.
   */
  void upgradeArrayType() {
    if (type == PgType.TEXT_ARRAY && elementType != null && elementType != PgType.TEXT) {
      PgType array = PgType.arrayOf(elementType);
      if (array != null) {
        type = array;
        typmod = elementTypmod;
      }
    }
  }

  /** The type as format_type() prints it. */
  public String formatType() {
    if (type.isArray()) { // numeric(5,2)[]: the element's typmod, then the brackets
      return new ColumnDef(0, "", type.element(), typmod).formatType() + "[]";
    }
    if (typmod < 0) {
      return type.sqlName;
    }
    if (type == PgType.NUMERIC) {
      return "numeric(" + (typmod >> 16) + "," + (typmod & 0xFFFF) + ")";
    }
    return type.sqlName + "(" + typmod + ")";
  }
}
