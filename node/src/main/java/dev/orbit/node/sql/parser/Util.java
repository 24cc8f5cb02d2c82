package dev.orbit.node.sql.parser;

import java.util.List;

/** Utility statement nodes: transactions, settings, COPY, EXPLAIN, cursors, prepared statements. */
public final class Util {
  private Util() {}

  /**
   * BEGIN, START, COMMIT, ROLLBACK, SAVEPOINT, RELEASE, ROLLBACK_TO, PREPARE, COMMIT_PREPARED,
   * ROLLBACK_PREPARED; modes hold isolation levels and READ ONLY/WRITE, [NOT] DEFERRABLE.
   */
  public record Transaction(String kind, String name, List<String> modes, boolean chain, int loc)
      implements Node {}

  /**
   * SET name TO values, SET name TO DEFAULT, SET … FROM CURRENT, RESET name, RESET ALL, SET
   * TRANSACTION / SESSION CHARACTERISTICS AS TRANSACTION modes ({@code kind} says which).
   */
  public record Set(
      String kind, String name, List<Node> values, boolean local, List<String> modes, int loc)
      implements Node {}

  public record Show(String name, int loc) implements Node {}

  /**
   * COPY table [(cols)] | (query) FROM|TO STDIN|STDOUT|'file'|PROGRAM … [WITH (options)] [WHERE].
   */
  public record Copy(
      St.RangeVar table,
      List<String> columns,
      Node query,
      boolean from,
      String file,
      boolean program,
      List<Ddl.DefElem> options,
      Node where,
      int loc)
      implements Node {}

  public record Explain(Node statement, List<Ddl.DefElem> options, int loc) implements Node {}

  public record Prepare(String name, List<TypeName> types, Node statement, int loc)
      implements Node {}

  public record Execute(String name, List<Node> params, int loc) implements Node {}

  /** DEALLOCATE name, or ALL when name is null. */
  public record Deallocate(String name, int loc) implements Node {}

  public record DeclareCursor(
      String name,
      boolean binary,
      boolean scroll,
      boolean noScroll,
      boolean hold,
      St.Select query,
      int loc)
      implements Node {}

  /**
   * FETCH / MOVE: direction NEXT, PRIOR, FIRST, LAST, ABSOLUTE, RELATIVE, FORWARD, BACKWARD (with a
   * count; {@code all} for ALL).
   */
  public record Fetch(
      String direction, long count, boolean all, String cursor, boolean move, int loc)
      implements Node {}

  /** CLOSE name, or ALL when name is null. */
  public record Close(String name, int loc) implements Node {}

  public record Listen(String channel, int loc) implements Node {}

  /** UNLISTEN channel, or * when channel is null. */
  public record Unlisten(String channel, int loc) implements Node {}

  public record Notify(String channel, String payload, int loc) implements Node {}

  /** VACUUM / ANALYZE of some tables (all when empty). */
  public record Vacuum(boolean analyzeOnly, List<St.RangeVar> tables, int loc) implements Node {}

  public record Lock(List<St.RangeVar> tables, String mode, boolean nowait, int loc)
      implements Node {}

  public record Discard(String what, int loc) implements Node {}

  public record Checkpoint(int loc) implements Node {}

  /** GRANT/REVOKE (privileges on objects, or roles). */
  public record Grant(boolean grant, String text, int loc) implements Node {}

  /** ALTER … OWNER TO role, for any object kind. */
  public record OwnerTo(String objectType, List<String> name, String owner, int loc)
      implements Node {}

  /** A statement the parser recognizes but this engine does not run; {@code feature} names it. */
  public record Unsupported(String feature, int loc) implements Node {}

  /** CALL proc(args). */
  public record Call(Ex.Func call, int loc) implements Node {}
}
