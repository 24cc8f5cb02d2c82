package dev.orbit.node.sql;

/** One result column as described to the client (RowDescription). */
public record Field(String name, PgType type, long tableOid, int attnum, int typmod) {
  static Field of(String name, PgType type) {
    return new Field(name, type == PgType.UNKNOWN ? PgType.TEXT : type, 0, 0, -1);
  }
}
