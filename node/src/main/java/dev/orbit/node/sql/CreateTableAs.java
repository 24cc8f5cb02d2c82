package dev.orbit.node.sql;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.sf.jsqlparser.statement.select.Select;

/** CREATE TABLE … AS query and SELECT … INTO: a new table with the query's columns and rows. */
final class CreateTableAs {
  private CreateTableAs() {}

  static Stmt compile(
      Compiler c, String name, boolean ifNotExists, Select select, List<String> names) {
    Query q = c.query(select, Scope.empty(null));
    List<Field> fields = new java.util.ArrayList<>(q.fields());
    if (names.size() > fields.size()) {
      throw new SqlException("42601", "too many column names were specified");
    }
    for (int i = 0; i < names.size(); i++) {
      Field f = fields.get(i);
      fields.set(i, new Field(ExprCompiler.unquote(names.get(i)), f.type(), 0, 0, f.typmod()));
    }
    Set<String> seen = new HashSet<>();
    for (Field f : fields) {
      if (!seen.add(f.name())) {
        throw new SqlException("42701", "column \"" + f.name() + "\" specified more than once");
      }
    }
    return new Stmt() {
      @Override
      public List<Field> fields() {
        return null;
      }

      @Override
      public Result run(Exec ex) {
        // rows first: a failing query leaves no table behind, also outside a transaction block
        List<Object[]> rows = q.rows(new Env(ex, null, new Object[0]));
        Catalog cat = ex.catalog();
        TableDef t = new TableDef();
        synchronized (cat) {
          if (cat.relationExists(ex.db(), name)) {
            if (ifNotExists) {
              ex.session.notice("relation \"" + name + "\" already exists, skipping");
              return Result.command("CREATE TABLE AS");
            }
            throw new SqlException("42P07", "relation \"" + name + "\" already exists");
          }
          t.id = cat.newId();
          t.oid = cat.oidOf(t.id);
          t.name = name;
          for (Field f : fields) {
            PgType type = f.type() == PgType.UNKNOWN ? PgType.TEXT : f.type();
            t.columns.add(new ColumnDef(t.nextColumnId++, f.name(), type, f.typmod()));
          }
          cat.save(ex.db(), t, null);
          SchemaUndo.createdTable(ex, t);
        }
        for (Object[] r : rows) {
          ex.checkCancel();
          Object[] row = Arrays.copyOf(r, fields.size());
          RowWriter.check(ex, t, row);
          RowWriter.insert(ex, t, RowWriter.keyFor(ex, t, row), row);
        }
        return Result.command("SELECT " + rows.size());
      }
    };
  }
}
