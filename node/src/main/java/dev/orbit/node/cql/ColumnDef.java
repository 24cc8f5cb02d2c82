package dev.orbit.node.cql;

/** A column of a table: its kind, its position within the key, its type and its cell id. */
public record ColumnDef(
    String name, CqlType type, Kind kind, int position, boolean descending, int id) {
  /** As system_schema.columns names them. */
  public enum Kind {
    PARTITION_KEY("partition_key"),
    CLUSTERING("clustering"),
    REGULAR("regular"),
    STATIC("static");

    public final String schemaName;

    Kind(String schemaName) {
      this.schemaName = schemaName;
    }
  }

  public boolean isPrimaryKey() {
    return kind == Kind.PARTITION_KEY || kind == Kind.CLUSTERING;
  }

  /** The name as CQL must write it (quoted when it is not a plain lower-case identifier). */
  public static String quote(String name) {
    return name.matches("[a-z][a-z0-9_]*") ? name : "\"" + name.replace("\"", "\"\"") + "\"";
  }
}
