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
  TEXT_ARRAY(1009, "_text", "text[]", -1),
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
  OIDVECTOR(30, "oidvector", "oidvector", -1);

  public final int oid;

  /** The name in pg_type.typname. */
  public final String typname;

  /** The name format_type() prints. */
  public final String sqlName;

  public final int typlen;

  PgType(int oid, String typname, String sqlName, int typlen) {
    this.oid = oid;
    this.typname = typname;
    this.sqlName = sqlName;
    this.typlen = typlen;
  }

  private static final Map<Integer, PgType> BY_OID = new HashMap<>();
  private static final Map<String, PgType> BY_NAME = new HashMap<>();

  static {
    for (PgType t : values()) {
      BY_OID.put(t.oid, t);
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
