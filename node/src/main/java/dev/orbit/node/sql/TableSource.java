package dev.orbit.node.sql;

import dev.orbit.node.storage.KeyValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.ComparisonOperator;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.schema.Column;

/**
 * A stored table in a query. It picks an access path from the WHERE/ON conjuncts: a point get when
 * the whole primary key is bound, a key-range scan for a bound key prefix and/or a range on the
 * next key column, the same on a secondary index, else a scan of the table's key range.
 */
final class TableSource extends Source {
  final TableDef table;
  private Path path = Path.FULL_SCAN;

  /** How rows are found. */
  record Path(
      String kind,
      IndexDef index,
      List<Expr> eq,
      Expr lo,
      boolean loIncl,
      Expr hi,
      boolean hiIncl,
      List<Expr> in) {
    static final Path FULL_SCAN = new Path("full", null, List.of(), null, false, null, false, null);
  }

  /** A fetched row and the key it is stored under. */
  record Keyed(byte[] key, Object[] row) {}

  TableSource(String alias, TableDef table, long tableOid) {
    super(alias, columnsOf(alias, table, tableOid));
    this.table = table;
  }

  private static List<Scope.Col> columnsOf(String alias, TableDef t, long oid) {
    List<Scope.Col> out = new ArrayList<>();
    for (int i = 0; i < t.columns.size(); i++) {
      ColumnDef c = t.columns.get(i);
      out.add(new Scope.Col(alias, c.name, c.type, oid, i + 1, c.typmod));
    }
    return out;
  }

  String pathKind() {
    return path.kind() + (path.index() == null ? "" : ":" + path.index().name);
  }

  /**
   * Chooses the access path from {@code conjuncts}; {@code keys} compiles the other side of each
   * predicate in the scope of what is known before this table's rows (earlier sources, outer
   * queries, parameters).
   */
  void plan(List<Expression> conjuncts, ExprCompiler keys) {
    int n = table.columns.size();
    Expr[] eq = new Expr[n];
    List<Expr>[] ins = newListArray(n);
    Expr[] lo = new Expr[n];
    boolean[] loIncl = new boolean[n];
    Expr[] hi = new Expr[n];
    boolean[] hiIncl = new boolean[n];
    for (Expression c : conjuncts) {
      if (c instanceof Between b && !b.isNot()) {
        int col = columnOf(b.getLeftExpression());
        Expr a = keyExpr(b.getBetweenExpressionStart(), keys, col);
        Expr z = keyExpr(b.getBetweenExpressionEnd(), keys, col);
        if (col >= 0 && a != null && z != null) {
          lo[col] = a;
          loIncl[col] = true;
          hi[col] = z;
          hiIncl[col] = true;
        }
      } else if (c instanceof InExpression in
          && !in.isNot()
          && in.getRightExpression() instanceof ExpressionList<?> list) {
        int col = columnOf(in.getLeftExpression());
        if (col < 0) {
          continue;
        }
        List<Expr> items = new ArrayList<>();
        for (Expression x : list) {
          Expr k = keyExpr(x, keys, col);
          if (k == null) {
            items = null;
            break;
          }
          items.add(k);
        }
        if (items != null) {
          ins[col] = items;
        }
      } else if (c instanceof ComparisonOperator && !(c instanceof NotEqualsTo)) {
        BinaryExpression b = (BinaryExpression) c;
        int op = ExprCompiler.opOf(b);
        int col = columnOf(b.getLeftExpression());
        Expression other = b.getRightExpression();
        if (col < 0) {
          col = columnOf(b.getRightExpression());
          other = b.getLeftExpression();
          op = flip(op);
        }
        Expr k = col < 0 ? null : keyExpr(other, keys, col);
        if (k == null) {
          continue;
        }
        switch (op) {
          case ExprCompiler.Compare.EQ -> eq[col] = k;
          case ExprCompiler.Compare.GT, ExprCompiler.Compare.GE -> {
            lo[col] = k;
            loIncl[col] = op == ExprCompiler.Compare.GE;
          }
          default -> {
            hi[col] = k;
            hiIncl[col] = op == ExprCompiler.Compare.LE;
          }
        }
      }
    }
    Path best = choose(null, table.pkSlots(), eq, ins, lo, loIncl, hi, hiIncl);
    if (table.hasPrimaryKey() && best.kind().equals("get")) {
      path = best;
      return;
    }
    for (IndexDef ix : table.indexes) {
      Path p = choose(ix, table.indexSlots(ix), eq, ins, lo, loIncl, hi, hiIncl);
      if (rank(p) > rank(best)) {
        best = p;
      }
    }
    path = best;
  }

  private static int rank(Path p) {
    return switch (p.kind()) {
      case "get" -> 5;
      case "in" -> 4;
      case "range" -> 1 + Math.min(2, p.eq().size() + (p.lo() != null || p.hi() != null ? 1 : 0));
      default -> 0;
    };
  }

  private Path choose(
      IndexDef ix,
      int[] slots,
      Expr[] eq,
      List<Expr>[] ins,
      Expr[] lo,
      boolean[] loIncl,
      Expr[] hi,
      boolean[] hiIncl) {
    if (slots.length == 0 || (ix == null && !table.hasPrimaryKey())) {
      return Path.FULL_SCAN;
    }
    List<Expr> prefix = new ArrayList<>();
    int i = 0;
    while (i < slots.length && eq[slots[i]] != null) {
      prefix.add(eq[slots[i]]);
      i++;
    }
    if (i == slots.length) {
      return new Path(ix == null ? "get" : "range", ix, prefix, null, false, null, false, null);
    }
    if (i == 0 && ins[slots[0]] != null) {
      return new Path("in", ix, List.of(), null, false, null, false, ins[slots[0]]);
    }
    int s = slots[i];
    if (i == 0 && lo[s] == null && hi[s] == null) {
      return Path.FULL_SCAN;
    }
    return new Path("range", ix, prefix, lo[s], loIncl[s], hi[s], hiIncl[s], null);
  }

  @SuppressWarnings("unchecked")
  private static List<Expr>[] newListArray(int n) {
    return (List<Expr>[]) new List<?>[n];
  }

  private static int flip(int op) {
    return switch (op) {
      case ExprCompiler.Compare.LT -> ExprCompiler.Compare.GT;
      case ExprCompiler.Compare.LE -> ExprCompiler.Compare.GE;
      case ExprCompiler.Compare.GT -> ExprCompiler.Compare.LT;
      case ExprCompiler.Compare.GE -> ExprCompiler.Compare.LE;
      default -> op;
    };
  }

  /** The position of the column {@code e} names in this table, or -1. */
  private int columnOf(Expression e) {
    if (!(e instanceof Column c) || c.getArrayConstructor() != null) {
      return -1;
    }
    if (c.getTable() != null && c.getTable().getName() != null) {
      String q = ExprCompiler.unquote(c.getTable().getName());
      if (!q.equals(alias)) {
        return -1;
      }
    }
    return table.position(ExprCompiler.unquote(c.getColumnName()));
  }

  private static Expr keyExpr(Expression e, ExprCompiler keys, int col) {
    if (col < 0) {
      return null;
    }
    try {
      Expr k = keys.compile(e);
      return k;
    } catch (SqlException ex) {
      return null;
    }
  }

  // ---- execution ----

  @Override
  Iterator<Object[]> fetch(Env env) {
    Iterator<Keyed> it = fetchKeyed(env);
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public Object[] next() {
        return it.next().row();
      }
    };
  }

  Iterator<Keyed> fetchKeyed(Env env) {
    Transaction txn = env.exec.txn;
    switch (path.kind()) {
      case "get" -> {
        Object[] pk = keyValues(path.eq(), env, table.pkSlots());
        if (pk == null) {
          return Collections.emptyIterator();
        }
        byte[] key = table.keyOfPk(pk);
        byte[] raw = txn.get(key);
        return raw == null
            ? Collections.emptyIterator()
            : List.of(new Keyed(key, table.decodeRow(raw))).iterator();
      }
      case "in" -> {
        int[] slots = path.index() == null ? table.pkSlots() : table.indexSlots(path.index());
        List<Keyed> out = new ArrayList<>();
        java.util.Set<java.nio.ByteBuffer> seen = new java.util.HashSet<>();
        for (Expr item : path.in()) {
          Object[] v = keyValues(List.of(item), env, slots);
          if (v == null) {
            continue;
          }
          if (path.index() == null && slots.length == 1) {
            byte[] key = table.keyOfPk(v);
            if (!seen.add(java.nio.ByteBuffer.wrap(key))) {
              continue;
            }
            env.exec.checkCancel();
            byte[] raw = txn.get(key);
            if (raw != null) {
              out.add(new Keyed(key, table.decodeRow(raw)));
            }
          } else {
            Bytes p =
                path.index() == null
                    ? KeyCodec.rowPrefix(table.id)
                    : KeyCodec.indexPrefix(path.index().id);
            KeyCodec.encode(p, v[0]);
            byte[] from = p.toArray();
            Iterator<Keyed> it =
                path.index() == null
                    ? rowScan(env, from, Bytes.prefixEnd(from))
                    : indexScan(env, from, Bytes.prefixEnd(from));
            while (it.hasNext()) {
              Keyed k = it.next();
              if (seen.add(java.nio.ByteBuffer.wrap(k.key()))) {
                out.add(k);
              }
            }
          }
        }
        return out.iterator();
      }
      case "range" -> {
        return range(env);
      }
      default -> {
        byte[] p = table.rowPrefix();
        return rowScan(env, p, Bytes.prefixEnd(p));
      }
    }
  }

  private Iterator<Keyed> range(Env env) {
    IndexDef ix = path.index();
    int[] slots = ix == null ? table.pkSlots() : table.indexSlots(ix);
    Bytes prefix = ix == null ? KeyCodec.rowPrefix(table.id) : KeyCodec.indexPrefix(ix.id);
    Object[] eqv = keyValues(path.eq(), env, slots);
    if (eqv == null) {
      return Collections.emptyIterator();
    }
    for (Object v : eqv) {
      KeyCodec.encode(prefix, v);
    }
    byte[] base = prefix.toArray();
    byte[] from = base;
    byte[] to = Bytes.prefixEnd(base);
    int next = path.eq().size();
    if (path.lo() != null) {
      Object v = bound(path.lo(), env, slots[next]);
      if (v == NO_ROWS) {
        return Collections.emptyIterator();
      }
      if (v != null) {
        Bytes b = new Bytes(base);
        KeyCodec.encode(b, v);
        from = path.loIncl() ? b.toArray() : Bytes.prefixEnd(b.toArray());
      }
    }
    if (path.hi() != null) {
      Object v = bound(path.hi(), env, slots[next]);
      if (v == NO_ROWS) {
        return Collections.emptyIterator();
      }
      if (v != null) {
        Bytes b = new Bytes(base);
        KeyCodec.encode(b, v);
        to = path.hiIncl() ? Bytes.prefixEnd(b.toArray()) : b.toArray();
      }
    }
    return ix == null ? rowScan(env, from, to) : indexScan(env, from, to);
  }

  private static final Object NO_ROWS = new Object();

  /** A range bound coerced to the column type; null (no bound) when not exactly representable. */
  private Object bound(Expr e, Env env, int slot) {
    Object v = e.eval(env);
    if (v == null) {
      return NO_ROWS;
    }
    ColumnDef c = table.columns.get(slot);
    try {
      Object k = Values.coerce(v, c.type, -1);
      return Values.compare(k, v) == 0 ? k : null;
    } catch (SqlException ex) {
      return null;
    }
  }

  /** Key values coerced to the key columns' types; null when no row can match. */
  private Object[] keyValues(List<Expr> exprs, Env env, int[] slots) {
    Object[] out = new Object[exprs.size()];
    for (int i = 0; i < out.length; i++) {
      Object v = exprs.get(i).eval(env);
      if (v == null) {
        return null;
      }
      ColumnDef c = table.columns.get(slots[i]);
      Object k;
      try {
        k = Values.coerce(v, c.type, -1);
      } catch (SqlException ex) {
        if (v instanceof String) {
          throw ex;
        }
        return null;
      }
      if (Values.compare(k, v) != 0) {
        return null;
      }
      out[i] = k;
    }
    return out;
  }

  private Iterator<Keyed> rowScan(Env env, byte[] from, byte[] to) {
    Iterator<KeyValue> it = env.exec.txn.scan(from, to);
    if (it instanceof AutoCloseable c) {
      env.exec.closeLater(c);
    }
    Exec ex = env.exec;
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public Keyed next() {
        ex.checkCancel();
        KeyValue kv = it.next();
        return new Keyed(kv.key(), table.decodeRow(kv.value()));
      }
    };
  }

  private Iterator<Keyed> indexScan(Env env, byte[] from, byte[] to) {
    Iterator<KeyValue> it = env.exec.txn.scan(from, to);
    if (it instanceof AutoCloseable c) {
      env.exec.closeLater(c);
    }
    Transaction txn = env.exec.txn;
    return new Iterator<>() {
      private Keyed next = advance();

      private Keyed advance() {
        while (it.hasNext()) {
          byte[] rowKey = it.next().value();
          byte[] raw = txn.get(rowKey);
          if (raw != null) {
            return new Keyed(rowKey, table.decodeRow(raw));
          }
        }
        return null;
      }

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public Keyed next() {
        if (next == null) {
          throw new NoSuchElementException();
        }
        Keyed out = next;
        next = advance();
        return out;
      }
    };
  }
}
