package dev.orbit.node.sql;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The PostgreSQL types this engine stores and returns, with their OIDs and catalog names. */
public enum PgType {
  BOOL(16, "bool", "boolean", 1),
  BYTEA(17, "bytea", "bytea", -1),
  CHAR(18, "char", "\"char\"", 1),
  NAME(19, "name", "name", 64),
  INT8(20, "int8", "bigint", 8),
  INT2(21, "int2", "smallint", 2),
  INT4(23, "int4", "integer", 4),
  REGPROC(24, "regproc", "regproc", 4),
  TEXT(25, "text", "text", -1),
  OID(26, "oid", "oid", 4),
  JSON(114, "json", "json", -1),
  FLOAT4(700, "float4", "real", 4),
  FLOAT8(701, "float8", "double precision", 8),
  UNKNOWN(705, "unknown", "unknown", -2),
  BPCHAR(1042, "bpchar", "character", -1),
  VARCHAR(1043, "varchar", "character varying", -1),
  DATE(1082, "date", "date", 4),
  TIMESTAMP(1114, "timestamp", "timestamp without time zone", 8),
  TIMESTAMPTZ(1184, "timestamptz", "timestamp with time zone", 8),
  NUMERIC(1700, "numeric", "numeric", -1),
  REGCLASS(2205, "regclass", "regclass", 4),
  REGTYPE(2206, "regtype", "regtype", 4),
  REGNAMESPACE(4089, "regnamespace", "regnamespace", 4),
  REGPROCEDURE(2202, "regprocedure", "regprocedure", 4),
  UUID(2950, "uuid", "uuid", 16),
  JSONB(3802, "jsonb", "jsonb", -1),
  INT2VECTOR(22, "int2vector", "int2vector", -1),
  OIDVECTOR(30, "oidvector", "oidvector", -1),
  // array types (pg_type typcategory 'A'), each naming its element type's OID
  BOOL_ARRAY(1000, "_bool", "boolean[]", -1, 16),
  BYTEA_ARRAY(1001, "_bytea", "bytea[]", -1, 17),
  NAME_ARRAY(1003, "_name", "name[]", -1, 19),
  INT2_ARRAY(1005, "_int2", "smallint[]", -1, 21),
  INT4_ARRAY(1007, "_int4", "integer[]", -1, 23),
  TEXT_ARRAY(1009, "_text", "text[]", -1, 25),
  BPCHAR_ARRAY(1014, "_bpchar", "character[]", -1, 1042),
  VARCHAR_ARRAY(1015, "_varchar", "character varying[]", -1, 1043),
  INT8_ARRAY(1016, "_int8", "bigint[]", -1, 20),
  FLOAT4_ARRAY(1021, "_float4", "real[]", -1, 700),
  FLOAT8_ARRAY(1022, "_float8", "double precision[]", -1, 701),
  OID_ARRAY(1028, "_oid", "oid[]", -1, 26),
  TIMESTAMP_ARRAY(1115, "_timestamp", "timestamp without time zone[]", -1, 1114),
  DATE_ARRAY(1182, "_date", "date[]", -1, 1082),
  TIMESTAMPTZ_ARRAY(1185, "_timestamptz", "timestamp with time zone[]", -1, 1184),
  NUMERIC_ARRAY(1231, "_numeric", "numeric[]", -1, 1700),
  UUID_ARRAY(2951, "_uuid", "uuid[]", -1, 2950),
  JSON_ARRAY(199, "_json", "json[]", -1, 114),
  JSONB_ARRAY(3807, "_jsonb", "jsonb[]", -1, 3802);

  public final int oid;

  /** The name in pg_type.typname. */
  public final String typname;

  /** The name format_type() prints. */
  public final String sqlName;

  public final int typlen;

  /** For an array type, its element type's OID; 0 otherwise. */
  private final int elementOid;

  PgType(int oid, String typname, String sqlName, int typlen) {
    this.oid = oid;
    this.typname = typname;
    this.sqlName = sqlName;
    this.typlen = typlen;
    this.elementOid = 0;
  }

  PgType(int oid, String typname, String sqlName, int typlen, int elementOid) {
    this.oid = oid;
    this.typname = typname;
    this.sqlName = sqlName;
    this.typlen = typlen;
    this.elementOid = elementOid;
  }

  private static final Map<PgType, PgType> ARRAY_OF = new HashMap<>();

  private static final Map<Integer, PgType> BY_OID = new HashMap<>();
  private static final Map<String, PgType> BY_NAME = new HashMap<>();

  static {
    for (PgType t : values()) {
      BY_OID.put(t.oid, t);
    }
    for (PgType t : values()) {
      if (t.isArray()) {
        ARRAY_OF.put(t.element(), t);
      }
    }
    for (PgType t : values()) {
      BY_NAME.put(t.typname, t);
      BY_NAME.put(t.sqlName, t);
    }
    String[][] aliases = {
      {"integer", "int4"},
      {"int", "int4"},
      {"smallint", "int2"},
      {"bigint", "int8"},
      {"serial", "int4"},
      {"serial4", "int4"},
      {"bigserial", "int8"},
      {"serial8", "int8"},
      {"smallserial", "int2"},
      {"serial2", "int2"},
      {"real", "float4"},
      {"double precision", "float8"},
      {"double", "float8"},
      {"float", "float8"},
      {"decimal", "numeric"},
      {"boolean", "bool"},
      {"character varying", "varchar"},
      {"character", "bpchar"},
      {"char", "bpchar"},
      {"timestamp without time zone", "timestamp"},
      {"timestamp with time zone", "timestamptz"},
      {"string", "text"}
    };
    for (String[] a : aliases) {
      BY_NAME.put(a[0], BY_NAME.get(a[1]));
    }
  }

  public static PgType byOid(int oid) {
    return BY_OID.get(oid);
  }

  /** The type a SQL type name denotes (aliases like {@code int}, {@code serial} included). */
  public static PgType byName(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    if (n.startsWith("pg_catalog.")) {
      n = n.substring("pg_catalog.".length());
    }
    if (n.equals("\"char\"")) {
      return CHAR;
    }
    PgType t = BY_NAME.get(n);
    if (t == null) {
      throw new SqlException("42704", "type \"" + name + "\" does not exist");
    }
    return t;
  }

  /** Whether this is an array type ({@code int4[]}, {@code text[]} …). */
  public boolean isArray() {
    return elementOid != 0;
  }

  /** An array type's element type; null for other types. */
  public PgType element() {
    return isArray() ? BY_OID.get(elementOid) : null;
  }

  /** The array type whose elements are {@code element}, or null when there is none here. */
  public static PgType arrayOf(PgType element) {
    return element == null ? null : ARRAY_OF.get(element);
  }

  public boolean isInteger() {
    return this == INT2
        || this == INT4
        || this == INT8
        || this == OID
        || this == REGCLASS
        || this == REGPROC
        || this == REGTYPE;
  }

  public boolean isNumeric() {
    return isInteger() || this == FLOAT4 || this == FLOAT8 || this == NUMERIC;
  }

  public boolean isText() {
    return this == TEXT
        || this == VARCHAR
        || this == BPCHAR
        || this == NAME
        || this == CHAR
        || this == JSON
        || this == JSONB
        || this == UNKNOWN;
  }
}
