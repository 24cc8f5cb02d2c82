package dev.orbit.node.sql.parser;

import java.util.List;

/** Expression nodes, close to PostgreSQL's raw parse tree. */
public final class Ex {
  private Ex() {}

  /** A literal: kinds INT, NUM (decimal or float text), STR, BIT, HEX, BOOL, NULL. */
  public record Const(String kind, String value, int loc) implements Node {}

  /**
   * A column reference {@code a}, {@code t.a}, {@code s.t.a}; {@code star} for {@code t.*} / {@code
   * *}.
   */
  public record ColumnRef(List<String> fields, boolean star, int loc) implements Node {}

  /** A parameter $n. */
  public record Param(int number, int loc) implements Node {}

  /** An operator; {@code left} is null for a prefix operator. */
  public record Op(String name, Node left, Node right, int loc) implements Node {}

  /** AND, OR (any number of arguments) or NOT (one). */
  public record Bool(String kind, List<Node> args, int loc) implements Node {}

  /** {@code arg::type}, {@code CAST(arg AS type)} or {@code type 'literal'}. */
  public record Cast(Node arg, TypeName type, int loc) implements Node {}

  /** A function call with everything PostgreSQL's grammar allows around it. */
  public record Func(
      List<String> name,
      List<Node> args,
      List<String> argNames,
      boolean star,
      boolean distinct,
      boolean variadic,
      List<SortBy> orderBy,
      boolean withinGroup,
      Node filter,
      WindowDef over,
      int loc)
      implements Node {
    public static Func of(String name, List<Node> args, int loc) {
      return new Func(
          List.of(name), args, null, false, false, false, List.of(), false, null, null, loc);
    }

    /** The unqualified, lower-case name. */
    public String simpleName() {
      return name.get(name.size() - 1);
    }
  }

  /** A subquery in an expression: EXISTS, ANY/ALL (with an operator), EXPR (scalar), ARRAY. */
  public record SubLink(String kind, Node test, String op, Node subselect, int loc)
      implements Node {}

  /** {@code left op ANY|ALL (array)}. */
  public record AnyAll(String op, boolean all, Node left, Node right, int loc) implements Node {}

  /** IS [NOT] OF (types). */
  public record IsOf(Node arg, List<TypeName> types, boolean not, int loc) implements Node {}

  public record When(Node cond, Node result, int loc) implements Node {}

  public record Case(Node arg, List<When> whens, Node otherwise, int loc) implements Node {}

  public record NullTest(Node arg, boolean not, int loc) implements Node {}

  /** IS [NOT] TRUE / FALSE / UNKNOWN. */
  public record BoolTest(Node arg, String what, boolean not, int loc) implements Node {}

  /** IS [NOT] DISTINCT FROM. */
  public record Distinct(Node left, Node right, boolean not, int loc) implements Node {}

  public record In(Node arg, List<Node> list, boolean not, int loc) implements Node {}

  public record Between(Node arg, Node lo, Node hi, boolean not, boolean symmetric, int loc)
      implements Node {}

  /** LIKE, ILIKE or SIMILAR TO with an optional ESCAPE. */
  public record Like(String kind, Node arg, Node pattern, Node escape, boolean not, int loc)
      implements Node {}

  /** ARRAY[…] (or a nested […] inside one). */
  public record Array(List<Node> elements, boolean sub, int loc) implements Node {}

  /** ROW(…) or (a, b, …). */
  public record Row(List<Node> args, boolean explicit, int loc) implements Node {}

  /** {@code arg[i]} or {@code arg[lo:hi]} (bounds may be null in a slice). */
  public record Subscript(Node arg, Node lower, Node upper, boolean slice, int loc)
      implements Node {}

  /** {@code (arg).field} or {@code (arg).*}. */
  public record Field(Node arg, String name, int loc) implements Node {}

  public record Collate(Node arg, List<String> collation, int loc) implements Node {}

  /**
   * CURRENT_DATE, CURRENT_TIMESTAMP(p), LOCALTIME, CURRENT_USER, … ({@code precision} -1: none).
   */
  public record SqlValue(String kind, int precision, int loc) implements Node {}

  /** DEFAULT in VALUES or SET. */
  public record Default(int loc) implements Node {}

  public record Grouping(List<Node> args, int loc) implements Node {}

  /** ORDER BY item: dir is ASC, DESC, USING (with op) or null; nulls FIRST, LAST or null. */
  public record SortBy(Node expr, String dir, String usingOp, String nulls, int loc)
      implements Node {}

  /** A window: a name, or a specification refining {@code refName}. */
  public record WindowDef(
      String name, String refName, List<Node> partition, List<SortBy> order, Frame frame, int loc)
      implements Node {}

  /**
   * A window frame: mode ROWS, RANGE or GROUPS; bounds UNBOUNDED_PRECEDING, PRECEDING, CURRENT_ROW,
   * FOLLOWING, UNBOUNDED_FOLLOWING; exclusion NO_OTHERS, CURRENT_ROW, GROUP, TIES.
   */
  public record Frame(
      String mode,
      String startKind,
      Node startOffset,
      String endKind,
      Node endOffset,
      String exclusion,
      int loc)
      implements Node {}
}
