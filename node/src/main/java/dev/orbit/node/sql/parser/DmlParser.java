package dev.orbit.node.sql.parser;

import java.util.ArrayList;
import java.util.List;

/** INSERT, UPDATE and DELETE. */
abstract class DmlParser extends SelectParser {
  DmlParser(String sql, List<Token> tokens) {
    super(sql, tokens);
  }

  @Override
  Node preparable() {
    if (at("insert")) {
      return insert(null);
    }
    if (at("update")) {
      return update(null);
    }
    if (at("delete")) {
      return delete(null);
    }
    if (at("with")) {
      int save = pos;
      St.With with = withClause();
      if (at("insert")) {
        return insert(with);
      }
      if (at("update")) {
        return update(with);
      }
      if (at("delete")) {
        return delete(with);
      }
      pos = save;
    }
    if (at("merge")) {
      throw error("0A000", "MERGE is not supported", loc());
    }
    return selectStmt();
  }

  St.Insert insert(St.With with) {
    int loc = expect("insert").start();
    expect("into");
    St.RangeVar table = qualifiedName();
    if (accept("as")) {
      table = table.withAlias(new St.Alias(colId(), null));
    }
    List<St.Target> cols = List.of();
    if (atOp("(") && !selectStartsAfterParens()) {
      next();
      cols = new ArrayList<>();
      do {
        int cl = loc();
        String name = colId();
        List<Node> ind = indirectionList();
        cols.add(new St.Target(name, ind, null, cl));
      } while (acceptOp(","));
      expectOp(")");
    }
    String overriding = null;
    if (accept("overriding")) {
      overriding = accept("system") ? "SYSTEM" : null;
      if (overriding == null) {
        expect("user");
        overriding = "USER";
      }
      expect("value");
    }
    St.Select source = null;
    if (accept("default")) {
      expect("values");
    } else {
      source = selectStmt();
    }
    St.OnConflict oc = null;
    if (at("on") && peek(1).is("conflict")) {
      oc = onConflict();
    }
    List<St.Target> returning = returning();
    return new St.Insert(with, table, cols, source, overriding, oc, returning, loc);
  }

  /** Subscripts and field names after a column name of INSERT or SET. */
  private List<Node> indirectionList() {
    List<Node> out = new ArrayList<>();
    while (true) {
      int loc = loc();
      if (acceptOp(".")) {
        out.add(new Ex.Field(null, colLabel(), loc));
      } else if (acceptOp("[")) {
        Node lower = null;
        Node upper = null;
        boolean slice = false;
        if (!atOp(":")) {
          lower = expr();
        }
        if (acceptOp(":")) {
          slice = true;
          if (!atOp("]")) {
            upper = expr();
          }
        }
        expectOp("]");
        out.add(new Ex.Subscript(null, lower, upper, slice, loc));
      } else {
        return out;
      }
    }
  }

  private St.OnConflict onConflict() {
    int loc = next().start();
    next();
    List<Ddl.IndexElem> cols = null;
    Node targetWhere = null;
    String constraint = null;
    if (atOp("(")) {
      next();
      cols = indexElems();
      expectOp(")");
      if (accept("where")) {
        targetWhere = expr();
      }
    } else if (accept("on")) {
      expect("constraint");
      constraint = colId();
    }
    expect("do");
    if (accept("nothing")) {
      return new St.OnConflict(cols, targetWhere, constraint, true, List.of(), null, loc);
    }
    expect("update");
    expect("set");
    List<Node> set = setClauses();
    Node where = accept("where") ? expr() : null;
    return new St.OnConflict(cols, targetWhere, constraint, false, set, where, loc);
  }

  /** Index columns or expressions, as in CREATE INDEX and ON CONFLICT. */
  List<Ddl.IndexElem> indexElems() {
    List<Ddl.IndexElem> out = new ArrayList<>();
    do {
      int loc = loc();
      String column = null;
      Node e = null;
      if (atOp("(")) {
        next();
        e = expr();
        expectOp(")");
      } else if (isColId(peek()) && !(peek(1).isOp("(") || peek(1).isOp("."))) {
        column = colId();
      } else {
        e = primary();
        if (e instanceof Ex.ColumnRef c && c.fields().size() == 1 && !c.star()) {
          column = c.fields().get(0);
          e = null;
        }
      }
      List<String> collation = null;
      if (accept("collate")) {
        collation = anyName();
      }
      List<String> opclass = null;
      if (isColId(peek()) && !at("asc") && !at("desc") && !at("nulls")) {
        opclass = anyName();
        if (atOp("(")) {
          // operator class parameters (siglen = …): skipped
          int depth = 0;
          do {
            if (atOp("(")) {
              depth++;
            } else if (atOp(")")) {
              depth--;
            }
            next();
          } while (depth > 0 && !atEof());
        }
      }
      String dir = accept("asc") ? "ASC" : accept("desc") ? "DESC" : null;
      String nulls = null;
      if (accept("nulls")) {
        nulls = accept("first") ? "FIRST" : null;
        if (nulls == null) {
          expect("last");
          nulls = "LAST";
        }
      }
      out.add(new Ddl.IndexElem(column, e, collation, opclass, dir, nulls, loc));
    } while (acceptOp(","));
    return out;
  }

  List<Node> setClauses() {
    List<Node> out = new ArrayList<>();
    do {
      int loc = loc();
      if (atOp("(")) {
        next();
        List<St.Target> targets = new ArrayList<>();
        do {
          int tl = loc();
          String name = colId();
          targets.add(new St.Target(name, indirectionList(), null, tl));
        } while (acceptOp(","));
        expectOp(")");
        expectOp("=");
        out.add(new St.MultiAssign(targets, multiAssignSource(), loc));
      } else {
        String name = colId();
        List<Node> ind = indirectionList();
        expectOp("=");
        Node v = at("default") ? new Ex.Default(next().start()) : expr();
        out.add(new St.Target(name, ind, v, loc));
      }
    } while (acceptOp(","));
    return out;
  }

  /** The source of SET (a, b) = …: a subquery, or a row whose items may be DEFAULT. */
  private Node multiAssignSource() {
    int loc = loc();
    boolean row = accept("row");
    if (!row && atOp("(") && selectStartsAfterParens()) {
      return expr();
    }
    if (!atOp("(")) {
      return expr();
    }
    next();
    List<Node> items = new ArrayList<>();
    do {
      items.add(at("default") ? new Ex.Default(next().start()) : expr());
    } while (acceptOp(","));
    expectOp(")");
    return new Ex.Row(items, row, loc);
  }

  List<St.Target> returning() {
    if (!accept("returning")) {
      return null;
    }
    List<St.Target> out = new ArrayList<>();
    do {
      out.add(target());
    } while (acceptOp(","));
    return out;
  }

  St.Update update(St.With with) {
    int loc = expect("update").start();
    St.RangeVar table = relationNoAlias();
    St.Alias alias = aliasClause(true);
    if (alias != null) {
      table = table.withAlias(alias);
    }
    expect("set");
    List<Node> set = setClauses();
    List<Node> from = List.of();
    if (accept("from")) {
      from = fromList();
    }
    Node where = null;
    String cursor = null;
    if (accept("where")) {
      if (accept("current")) {
        expect("of");
        cursor = colId();
      } else {
        where = expr();
      }
    }
    return new St.Update(with, table, set, from, where, cursor, returning(), loc);
  }

  St.Delete delete(St.With with) {
    int loc = expect("delete").start();
    expect("from");
    St.RangeVar table = relationNoAlias();
    St.Alias alias = aliasClause(false);
    if (alias != null) {
      table = table.withAlias(alias);
    }
    List<Node> using = List.of();
    if (accept("using")) {
      using = fromList();
    }
    Node where = null;
    String cursor = null;
    if (accept("where")) {
      if (accept("current")) {
        expect("of");
        cursor = colId();
      } else {
        where = expr();
      }
    }
    return new St.Delete(with, table, using, where, cursor, returning(), loc);
  }

  /** [ONLY] qualified_name [*] without an alias. */
  St.RangeVar relationNoAlias() {
    int loc = loc();
    boolean only = accept("only");
    St.RangeVar rv;
    if (only && atOp("(")) {
      next();
      rv = qualifiedName();
      expectOp(")");
    } else {
      rv = qualifiedName();
    }
    if (!only) {
      acceptOp("*");
    }
    return new St.RangeVar(rv.schema(), rv.name(), !only, null, loc);
  }
}
