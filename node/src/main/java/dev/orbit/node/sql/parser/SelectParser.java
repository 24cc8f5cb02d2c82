package dev.orbit.node.sql.parser;

import java.util.ArrayList;
import java.util.List;

/** SELECT, VALUES, TABLE and set operations; FROM items and joins; WITH. */
abstract class SelectParser extends ExprParser {
  SelectParser(String sql, List<Token> tokens) {
    super(sql, tokens);
  }

  /** A statement that may stand in WITH or PREPARE: SELECT-family, INSERT, UPDATE, DELETE. */
  abstract Node preparable();

  @Override
  St.Select selectStmt() {
    int loc = loc();
    St.With with = at("with") ? withClause() : null;
    St.Select s = setExpr(0);
    trailing(s, with != null);
    if (with != null) {
      if (s.with != null) {
        throw error("42601", "multiple WITH clauses not allowed", with.loc());
      }
      s.with = with;
    }
    return s;
  }

  /** '(' select ')' — a query in parentheses, with its own ORDER BY, LIMIT and WITH. */
  @Override
  St.Select selectWithParens() {
    expectOp("(");
    enter();
    try {
      St.Select s = selectStmt();
      expectOp(")");
      return s;
    } finally {
      leave();
    }
  }

  /** Set operations by precedence: INTERSECT binds tighter than UNION and EXCEPT. */
  private St.Select setExpr(int minPrec) {
    St.Select left = setOperand();
    while (true) {
      Token t = peek();
      int prec = t.is("union") || t.is("except") ? 1 : t.is("intersect") ? 2 : -1;
      if (prec < 0 || prec < minPrec) {
        return left;
      }
      next();
      boolean all = accept("all");
      if (!all) {
        accept("distinct");
      }
      St.Select right = setExpr(prec + 1);
      St.Select op = new St.Select(t.start());
      op.op = t.keyword().toUpperCase();
      op.all = all;
      op.left = left;
      op.right = right;
      left = op;
    }
  }

  private St.Select setOperand() {
    if (atOp("(")) {
      return selectWithParens();
    }
    if (at("select")) {
      return simpleSelect();
    }
    if (at("values")) {
      return values();
    }
    if (at("table")) {
      int loc = next().start();
      St.Select s = new St.Select(loc);
      s.distinctOn = null;
      s.targets = List.of(new St.Target(null, null, new Ex.ColumnRef(List.of(), true, loc), loc));
      s.from = List.of(relationExpr());
      return s;
    }
    throw syntaxError();
  }

  /** ORDER BY, LIMIT/OFFSET/FETCH and FOR UPDATE after a select clause. */
  private void trailing(St.Select s, boolean hadWith) {
    if (at("order") && peek(1).is("by")) {
      int loc = next().start();
      next();
      if (!s.orderBy.isEmpty()) {
        throw error("42601", "multiple ORDER BY clauses not allowed", loc);
      }
      s.orderBy = sortList();
    }
    boolean limitSeen = false;
    boolean offsetSeen = false;
    while (true) {
      if (at("limit")) {
        int loc = next().start();
        if (limitSeen || s.limit != null || s.limitAll) {
          throw error("42601", "multiple LIMIT clauses not allowed", loc);
        }
        limitSeen = true;
        if (accept("all")) {
          s.limitAll = true;
        } else {
          s.limit = expr();
          if (atOp(",")) {
            throw error("42601", "LIMIT #,# syntax is not supported", loc)
                .withHint("Use separate LIMIT and OFFSET clauses.");
          }
        }
      } else if (at("offset")) {
        int loc = next().start();
        if (offsetSeen || s.offset != null) {
          throw error("42601", "multiple OFFSET clauses not allowed", loc);
        }
        offsetSeen = true;
        s.offset = expr();
        if (!accept("row")) {
          accept("rows");
        }
      } else if (at("fetch")) {
        int loc = next().start();
        if (limitSeen || s.limit != null) {
          throw error("42601", "multiple LIMIT clauses not allowed", loc);
        }
        limitSeen = true;
        if (!accept("first")) {
          expect("next");
        }
        if (at("row") || at("rows")) {
          s.limit = new Ex.Const("INT", "1", loc);
        } else {
          s.limit = fetchCount();
        }
        if (!accept("row")) {
          expect("rows");
        }
        if (accept("with")) {
          expect("ties");
          s.withTies = true;
        } else {
          expect("only");
        }
      } else if (at("for")) {
        s.locking = new ArrayList<>(s.locking);
        s.locking.add(locking());
      } else {
        break;
      }
    }
  }

  private Node fetchCount() {
    int loc = loc();
    if (atOp("+") || atOp("-")) {
      boolean neg = next().text().equals("-");
      Token t = next();
      if (t.kind() != Token.Kind.ICONST && t.kind() != Token.Kind.FCONST) {
        throw syntaxErrorAt(t);
      }
      return new Ex.Const(
          t.kind() == Token.Kind.ICONST ? "INT" : "NUM", (neg ? "-" : "") + t.text(), loc);
    }
    return primary();
  }

  private St.Locking locking() {
    expect("for");
    if (accept("read")) {
      expect("only");
      return new St.Locking("READ ONLY", List.of(), null);
    }
    String strength;
    if (accept("update")) {
      strength = "UPDATE";
    } else if (accept("no")) {
      expect("key");
      expect("update");
      strength = "NO KEY UPDATE";
    } else if (accept("share")) {
      strength = "SHARE";
    } else {
      expect("key");
      expect("share");
      strength = "KEY SHARE";
    }
    List<St.RangeVar> of = new ArrayList<>();
    if (accept("of")) {
      do {
        of.add(qualifiedName());
      } while (acceptOp(","));
    }
    String wait = null;
    if (accept("nowait")) {
      wait = "NOWAIT";
    } else if (accept("skip")) {
      expect("locked");
      wait = "SKIP LOCKED";
    }
    return new St.Locking(strength, of, wait);
  }

  private St.Select values() {
    int loc = expect("values").start();
    St.Select s = new St.Select(loc);
    List<List<Node>> rows = new ArrayList<>();
    do {
      expectOp("(");
      List<Node> row = new ArrayList<>();
      do {
        row.add(at("default") ? new Ex.Default(next().start()) : expr());
      } while (acceptOp(","));
      expectOp(")");
      rows.add(row);
    } while (acceptOp(","));
    s.values = rows;
    return s;
  }

  private St.Select simpleSelect() {
    int loc = expect("select").start();
    St.Select s = new St.Select(loc);
    if (accept("distinct")) {
      if (accept("on")) {
        expectOp("(");
        s.distinctOn = exprList();
        expectOp(")");
      } else {
        s.distinctOn = List.of();
      }
    } else {
      accept("all");
    }
    s.targets = targetList();
    if (at("into")) {
      s.into = into();
    }
    if (accept("from")) {
      s.from = fromList();
    }
    if (accept("where")) {
      s.where = expr();
    }
    if (at("group") && peek(1).is("by")) {
      next();
      next();
      if (accept("distinct")) {
        s.groupDistinct = true;
      } else {
        accept("all");
      }
      s.groupBy = groupByList();
    }
    if (accept("having")) {
      s.having = expr();
    }
    if (accept("window")) {
      List<Ex.WindowDef> ws = new ArrayList<>();
      do {
        String name = colId();
        expect("as");
        ws.add(windowSpec(name));
      } while (acceptOp(","));
      s.windows = ws;
    }
    return s;
  }

  private St.Into into() {
    next();
    boolean temp = false;
    boolean unlogged = false;
    if (accept("temporary") || accept("temp")) {
      temp = true;
    } else if (accept("local") || accept("global")) {
      if (!accept("temporary")) {
        expect("temp");
      }
      temp = true;
    } else if (accept("unlogged")) {
      unlogged = true;
    }
    accept("table");
    return new St.Into(qualifiedName(), temp, unlogged);
  }

  List<St.Target> targetList() {
    List<St.Target> out = new ArrayList<>();
    if (atEof()
        || at("from")
        || at("into")
        || at("where")
        || at("group")
        || at("having")
        || at("window")
        || at("order")
        || at("limit")
        || at("offset")
        || at("union")
        || at("intersect")
        || at("except")
        || at("fetch")
        || at("for")
        || atOp(")")
        || atOp(";")) {
      return out;
    }
    do {
      out.add(target());
    } while (acceptOp(","));
    return out;
  }

  St.Target target() {
    int loc = loc();
    if (atOp("*")) {
      next();
      return new St.Target(null, null, new Ex.ColumnRef(List.of(), true, loc), loc);
    }
    Node e = expr();
    String name = null;
    if (accept("as")) {
      name = colLabel();
    } else if (isBareColLabel(peek()) && peek().kind() != Token.Kind.EOF) {
      name = next().text();
    }
    return new St.Target(name, null, e, loc);
  }

  List<Node> groupByList() {
    List<Node> out = new ArrayList<>();
    do {
      out.add(groupingElement());
    } while (acceptOp(","));
    return out;
  }

  private Node groupingElement() {
    int loc = loc();
    if (atOp("(") && peek(1).isOp(")")) {
      next();
      next();
      return new St.GroupingSet("EMPTY", List.of(), loc);
    }
    if ((at("rollup") || at("cube")) && peek(1).isOp("(")) {
      String kind = next().keyword().toUpperCase();
      next();
      List<Node> items = exprList();
      expectOp(")");
      return new St.GroupingSet(kind, items, loc);
    }
    if (at("grouping") && peek(1).is("sets")) {
      next();
      next();
      expectOp("(");
      List<Node> items = groupByList();
      expectOp(")");
      return new St.GroupingSet("SETS", items, loc);
    }
    return expr();
  }

  // ---- WITH ----

  St.With withClause() {
    int loc = expect("with").start();
    boolean recursive = accept("recursive");
    List<St.Cte> ctes = new ArrayList<>();
    do {
      int cl = loc();
      String name = colId();
      List<String> cols = null;
      if (atOp("(")) {
        next();
        cols = nameList();
        expectOp(")");
      }
      expect("as");
      Boolean materialized = null;
      if (accept("materialized")) {
        materialized = true;
      } else if (accept("not", "materialized")) {
        materialized = false;
      }
      expectOp("(");
      Node q = preparable();
      expectOp(")");
      Node search = null;
      Node cycle = null;
      if (at("search")) {
        int sl = next().start();
        boolean breadth = accept("breadth");
        if (!breadth) {
          expect("depth");
        }
        expect("first");
        expect("by");
        List<String> by = nameList();
        expect("set");
        search = new St.SearchClause(breadth, by, colId(), sl);
      }
      if (at("cycle")) {
        int yl = next().start();
        List<String> cols2 = nameList();
        expect("set");
        String mark = colId();
        Node markValue = null;
        Node markDefault = null;
        if (accept("to")) {
          markValue = primary();
          expect("default");
          markDefault = primary();
        }
        expect("using");
        cycle = new St.CycleClause(cols2, mark, markValue, markDefault, colId(), yl);
      }
      ctes.add(new St.Cte(name, cols, q, materialized, search, cycle, cl));
    } while (acceptOp(","));
    return new St.With(recursive, ctes, loc);
  }

  // ---- FROM ----

  List<Node> fromList() {
    List<Node> out = new ArrayList<>();
    do {
      out.add(tableRef());
    } while (acceptOp(","));
    return out;
  }

  Node tableRef() {
    enter();
    try {
      Node left = tablePrimary();
      while (true) {
        int loc = loc();
        if (at("cross") && peek(1).is("join")) {
          next();
          next();
          Node right = tablePrimary();
          left = new St.Join("CROSS", false, left, right, null, null, null, null, loc);
          continue;
        }
        boolean natural = accept("natural");
        String type = joinType();
        if (type == null) {
          if (natural) {
            throw syntaxError();
          }
          return left;
        }
        // the right side may hold joins of its own before this join's ON/USING
        Node right = natural ? tablePrimary() : tableRef();
        List<String> using = null;
        String usingAlias = null;
        Node on = null;
        if (!natural) {
          if (accept("using")) {
            expectOp("(");
            using = nameList();
            expectOp(")");
            if (accept("as")) {
              usingAlias = colId();
            }
          } else if (accept("on")) {
            on = expr();
          } else {
            throw syntaxError();
          }
        }
        left = new St.Join(type, natural, left, right, using, usingAlias, on, null, loc);
      }
    } finally {
      leave();
    }
  }

  /** [INNER | LEFT [OUTER] | RIGHT [OUTER] | FULL [OUTER]] JOIN; null when no join starts. */
  private String joinType() {
    if (accept("join")) {
      return "INNER";
    }
    String type = null;
    if (at("inner") && peek(1).is("join")) {
      type = "INNER";
      next();
    } else if ((at("left") || at("right") || at("full"))
        && (peek(1).is("join") || (peek(1).is("outer") && peek(2).is("join")))) {
      type = next().keyword().toUpperCase();
      accept("outer");
    }
    if (type != null) {
      expect("join");
    }
    return type;
  }

  private Node tablePrimary() {
    int loc = loc();
    boolean lateral = accept("lateral");
    if (atOp("(")) {
      if (selectStartsAfterParens()) {
        int save = pos;
        try {
          St.Select q = selectWithParens();
          St.Alias alias = aliasClause(false);
          return new St.RangeSubselect(lateral, q, alias, loc);
        } catch (dev.orbit.node.sql.SqlException e) {
          if (lateral) {
            throw e;
          }
          pos = save;
        }
      }
      if (lateral) {
        throw syntaxError();
      }
      next();
      Node inner = tableRef();
      expectOp(")");
      St.Alias alias = aliasClause(false);
      if (inner instanceof St.Join j) {
        return alias == null
            ? j
            : new St.Join(
                j.type(),
                j.natural(),
                j.left(),
                j.right(),
                j.using(),
                j.usingAlias(),
                j.on(),
                alias,
                j.loc());
      }
      if (alias != null) {
        throw syntaxError();
      }
      return inner;
    }
    if (at("rows") && peek(1).is("from")) {
      next();
      next();
      expectOp("(");
      List<Node> fns = new ArrayList<>();
      List<List<Ddl.ColumnDef>> defs = new ArrayList<>();
      do {
        fns.add(functionInFrom());
        if (accept("as")) {
          expectOp("(");
          defs.add(columnDefList());
        } else {
          defs.add(null);
        }
      } while (acceptOp(","));
      expectOp(")");
      boolean ord = accept("with", "ordinality");
      return new St.RangeFunction(lateral, ord, true, fns, defs, aliasClause(false), loc);
    }
    if (at("xmltable")) {
      throw error("0A000", "XMLTABLE is not supported", loc);
    }
    if (at("only")) {
      if (lateral) {
        throw syntaxError();
      }
      return relationExpr();
    }
    // a function call or a relation
    int save = pos;
    if (startsSpecialFunction()) {
      Node fn = functionInFrom();
      boolean ord = accept("with", "ordinality");
      FuncAlias fa = funcAlias();
      List<List<Ddl.ColumnDef>> defs = new ArrayList<>();
      defs.add(fa.defs);
      return new St.RangeFunction(lateral, ord, false, List.of(fn), defs, fa.alias, loc);
    }
    if (isColId(peek()) || isTypeFunctionName(peek())) {
      int k = 1;
      while (peek(k).isOp(".") && isColLabel(peek(k + 1))) {
        k += 2;
      }
      if (peek(k).isOp("(")) {
        Node fn = functionInFrom();
        boolean ord = accept("with", "ordinality");
        FuncAlias fa = funcAlias();
        List<List<Ddl.ColumnDef>> defs = new ArrayList<>();
        defs.add(fa.defs);
        return new St.RangeFunction(lateral, ord, false, List.of(fn), defs, fa.alias, loc);
      }
    }
    pos = save;
    if (lateral) {
      throw syntaxError();
    }
    return relationExpr();
  }

  /** Keyword-introduced function forms allowed in FROM (CURRENT_DATE, CAST(…), COLLATION FOR …). */
  private boolean startsSpecialFunction() {
    Token t = peek();
    if (t.keyword() == null || t.kind() != Token.Kind.IDENT) {
      return false;
    }
    return switch (t.keyword()) {
      case "current_date",
          "current_time",
          "current_timestamp",
          "localtime",
          "localtimestamp",
          "current_user",
          "current_role",
          "session_user",
          "user",
          "current_catalog" ->
          true;
      case "current_schema" -> !peek(1).isOp("(");
      case "collation" -> peek(1).is("for");
      case "cast" -> peek(1).isOp("(");
      default -> false;
    };
  }

  private Node functionInFrom() {
    int loc = loc();
    Node e = primary();
    if (!(e instanceof Ex.Func) && !(e instanceof Ex.SqlValue) && !(e instanceof Ex.Cast)) {
      throw error("42601", "syntax error at or near \"" + image(tokens.get(pos - 1)) + "\"", loc);
    }
    return e;
  }

  private record FuncAlias(St.Alias alias, List<Ddl.ColumnDef> defs) {}

  /** alias, alias(cols), AS (coldefs) or alias(coldefs) after a function in FROM. */
  private FuncAlias funcAlias() {
    boolean as = accept("as");
    if (as && atOp("(")) {
      next();
      return new FuncAlias(null, columnDefList());
    }
    String name = null;
    if (as) {
      name = colId();
    } else if (isColId(peek()) && !atAliasStopWord()) {
      name = colId();
    } else {
      return new FuncAlias(null, null);
    }
    if (atOp("(")) {
      next();
      // a column name list, or a column definition list (name type, …)
      if (isColId(peek()) && !(peek(1).isOp(",") || peek(1).isOp(")"))) {
        return new FuncAlias(new St.Alias(name, null), columnDefList());
      }
      List<String> cols = nameList();
      expectOp(")");
      return new FuncAlias(new St.Alias(name, cols), null);
    }
    return new FuncAlias(new St.Alias(name, null), null);
  }

  /** TableFuncElementList ')' (the '(' was read). */
  List<Ddl.ColumnDef> columnDefList() {
    List<Ddl.ColumnDef> out = new ArrayList<>();
    do {
      int loc = loc();
      String n = colId();
      TypeName t = typeName();
      List<String> coll = null;
      if (accept("collate")) {
        coll = anyName();
      }
      out.add(new Ddl.ColumnDef(n, t, List.of(), coll, loc));
    } while (acceptOp(","));
    expectOp(")");
    return out;
  }

  /** [ONLY] name [*] [alias] [TABLESAMPLE …]. */
  St.RangeVar relationExpr() {
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
    St.Alias alias = aliasClause(false);
    if (at("tablesample")) {
      throw error("0A000", "TABLESAMPLE is not supported", loc());
    }
    return new St.RangeVar(rv.schema(), rv.name(), !only, alias, loc);
  }

  /** Words that end a FROM item rather than alias it (besides reserved keywords). */
  boolean atAliasStopWord() {
    return false;
  }

  /** [AS] alias [(cols)]; without AS the alias must be a ColId. */
  St.Alias aliasClause(boolean forUpdate) {
    String name;
    if (accept("as")) {
      name = colId();
    } else if (isColId(peek()) && !(forUpdate && at("set")) && !atAliasStopWord()) {
      name = colId();
    } else {
      return null;
    }
    List<String> cols = null;
    if (atOp("(")) {
      next();
      cols = nameList();
      expectOp(")");
    }
    return new St.Alias(name, cols);
  }
}
