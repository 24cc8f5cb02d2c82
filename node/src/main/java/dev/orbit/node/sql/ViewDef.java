package dev.orbit.node.sql;

import java.util.ArrayList;
import java.util.List;

/** A view as stored in the catalog: its query's text, its columns and what it reads. */
public final class ViewDef {
  public long id;
  public String name;

  /** The defining query as written (a SELECT, VALUES or set operation). */
  public String sql;

  /** Output column names, fixed when the view was created (as PostgreSQL expands {@code *}). */
  public List<String> columns = new ArrayList<>();

  /** Type oids of the columns. */
  public List<Integer> types = new ArrayList<>();

  /** Typmods of the columns (-1 when unset). */
  public List<Integer> typmods = new ArrayList<>();

  /** Tables and views the query reads (by name): they cannot be dropped or renamed under it. */
  public List<String> dependsOn = new ArrayList<>();

  /** COMMENT ON VIEW, or null. */
  public String comment;

  public ViewDef() {}

  PgType type(int i) {
    PgType t = PgType.byOid(types.get(i));
    return t == null ? PgType.TEXT : t;
  }
}
