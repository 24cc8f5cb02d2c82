package dev.orbit.node.sql.parser;

import java.util.List;

/** Schema statement nodes: CREATE/ALTER/DROP of tables, indexes, views, sequences, schemas. */
public final class Ddl {
  private Ddl() {}

  /** A column of CREATE TABLE or ADD COLUMN. */
  public record ColumnDef(
      String name, TypeName type, List<Constraint> constraints, List<String> collation, int loc)
      implements Node {}

  /**
   * A column or table constraint. kind: NULL, NOT_NULL, DEFAULT, CHECK, PRIMARY, UNIQUE, FOREIGN,
   * IDENTITY, GENERATED, EXCLUSION; plus the attributes each kind uses.
   */
  public record Constraint(
      String kind,
      String name,
      Node expr,
      List<String> keys,
      List<String> include,
      St.RangeVar refTable,
      List<String> refColumns,
      String match,
      String onDelete,
      String onUpdate,
      boolean deferrable,
      boolean initiallyDeferred,
      boolean notValid,
      boolean noInherit,
      String identity,
      List<SeqOption> seqOptions,
      String usingIndex,
      boolean nullsNotDistinct,
      int loc)
      implements Node {
    public static Constraint simple(String kind, String name, Node expr, int loc) {
      return new Constraint(
          kind, name, expr, List.of(), List.of(), null, List.of(), null, null, null, false, false,
          false, false, null, List.of(), null, false, loc);
    }

    public Constraint withName(String n) {
      return new Constraint(
          kind,
          n,
          expr,
          keys,
          include,
          refTable,
          refColumns,
          match,
          onDelete,
          onUpdate,
          deferrable,
          initiallyDeferred,
          notValid,
          noInherit,
          identity,
          seqOptions,
          usingIndex,
          nullsNotDistinct,
          loc);
    }
  }

  /** LIKE other_table [INCLUDING … | EXCLUDING …]. */
  public record TableLike(St.RangeVar table, List<String> options, int loc) implements Node {}

  public record CreateTable(
      St.RangeVar table,
      String persistence,
      boolean ifNotExists,
      List<Node> elements,
      List<St.RangeVar> inherits,
      String partitionBy,
      St.RangeVar partitionOf,
      List<Node> options,
      String onCommit,
      String ofType,
      int loc)
      implements Node {}

  /** CREATE TABLE … AS, SELECT … INTO, CREATE MATERIALIZED VIEW. */
  public record CreateTableAs(
      St.RangeVar table,
      List<String> columns,
      String persistence,
      boolean ifNotExists,
      St.Select query,
      boolean withData,
      boolean materialized,
      int loc)
      implements Node {}

  /** An index column or expression with its collation, operator class and order. */
  public record IndexElem(
      String column,
      Node expr,
      List<String> collation,
      List<String> opclass,
      String dir,
      String nulls,
      int loc)
      implements Node {}

  public record CreateIndex(
      String name,
      St.RangeVar table,
      boolean unique,
      boolean concurrently,
      boolean ifNotExists,
      String method,
      List<IndexElem> elements,
      List<String> include,
      Node where,
      boolean nullsNotDistinct,
      int loc)
      implements Node {}

  public record CreateView(
      St.RangeVar view,
      List<String> columns,
      St.Select query,
      boolean replace,
      String persistence,
      boolean recursive,
      String checkOption,
      int loc)
      implements Node {}

  /**
   * A sequence option: name (as_type, increment, minvalue, maxvalue, start, restart, cache, cycle,
   * owned_by) and value.
   */
  public record SeqOption(String name, Node value, int loc) implements Node {}

  public record CreateSequence(
      St.RangeVar name, List<SeqOption> options, boolean ifNotExists, String persistence, int loc)
      implements Node {}

  public record AlterSequence(St.RangeVar name, List<SeqOption> options, boolean ifExists, int loc)
      implements Node {}

  public record CreateSchema(
      String name, boolean ifNotExists, String authorization, List<Node> elements, int loc)
      implements Node {}

  /** DROP of one object type (TABLE, VIEW, INDEX, SEQUENCE, SCHEMA, …); names may be qualified. */
  public record Drop(
      String objectType,
      List<List<String>> names,
      boolean ifExists,
      boolean cascade,
      boolean concurrently,
      int loc)
      implements Node {}

  /** One action of ALTER TABLE (kind names it, e.g. ADD_COLUMN, DROP_CONSTRAINT, RENAME_COLUMN). */
  public record AlterCmd(
      String kind,
      String name,
      Node def,
      String newName,
      boolean ifExists,
      boolean cascade,
      Node using,
      int loc)
      implements Node {}

  /** ALTER TABLE / INDEX / VIEW / SEQUENCE … with its actions. */
  public record AlterTable(
      String objectType,
      St.RangeVar table,
      boolean ifExists,
      boolean only,
      List<AlterCmd> cmds,
      int loc)
      implements Node {}

  /** ALTER SCHEMA/… name RENAME TO, OWNER TO (objects other than tables and their kin). */
  public record AlterObject(
      String objectType, List<String> name, String action, String value, int loc) implements Node {}

  public record Comment(
      String objectType, List<String> name, String comment, List<TypeName> args, int loc)
      implements Node {}

  public record Truncate(
      List<St.RangeVar> tables, boolean restartIdentity, boolean cascade, int loc)
      implements Node {}

  public record CreateDatabase(String name, List<Node> options, int loc) implements Node {}

  public record DropDatabase(String name, boolean ifExists, boolean force, int loc)
      implements Node {}

  /** A generic "name = value" option of a WITH (…) list or similar. */
  public record DefElem(String name, Node value, int loc) implements Node {}
}
