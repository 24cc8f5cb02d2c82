package dev.orbit.node.sql.types;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The PostgreSQL types this engine knows, with the facts of pg_type: OID, name, length, category
 * (for implicit-cast resolution), whether preferred in its category, and array/element links.
 */
public enum PgType {
  BOOL(16, "bool", "boolean", 1, 'B', true, 1000),
  BYTEA(17, "bytea", "bytea", -1, 'U', false, 1001),
  CHAR(18, "char", "\"char\"", 1, 'Z', false, 1002),
  NAME(19, "name", "name", 64, 'S', false, 1003),
  INT8(20, "int8", "bigint", 8, 'N', false, 1016),
  INT2(21, "int2", "smallint", 2, 'N', false, 1005),
  INT2VECTOR(22, "int2vector", "int2vector", -1, 'A', false, 1006),
  INT4(23, "int4", "integer", 4, 'N', false, 1007),
  REGPROC(24, "regproc", "regproc", 4, 'N', false, 1008),
  TEXT(25, "text", "text", -1, 'S', true, 1009),
  OID(26, "oid", "oid", 4, 'N', true, 1028),
  TID(27, "tid", "tid", 6, 'U', false, 1010),
  XID(28, "xid", "xid", 4, 'U', false, 1011),
  CID(29, "cid", "cid", 4, 'U', false, 1012),
  OIDVECTOR(30, "oidvector", "oidvector", -1, 'A', false, 1013),
  JSON(114, "json", "json", -1, 'U', false, 199),
  FLOAT4(700, "float4", "real", 4, 'N', false, 1021),
  FLOAT8(701, "float8", "double precision", 8, 'N', true, 1022),
  UNKNOWN(705, "unknown", "unknown", -2, 'X', false, 0),
  MONEY(790, "money", "money", 8, 'N', false, 791),
  INET(869, "inet", "inet", -1, 'I', true, 1041),
  CIDR(650, "cidr", "cidr", -1, 'I', false, 651),
  BPCHAR(1042, "bpchar", "character", -1, 'S', false, 1014),
  VARCHAR(1043, "varchar", "character varying", -1, 'S', false, 1015),
  DATE(1082, "date", "date", 4, 'D', false, 1182),
  TIME(1083, "time", "time without time zone", 8, 'D', false, 1183),
  TIMESTAMP(1114, "timestamp", "timestamp without time zone", 8, 'D', false, 1115),
  TIMESTAMPTZ(1184, "timestamptz", "timestamp with time zone", 8, 'D', true, 1185),
  INTERVAL(1186, "interval", "interval", 16, 'T', true, 1187),
  TIMETZ(1266, "timetz", "time with time zone", 12, 'D', false, 1270),
  BIT(1560, "bit", "bit", -1, 'V', false, 1561),
  VARBIT(1562, "varbit", "bit varying", -1, 'V', true, 1563),
  NUMERIC(1700, "numeric", "numeric", -1, 'N', false, 1231),
  REFCURSOR(1790, "refcursor", "refcursor", -1, 'U', false, 2201),
  REGPROCEDURE(2202, "regprocedure", "regprocedure", 4, 'N', false, 2207),
  REGOPER(2203, "regoper", "regoper", 4, 'N', false, 2208),
  REGOPERATOR(2204, "regoperator", "regoperator", 4, 'N', false, 2209),
  REGCLASS(2205, "regclass", "regclass", 4, 'N', false, 2210),
  REGTYPE(2206, "regtype", "regtype", 4, 'N', false, 2211),
  REGROLE(4096, "regrole", "regrole", 4, 'N', false, 4097),
  REGNAMESPACE(4089, "regnamespace", "regnamespace", 4, 'N', false, 4090),
  UUID(2950, "uuid", "uuid", 16, 'U', false, 2951),
  PG_LSN(3220, "pg_lsn", "pg_lsn", 8, 'U', false, 3221),
  JSONB(3802, "jsonb", "jsonb", -1, 'U', false, 3807),
  JSONPATH(4072, "jsonpath", "jsonpath", -1, 'U', false, 4073),
  XID8(5069, "xid8", "xid8", 8, 'U', false, 271),
  // pseudo-types
  RECORD(2249, "record", "record", -1, 'P', false, 2287),
  CSTRING(2275, "cstring", "cstring", -2, 'P', false, 1263),
  ANY(2276, "any", "\"any\"", 4, 'P', false, 0),
  ANYARRAY(2277, "anyarray", "anyarray", -1, 'P', false, 0),
  VOID(2278, "void", "void", 4, 'P', false, 0),
  TRIGGER(2279, "trigger", "trigger", 4, 'P', false, 0),
  ANYELEMENT(2283, "anyelement", "anyelement", 4, 'P', false, 0),
  ANYNONARRAY(2776, "anynonarray", "anynonarray", 4, 'P', false, 0),
  ANYENUM(3500, "anyenum", "anyenum", 4, 'P', false, 0),
  INTERNAL(2281, "internal", "internal", 8, 'P', false, 0),
  ANYCOMPATIBLE(5077, "anycompatible", "anycompatible", 4, 'P', false, 0),
  ANYCOMPATIBLEARRAY(5078, "anycompatiblearray", "anycompatiblearray", -1, 'P', false, 0),
  ANYCOMPATIBLENONARRAY(5079, "anycompatiblenonarray", "anycompatiblenonarray", 4, 'P', false, 0),
  // arrays
  BOOL_ARRAY(1000, "_bool", null, -1, 'A', false, 0),
  BYTEA_ARRAY(1001, "_bytea", null, -1, 'A', false, 0),
  CHAR_ARRAY(1002, "_char", null, -1, 'A', false, 0),
  NAME_ARRAY(1003, "_name", null, -1, 'A', false, 0),
  INT2_ARRAY(1005, "_int2", null, -1, 'A', false, 0),
  INT2VECTOR_ARRAY(1006, "_int2vector", null, -1, 'A', false, 0),
  INT4_ARRAY(1007, "_int4", null, -1, 'A', false, 0),
  REGPROC_ARRAY(1008, "_regproc", null, -1, 'A', false, 0),
  TEXT_ARRAY(1009, "_text", null, -1, 'A', false, 0),
  TID_ARRAY(1010, "_tid", null, -1, 'A', false, 0),
  XID_ARRAY(1011, "_xid", null, -1, 'A', false, 0),
  CID_ARRAY(1012, "_cid", null, -1, 'A', false, 0),
  OIDVECTOR_ARRAY(1013, "_oidvector", null, -1, 'A', false, 0),
  BPCHAR_ARRAY(1014, "_bpchar", null, -1, 'A', false, 0),
  VARCHAR_ARRAY(1015, "_varchar", null, -1, 'A', false, 0),
  INT8_ARRAY(1016, "_int8", null, -1, 'A', false, 0),
  FLOAT4_ARRAY(1021, "_float4", null, -1, 'A', false, 0),
  FLOAT8_ARRAY(1022, "_float8", null, -1, 'A', false, 0),
  OID_ARRAY(1028, "_oid", null, -1, 'A', false, 0),
  INET_ARRAY(1041, "_inet", null, -1, 'A', false, 0),
  CIDR_ARRAY(651, "_cidr", null, -1, 'A', false, 0),
  MONEY_ARRAY(791, "_money", null, -1, 'A', false, 0),
  JSON_ARRAY(199, "_json", null, -1, 'A', false, 0),
  DATE_ARRAY(1182, "_date", null, -1, 'A', false, 0),
  TIME_ARRAY(1183, "_time", null, -1, 'A', false, 0),
  TIMESTAMP_ARRAY(1115, "_timestamp", null, -1, 'A', false, 0),
  TIMESTAMPTZ_ARRAY(1185, "_timestamptz", null, -1, 'A', false, 0),
  INTERVAL_ARRAY(1187, "_interval", null, -1, 'A', false, 0),
  TIMETZ_ARRAY(1270, "_timetz", null, -1, 'A', false, 0),
  BIT_ARRAY(1561, "_bit", null, -1, 'A', false, 0),
  VARBIT_ARRAY(1563, "_varbit", null, -1, 'A', false, 0),
  NUMERIC_ARRAY(1231, "_numeric", null, -1, 'A', false, 0),
  REFCURSOR_ARRAY(2201, "_refcursor", null, -1, 'A', false, 0),
  REGPROCEDURE_ARRAY(2207, "_regprocedure", null, -1, 'A', false, 0),
  REGOPER_ARRAY(2208, "_regoper", null, -1, 'A', false, 0),
  REGOPERATOR_ARRAY(2209, "_regoperator", null, -1, 'A', false, 0),
  REGCLASS_ARRAY(2210, "_regclass", null, -1, 'A', false, 0),
  REGTYPE_ARRAY(2211, "_regtype", null, -1, 'A', false, 0),
  REGROLE_ARRAY(4097, "_regrole", null, -1, 'A', false, 0),
  REGNAMESPACE_ARRAY(4090, "_regnamespace", null, -1, 'A', false, 0),
  UUID_ARRAY(2951, "_uuid", null, -1, 'A', false, 0),
  PG_LSN_ARRAY(3221, "_pg_lsn", null, -1, 'A', false, 0),
  JSONB_ARRAY(3807, "_jsonb", null, -1, 'A', false, 0),
  JSONPATH_ARRAY(4073, "_jsonpath", null, -1, 'A', false, 0),
  XID8_ARRAY(271, "_xid8", null, -1, 'A', false, 0),
  RECORD_ARRAY(2287, "_record", null, -1, 'A', false, 0),
  CSTRING_ARRAY(1263, "_cstring", null, -1, 'A', false, 0);

  public final int oid;

  /** The name in pg_type.typname. */
  public final String typname;

  private final String sqlName;

  public final int typlen;

  /** pg_type.typcategory: N numeric, S string, D datetime, T timespan, B boolean, A array, … */
  public final char category;

  /** pg_type.typispreferred. */
  public final boolean preferred;

  private final int arrayOid;
  private PgType array;
  private PgType element;

  PgType(
      int oid,
      String typname,
      String sqlName,
      int typlen,
      char category,
      boolean preferred,
      int arrayOid) {
    this.oid = oid;
    this.typname = typname;
    this.sqlName = sqlName;
    this.typlen = typlen;
    this.category = category;
    this.preferred = preferred;
    this.arrayOid = arrayOid;
  }

  private static final Map<Integer, PgType> BY_OID = new HashMap<>();
  private static final Map<String, PgType> BY_NAME = new HashMap<>();

  static {
    for (PgType t : values()) {
      BY_OID.put(t.oid, t);
      BY_NAME.put(t.typname, t);
    }
    for (PgType t : values()) {
      if (t.arrayOid != 0) {
        PgType a = BY_OID.get(t.arrayOid);
        if (a != null) {
          t.array = a;
          a.element = t;
        }
      }
    }
    String[][] aliases = {
      {"integer", "int4"},
      {"int", "int4"},
      {"smallint", "int2"},
      {"bigint", "int8"},
      {"real", "float4"},
      {"double precision", "float8"},
      {"float", "float8"},
      {"decimal", "numeric"},
      {"dec", "numeric"},
      {"boolean", "bool"},
      {"character varying", "varchar"},
      {"character", "bpchar"},
      {"timestamp without time zone", "timestamp"},
      {"timestamp with time zone", "timestamptz"},
      {"time without time zone", "time"},
      {"time with time zone", "timetz"},
      {"bit varying", "varbit"},
      {"\"char\"", "char"},
      {"\"any\"", "any"}
    };
    for (String[] a : aliases) {
      BY_NAME.put(a[0], BY_NAME.get(a[1]));
    }
  }

  public static PgType byOid(int oid) {
    return BY_OID.get(oid);
  }

  public static PgType byOid(long oid) {
    return oid < 0 || oid > Integer.MAX_VALUE ? null : BY_OID.get((int) oid);
  }

  /** The type a (lower-case) name denotes, or null. */
  public static PgType byName(String name) {
    return BY_NAME.get(name.toLowerCase(Locale.ROOT));
  }

  /** The name format_type() prints (without modifiers). */
  public String sqlName() {
    if (element != null) {
      return element.sqlName() + "[]";
    }
    return sqlName;
  }

  /** The array type of this element type, or null. */
  public PgType arrayType() {
    return array;
  }

  /** The element type of this array type, or null. */
  public PgType elementType() {
    return element;
  }

  public boolean isArray() {
    return element != null;
  }

  public boolean isInteger() {
    return this == INT2 || this == INT4 || this == INT8;
  }

  /** Types whose values are OIDs held as integers. */
  public boolean isOidLike() {
    return this == OID
        || this == REGCLASS
        || this == REGTYPE
        || this == REGPROC
        || this == REGPROCEDURE
        || this == REGNAMESPACE
        || this == REGROLE
        || this == REGOPER
        || this == REGOPERATOR
        || this == XID
        || this == CID;
  }

  public boolean isNumeric() {
    return category == 'N' && !isOidLike() && this != MONEY;
  }

  public boolean isString() {
    return category == 'S';
  }

  public boolean isPseudo() {
    return category == 'P';
  }

  /** A polymorphic pseudo-type (anyelement, anyarray, …). */
  public boolean isPolymorphic() {
    return this == ANYELEMENT
        || this == ANYARRAY
        || this == ANYNONARRAY
        || this == ANYENUM
        || this == ANYCOMPATIBLE
        || this == ANYCOMPATIBLEARRAY
        || this == ANYCOMPATIBLENONARRAY;
  }
}
