package dev.orbit.node.sql;

import java.util.List;

/** What a statement returns: rows (with their fields) or none, and the command tag. */
public final class Result {
  public final List<Field> fields;
  public final List<Object[]> rows;
  public final String tag;

  /** Set for COPY: the copy the connection must now run. */
  public final Copy copy;

  Result(List<Field> fields, List<Object[]> rows, String tag, Copy copy) {
    this.fields = fields;
    this.rows = rows;
    this.tag = tag;
    this.copy = copy;
  }

  static Result command(String tag) {
    return new Result(null, List.of(), tag, null);
  }

  static Result rows(List<Field> fields, List<Object[]> rows, String tag) {
    return new Result(fields, rows, tag, null);
  }
}
