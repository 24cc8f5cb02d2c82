package dev.orbit.node.sql.parser;

import java.util.List;

/** Query and DML statement nodes: SELECT, VALUES, INSERT, UPDATE, DELETE and their parts. */
public final class St {
  private St() {}

  /** A select-list item, or a SET/RETURNING/INSERT column: name (alias) and value. */
  public record Target(String name, List<Node> indirection, Node value, int loc) implements Node {}

  /** UPDATE … SET (a, b) = source. */
  public record MultiAssign(List<Target> targets, Node source, int loc) implements Node {}

  public record Alias(String name, List<String> columns) {}

  public record With(boolean recursive, List<Cte> ctes, int loc) implements Node {}

  /** A common table expression; {@code materialized} is null unless given. */
  public record Cte(
      String name,
      List<String> columns,
      Node query,
      Boolean materialized,
      Node search,
      Node cycle,
      int loc)
      implements Node {}

  /** SEARCH {BREADTH|DEPTH} FIRST BY cols SET col. */
  public record SearchClause(boolean breadth, List<String> by, String column, int loc)
      implements Node {}

  /** CYCLE cols SET col [TO v DEFAULT d] USING path. */
  public record CycleClause(
      List<String> columns,
      String markColumn,
      Node markValue,
      Node markDefault,
      String path,
      int loc)
      implements Node {}

  /**
   * A SELECT, VALUES or set operation. For a set operation {@code op} is UNION, INTERSECT or EXCEPT
   * and {@code left}/{@code right} hold its inputs; for VALUES {@code values} holds the rows. Built
   * up by the parser, then only read.
   */
  public static final class Select implements Node {
    public With with;

    /** DISTINCT ON expressions; empty for plain DISTINCT; null when not DISTINCT. */
    public List<Node> distinctOn;

    public List<Target> targets = List.of();
    public Into into;
    public List<Node> from = List.of();
    public Node where;
    public List<Node> groupBy = List.of();
    public boolean groupDistinct;
    public Node having;
    public List<Ex.WindowDef> windows = List.of();
    public List<List<Node>> values;
    public List<Ex.SortBy> orderBy = List.of();
    public Node limit;
    public boolean limitAll;
    public Node offset;
    public boolean withTies;
    public List<Locking> locking = List.of();
    public String op;
    public boolean all;
    public Select left;
    public Select right;
    public final int loc;

    public Select(int loc) {
      this.loc = loc;
    }

    @Override
    public int loc() {
      return loc;
    }

    public boolean isSetOp() {
      return op != null;
    }

    public boolean isValues() {
      return values != null;
    }

    public boolean distinct() {
      return distinctOn != null;
    }
  }

  /** SELECT … INTO [TEMP] table. */
  public record Into(RangeVar rel, boolean temp, boolean unlogged) {}

  /** FOR UPDATE/SHARE [OF …] [NOWAIT | SKIP LOCKED]. */
  public record Locking(String strength, List<RangeVar> of, String waitPolicy) {}

  /** GROUP BY element: kind EXPR, EMPTY (), ROLLUP, CUBE, SETS. */
  public record GroupingSet(String kind, List<Node> content, int loc) implements Node {}

  // ---- FROM items ----

  public record RangeVar(String schema, String name, boolean inh, Alias alias, int loc)
      implements Node {
    public RangeVar withAlias(Alias a) {
      return new RangeVar(schema, name, inh, a, loc);
    }
  }

  public record RangeSubselect(boolean lateral, Select query, Alias alias, int loc)
      implements Node {}

  /** A function in FROM; several for ROWS FROM (…); each may carry a column definition list. */
  public record RangeFunction(
      boolean lateral,
      boolean ordinality,
      boolean rowsFrom,
      List<Node> functions,
      List<List<Ddl.ColumnDef>> columnDefs,
      Alias alias,
      int loc)
      implements Node {}

  /** A join: type INNER, LEFT, RIGHT, FULL or CROSS. */
  public record Join(
      String type,
      boolean natural,
      Node left,
      Node right,
      List<String> using,
      String usingAlias,
      Node on,
      Alias alias,
      int loc)
      implements Node {}

  // ---- DML ----

  public record Insert(
      With with,
      RangeVar table,
      List<Target> columns,
      Select source,
      String overriding,
      OnConflict onConflict,
      List<Target> returning,
      int loc)
      implements Node {}

  /**
   * ON CONFLICT: the target (index columns/expressions with a predicate, or a constraint name),
   * then DO NOTHING or DO UPDATE SET … WHERE ….
   */
  public record OnConflict(
      List<Ddl.IndexElem> columns,
      Node targetWhere,
      String constraint,
      boolean doNothing,
      List<Node> set,
      Node where,
      int loc)
      implements Node {}

  public record Update(
      With with,
      RangeVar table,
      List<Node> set,
      List<Node> from,
      Node where,
      String cursor,
      List<Target> returning,
      int loc)
      implements Node {}

  public record Delete(
      With with,
      RangeVar table,
      List<Node> using,
      Node where,
      String cursor,
      List<Target> returning,
      int loc)
      implements Node {}
}
