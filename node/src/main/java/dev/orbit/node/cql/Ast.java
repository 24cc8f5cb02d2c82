package dev.orbit.node.cql;

import java.util.List;
import java.util.Map;

/** The parsed form of CQL statements, before it is checked against the schema. */
public final class Ast {
  private Ast() {}

  /** Any statement. */
  public sealed interface Statement
      permits CreateKeyspace,
          AlterKeyspace,
          DropKeyspace,
          CreateTable,
          AlterTable,
          DropTable,
          Truncate,
          CreateIndex,
          DropIndex,
          CreateType,
          DropType,
          Use,
          Select,
          Modification,
          Batch {}

  /** INSERT, UPDATE or DELETE. */
  public sealed interface Modification extends Statement
      permits Insert, InsertJson, Update, Delete {
    QName table();

    Using using();
  }

  /** A keyspace-qualified name; keyspace null when the session's keyspace applies. */
  public record QName(String keyspace, String name) {}

  /** A value in a statement. */
  public sealed interface Term
      permits Literal, Null, Marker, ListLit, SetLit, MapLit, TupleLit, UdtLit, FunctionCall {}

  /** A constant; {@code kind} tells how its text was written. */
  public record Literal(Lexer.Kind kind, String text) implements Term {}

  public record Null() implements Term {}

  /** {@code ?} (index counts markers from 0) or {@code :name}. */
  public record Marker(int index, String name) implements Term {}

  public record ListLit(List<Term> items) implements Term {}

  /** {@code {a, b}}; {@code {}} is read as an empty set or map by the type it is given to. */
  public record SetLit(List<Term> items) implements Term {}

  public record MapLit(List<Term> keys, List<Term> values) implements Term {}

  public record TupleLit(List<Term> items) implements Term {}

  /** {@code {field: value, ...}}, a value of a user-defined type. */
  public record UdtLit(List<String> names, List<Term> values) implements Term {}

  public record FunctionCall(String name, List<Term> args) implements Term {}

  /** USING TTL / TIMESTAMP; null fields are absent. */
  public record Using(Term ttl, Term timestamp) {
    static final Using NONE = new Using(null, null);
  }

  /** {@code col op term}, {@code col IN (...)}, {@code token(cols) op term}, CONTAINS [KEY]. */
  public record Relation(
      List<String> columns, boolean token, String op, Term value, List<Term> in) {
    String column() {
      return columns.get(0);
    }
  }

  /** An IF condition: {@code col op value} (element non-null for {@code col[element]}). */
  public record Condition(String column, Term element, String op, Term value, List<Term> in) {}

  public record CreateKeyspace(String name, boolean ifNotExists, Map<String, Object> options)
      implements Statement {}

  public record AlterKeyspace(String name, Map<String, Object> options) implements Statement {}

  public record DropKeyspace(String name, boolean ifExists) implements Statement {}

  public record ColumnDecl(String name, CqlType type, boolean isStatic) {}

  public record CreateTable(
      QName name,
      boolean ifNotExists,
      List<ColumnDecl> columns,
      List<String> partitionKey,
      List<String> clustering,
      Map<String, Boolean> descending,
      Map<String, Object> options)
      implements Statement {}

  /** ALTER TABLE: one of add, drop, rename, options is non-empty. */
  public record AlterTable(
      QName name,
      List<ColumnDecl> add,
      List<String> drop,
      Map<String, String> rename,
      Map<String, Object> options)
      implements Statement {}

  public record DropTable(QName name, boolean ifExists) implements Statement {}

  public record Truncate(QName name) implements Statement {}

  public record CreateIndex(String name, QName table, String column, boolean ifNotExists)
      implements Statement {}

  public record DropIndex(QName name, boolean ifExists) implements Statement {}

  /** CREATE TYPE: field names and their types (user-defined ones by name until resolved). */
  public record CreateType(
      QName name, boolean ifNotExists, List<String> fields, List<CqlType> types)
      implements Statement {}

  public record DropType(QName name, boolean ifExists) implements Statement {}

  public record Use(String keyspace) implements Statement {}

  /** One selected expression: a column, {@code *}, or a function of selectors. */
  public sealed interface Selector permits ColumnSel, FieldSel, FunctionSel, CountStar {}

  /** {@code col.field[.field…]}: a field of a user-defined type value. */
  public record FieldSel(String column, List<String> fields) implements Selector {}

  public record ColumnSel(String column) implements Selector {}

  public record FunctionSel(String name, List<Selector> args) implements Selector {}

  public record CountStar() implements Selector {}

  public record Selection(Selector selector, String alias) {}

  public record Ordering(String column, boolean descending) {}

  public record Select(
      QName table,
      boolean json,
      boolean distinct,
      List<Selection> selections,
      List<Relation> where,
      List<String> groupBy,
      List<Ordering> orderBy,
      Term perPartitionLimit,
      Term limit,
      boolean allowFiltering)
      implements Statement {}

  public record Insert(
      QName table, List<String> columns, List<Term> values, boolean ifNotExists, Using using)
      implements Modification {}

  /**
   * {@code INSERT INTO t JSON '…' | ?}: the row as one JSON object; columns it leaves out become
   * null unless {@code defaultUnset}.
   */
  public record InsertJson(
      QName table, Term json, boolean defaultUnset, boolean ifNotExists, Using using)
      implements Modification {}

  /** {@code SET col = value}, {@code col = col + v}, {@code col[k] = v}, counters ±. */
  public record Assignment(String column, Term element, String op, Term value) {}

  public record Update(
      QName table,
      Using using,
      List<Assignment> assignments,
      List<Relation> where,
      boolean ifExists,
      List<Condition> conditions)
      implements Modification {}

  /** DELETE of whole rows (columns empty), of columns, or of collection elements. */
  public record Deletion(String column, Term element) {}

  public record Delete(
      QName table,
      List<Deletion> columns,
      Using using,
      List<Relation> where,
      boolean ifExists,
      List<Condition> conditions)
      implements Modification {}

  /** BEGIN [UNLOGGED|COUNTER] BATCH ... APPLY BATCH. */
  public record Batch(String type, Using using, List<Modification> statements)
      implements Statement {}
}
