package dev.orbit.node.sql;

import java.util.List;

/**
 * A secondary index of a table: entries {@code 0x03 id cols… pk…} → row key, kept on every write.
 */
public final class IndexDef {
  public long id;
  public String name;
  public List<Integer> columns;
  public boolean unique;

  public IndexDef() {}

  IndexDef(long id, String name, List<Integer> columns, boolean unique) {
    this.id = id;
    this.name = name;
    this.columns = columns;
    this.unique = unique;
  }
}
