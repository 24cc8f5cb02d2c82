package dev.orbit.node.sql;

import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Whether a join may evaluate an expression at another point than written (a hash probe, an early
 * filter): it holds no subquery and no volatile call, which must run as often as the query says.
 */
final class SafeExpr {
  private static final Set<String> VOLATILE =
      Set.of("nextval", "setval", "random", "gen_random_uuid", "clock_timestamp", "pg_sleep");

  private SafeExpr() {}

  /**
   * True when {@code e} holds no subquery and no volatile call, and {@code column} accepts every
   * column it reads (those of a subscript too). {@code column} sees every column even after a
   * refusal, so a caller may gather facts about them as it goes.
   */
  static boolean isPure(Expression e, Predicate<Column> column) {
    boolean[] ok = {true};
    e.accept(
        new ExpressionVisitorAdapter<Void>() {
          @Override
          public <S> Void visit(Column c, S context) {
            if (c.getArrayConstructor() != null) { // a subscript reads columns too
              for (Expression sub : c.getArrayConstructor().getExpressions()) {
                sub.accept(this, context);
              }
            }
            if (!column.test(c)) {
              ok[0] = false;
            }
            return null;
          }

          @Override
          public <S> Void visit(Function f, S context) {
            if (VOLATILE.contains(f.getName().toLowerCase(Locale.ROOT))) {
              ok[0] = false;
            }
            return super.visit(f, context);
          }

          @Override
          public <S> Void visit(ParenthesedSelect s, S context) {
            ok[0] = false;
            return null;
          }

          @Override
          public <S> Void visit(Select s, S context) {
            ok[0] = false;
            return null;
          }
        },
        null);
    return ok[0];
  }
}
