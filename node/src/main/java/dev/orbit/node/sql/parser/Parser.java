package dev.orbit.node.sql.parser;

import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL 15's SQL grammar by recursive descent, producing {@link Node} trees with the position
 * of every node, so errors point where PostgreSQL's would. {@link #parse} splits a query string at
 * its top-level semicolons (as PostgreSQL does, keeping BEGIN ATOMIC bodies whole) and parses every
 * statement before any runs.
 */
public final class Parser extends AlterParser {
  /** One statement of a query string: its text, where it starts, and its tree. */
  public record Statement(String text, int start, Node tree) {}

  private Parser(String sql, List<Token> tokens) {
    super(sql, tokens);
  }

  /** Every statement of {@code sql}; empty statements are left out. */
  public static List<Statement> parse(String sql) {
    List<Token> all = Lexer.tokenize(sql);
    List<Statement> out = new ArrayList<>();
    int from = 0;
    while (from < all.size() && all.get(from).kind() != Token.Kind.EOF) {
      int end = statementEnd(all, from);
      Token term = all.get(end);
      if (end > from) {
        List<Token> toks = new ArrayList<>(all.subList(from, end));
        // the terminator ends the grammar; a ';' is still named in messages
        toks.add(
            new Token(
                Token.Kind.EOF,
                term.kind() == Token.Kind.EOF ? "" : ";",
                term.start(),
                term.end(),
                null));
        Parser p = new Parser(sql, toks);
        Node tree = p.statement();
        int s = toks.get(0).start();
        int e = term.kind() == Token.Kind.EOF ? sql.length() : term.start();
        out.add(new Statement(sql.substring(s, e).trim(), s, tree));
      }
      from = term.kind() == Token.Kind.EOF ? end : end + 1;
    }
    return out;
  }

  /** Parses one statement; fails when {@code sql} holds more than one. */
  public static Node parseOne(String sql) {
    List<Statement> s = parse(sql);
    if (s.size() > 1) {
      throw new dev.orbit.node.sql.SqlException(
          "42601", "cannot insert multiple commands into a prepared statement");
    }
    return s.isEmpty() ? null : s.get(0).tree();
  }

  /** A standalone expression (stored defaults, CHECK constraints, view columns). */
  public static Node parseExpression(String sql) {
    List<Token> toks = Lexer.tokenize(sql);
    Parser p = new Parser(sql, toks);
    Node e = p.expr();
    if (!p.atEof()) {
      throw p.syntaxError();
    }
    return e;
  }

  /** A standalone type name (casts stored as text, regtype input). */
  public static TypeName parseTypeName(String sql) {
    List<Token> toks = Lexer.tokenize(sql);
    Parser p = new Parser(sql, toks);
    TypeName t = p.typeName();
    if (!p.atEof()) {
      throw p.syntaxError();
    }
    return t;
  }

  /** The index of the ';' or EOF that ends the statement starting at {@code from}. */
  private static int statementEnd(List<Token> all, int from) {
    boolean function = isCreateRoutine(all, from);
    int paren = 0;
    int begin = 0;
    for (int i = from; i < all.size(); i++) {
      Token t = all.get(i);
      if (t.kind() == Token.Kind.EOF) {
        return i;
      }
      if (t.isOp("(")) {
        paren++;
      } else if (t.isOp(")")) {
        paren = Math.max(0, paren - 1);
      } else if (function && paren == 0 && t.kind() == Token.Kind.IDENT) {
        if (t.is("begin") && i + 1 < all.size() && all.get(i + 1).is("atomic")) {
          begin++;
        } else if (t.is("case") && begin > 0) {
          begin++;
        } else if (t.is("end") && begin > 0) {
          begin--;
        }
      } else if (t.isOp(";") && paren == 0 && begin == 0) {
        return i;
      }
    }
    return all.size() - 1;
  }

  private static boolean isCreateRoutine(List<Token> all, int from) {
    if (!all.get(from).is("create")) {
      return false;
    }
    int k = from + 1;
    if (all.get(k).is("or") && all.get(k + 1).is("replace")) {
      k += 2;
    }
    return all.get(k).is("function") || all.get(k).is("procedure");
  }

  // ---- statements ----

  private Node statement() {
    Node n = statementBody();
    if (!atEof()) {
      throw syntaxError();
    }
    return n;
  }

  private Node statementBody() {
    Token t = peek();
    int loc = t.start();
    if (t.isOp("(")) {
      return selectStmt();
    }
    if (t.kind() != Token.Kind.IDENT || t.keyword() == null) {
      throw syntaxError();
    }
    switch (t.keyword()) {
      case "select", "values", "table", "with", "insert", "update", "delete", "merge":
        return preparable();
      case "create":
        next();
        return create(loc);
      case "alter":
        next();
        return alter(loc);
      case "drop":
        next();
        return drop(loc);
      case "comment":
        next();
        return comment(loc);
      case "truncate":
        next();
        return truncate(loc);
      case "begin", "start", "commit", "end", "rollback", "abort", "savepoint", "release":
        return transaction();
      case "prepare":
        return prepare();
      case "execute":
        {
          next();
          String name = colId();
          List<Node> params = List.of();
          if (acceptOp("(")) {
            params = exprList();
            expectOp(")");
          }
          return new Util.Execute(name, params, loc);
        }
      case "deallocate":
        next();
        accept("prepare");
        if (accept("all")) {
          return new Util.Deallocate(null, loc);
        }
        return new Util.Deallocate(colId(), loc);
      case "set":
        return set();
      case "show":
        return show();
      case "reset":
        return reset();
      case "copy":
        return CopyParser.copy(this);
      case "explain":
        return explain();
      case "declare":
        return declare();
      case "fetch", "move":
        return fetch();
      case "close":
        next();
        if (accept("all")) {
          return new Util.Close(null, loc);
        }
        return new Util.Close(colId(), loc);
      case "listen":
        next();
        return new Util.Listen(colId(), loc);
      case "unlisten":
        next();
        if (acceptOp("*")) {
          return new Util.Unlisten(null, loc);
        }
        return new Util.Unlisten(colId(), loc);
      case "notify":
        {
          next();
          String ch = colId();
          String payload = null;
          if (acceptOp(",")) {
            payload = sconst();
          }
          return new Util.Notify(ch, payload, loc);
        }
      case "vacuum", "analyze", "analyse":
        return vacuum();
      case "lock":
        return lock();
      case "discard":
        {
          next();
          String what;
          if (accept("all") || accept("plans") || accept("sequences")) {
            what = tokens.get(pos - 1).keyword().toUpperCase();
          } else if (accept("temp") || accept("temporary")) {
            what = "TEMP";
          } else {
            throw syntaxError();
          }
          return new Util.Discard(what, loc);
        }
      case "checkpoint":
        next();
        return new Util.Checkpoint(loc);
      case "grant", "revoke":
        {
          boolean grant = next().is("grant");
          int s = pos;
          skipToEnd();
          String text = sql.substring(tokens.get(s).start(), tokens.get(pos).start()).trim();
          return new Util.Grant(grant, text, loc);
        }
      case "call":
        {
          next();
          Node f = primary();
          if (!(f instanceof Ex.Func fn)) {
            throw syntaxError();
          }
          return new Util.Call(fn, loc);
        }
      case "do", "cluster", "reindex", "load", "security", "refresh", "reassign", "import":
        {
          String what = t.keyword().toUpperCase();
          if (what.equals("REFRESH")) {
            what = "REFRESH MATERIALIZED VIEW";
          } else if (what.equals("SECURITY")) {
            what = "SECURITY LABEL";
          } else if (what.equals("IMPORT")) {
            what = "IMPORT FOREIGN SCHEMA";
          } else if (what.equals("REASSIGN")) {
            what = "REASSIGN OWNED";
          }
          skipToEnd();
          return new Util.Unsupported(what, loc);
        }
      default:
        throw syntaxError();
    }
  }

  private Node transaction() {
    Token t = next();
    int loc = t.start();
    String kw = t.keyword();
    switch (kw) {
      case "begin":
        if (!accept("work")) {
          accept("transaction");
        }
        return new Util.Transaction("BEGIN", null, transactionModes(), false, loc);
      case "start":
        expect("transaction");
        return new Util.Transaction("START", null, transactionModes(), false, loc);
      case "commit", "end":
        if (kw.equals("commit") && accept("prepared")) {
          return new Util.Transaction("COMMIT_PREPARED", sconst(), List.of(), false, loc);
        }
        if (!accept("work")) {
          accept("transaction");
        }
        return new Util.Transaction("COMMIT", null, List.of(), chain(), loc);
      case "rollback", "abort":
        if (kw.equals("rollback") && accept("prepared")) {
          return new Util.Transaction("ROLLBACK_PREPARED", sconst(), List.of(), false, loc);
        }
        if (!accept("work")) {
          accept("transaction");
        }
        if (kw.equals("rollback") && accept("to")) {
          accept("savepoint");
          return new Util.Transaction("ROLLBACK_TO", colId(), List.of(), false, loc);
        }
        return new Util.Transaction("ROLLBACK", null, List.of(), chain(), loc);
      case "savepoint":
        return new Util.Transaction("SAVEPOINT", colId(), List.of(), false, loc);
      default:
        accept("savepoint");
        return new Util.Transaction("RELEASE", colId(), List.of(), false, loc);
    }
  }

  private boolean chain() {
    if (accept("and")) {
      boolean no = accept("no");
      expect("chain");
      return !no;
    }
    return false;
  }

  /**
   * Transaction modes, normalized: "ISOLATION LEVEL X", "READ ONLY", "READ WRITE", "[NOT]
   * DEFERRABLE".
   */
  List<String> transactionModes() {
    List<String> out = new ArrayList<>();
    while (true) {
      if (accept("isolation")) {
        expect("level");
        String level;
        if (accept("serializable")) {
          level = "SERIALIZABLE";
        } else if (accept("repeatable")) {
          expect("read");
          level = "REPEATABLE READ";
        } else {
          expect("read");
          if (accept("committed")) {
            level = "READ COMMITTED";
          } else {
            expect("uncommitted");
            level = "READ UNCOMMITTED";
          }
        }
        out.add("ISOLATION LEVEL " + level);
      } else if (at("read") && (peek(1).is("only") || peek(1).is("write"))) {
        next();
        out.add(next().is("only") ? "READ ONLY" : "READ WRITE");
      } else if (accept("deferrable")) {
        out.add("DEFERRABLE");
      } else if (at("not") && peek(1).is("deferrable")) {
        next();
        next();
        out.add("NOT DEFERRABLE");
      } else {
        return out;
      }
      acceptOp(",");
    }
  }

  private Node prepare() {
    int loc = next().start();
    if (accept("transaction")) {
      return new Util.Transaction("PREPARE", sconst(), List.of(), false, loc);
    }
    String name = colId();
    List<TypeName> types = List.of();
    if (acceptOp("(")) {
      types = new ArrayList<>();
      do {
        types.add(typeName());
      } while (acceptOp(","));
      expectOp(")");
    }
    expect("as");
    return new Util.Prepare(name, types, preparable(), loc);
  }

  // ---- SET / SHOW / RESET ----

  private Node set() {
    int loc = next().start();
    boolean local = false;
    if (accept("local")) {
      local = true;
    } else if (!(at("session") && (peek(1).is("characteristics") || peek(1).is("authorization")))) {
      accept("session");
    }
    if (accept("constraints")) {
      List<String> names = new ArrayList<>();
      if (!accept("all")) {
        do {
          names.add(String.join(".", anyName()));
        } while (acceptOp(","));
      }
      boolean deferred = accept("deferred");
      if (!deferred) {
        expect("immediate");
      }
      List<Node> vals = new ArrayList<>();
      for (String n : names) {
        vals.add(new Ex.Const("WORD", n, loc));
      }
      return new Util.Set(
          "CONSTRAINTS", deferred ? "DEFERRED" : "IMMEDIATE", vals, false, null, loc);
    }
    if (at("xml") && peek(1).is("option")) {
      next();
      next();
      if (!accept("document")) {
        expect("content");
      }
      return new Util.Set(
          "VALUE",
          "xmloption",
          List.of(new Ex.Const("WORD", tokens.get(pos - 1).keyword(), loc)),
          local,
          null,
          loc);
    }
    if (at("session") && peek(1).is("characteristics")) {
      next();
      next();
      expect("as");
      expect("transaction");
      return new Util.Set(
          "SESSION_CHARACTERISTICS", null, List.of(), false, transactionModes(), loc);
    }
    if (accept("transaction")) {
      if (accept("snapshot")) {
        throw error("0A000", "SET TRANSACTION SNAPSHOT is not supported", loc);
      }
      return new Util.Set("TRANSACTION", null, List.of(), local, transactionModes(), loc);
    }
    if (at("time") && peek(1).is("zone")) {
      next();
      next();
      return setValue(loc, "timezone", local, true);
    }
    if (accept("schema")) {
      return new Util.Set(
          "VALUE", "search_path", List.of(new Ex.Const("STR", sconst(), loc)), local, null, loc);
    }
    if (accept("names")) {
      List<Node> v = atEof() || at("default") ? List.of() : List.of(genericValue());
      accept("default");
      return new Util.Set(
          v.isEmpty() ? "DEFAULT" : "VALUE", "client_encoding", v, local, null, loc);
    }
    if (at("role") && !peek(1).is("to") && !peek(1).isOp("=")) {
      next();
      return new Util.Set("VALUE", "role", List.of(genericValue()), local, null, loc);
    }
    if (at("session") && peek(1).is("authorization")) {
      next();
      next();
      if (accept("default")) {
        return new Util.Set("DEFAULT", "session_authorization", List.of(), local, null, loc);
      }
      return new Util.Set(
          "VALUE", "session_authorization", List.of(genericValue()), local, null, loc);
    }
    String name = varName();
    if (accept("from")) {
      expect("current");
      return new Util.Set("CURRENT", name, List.of(), local, null, loc);
    }
    if (!accept("to") && !acceptOp("=")) {
      throw syntaxError();
    }
    return setValue(loc, name, local, false);
  }

  private Node setValue(int loc, String name, boolean local, boolean timeZone) {
    if (accept("default") || (timeZone && accept("local"))) {
      return new Util.Set("DEFAULT", name, List.of(), local, null, loc);
    }
    List<Node> values = new ArrayList<>();
    do {
      if (timeZone && at("interval")) {
        values.add(primary());
      } else {
        values.add(genericValue());
      }
    } while (!timeZone && acceptOp(","));
    return new Util.Set("VALUE", name, values, local, null, loc);
  }

  private String varName() {
    StringBuilder b = new StringBuilder(colId());
    while (acceptOp(".")) {
      b.append('.').append(colId());
    }
    return b.toString();
  }

  private Node show() {
    int loc = next().start();
    if (accept("all")) {
      return new Util.Show("all", loc);
    }
    if (accept("time", "zone")) {
      return new Util.Show("timezone", loc);
    }
    if (accept("transaction", "isolation", "level")) {
      return new Util.Show("transaction_isolation", loc);
    }
    if (accept("session", "authorization")) {
      return new Util.Show("session_authorization", loc);
    }
    return new Util.Show(varName(), loc);
  }

  private Node reset() {
    int loc = next().start();
    if (accept("all")) {
      return new Util.Set("RESET_ALL", null, List.of(), false, null, loc);
    }
    String name;
    if (accept("time", "zone")) {
      name = "timezone";
    } else if (accept("transaction", "isolation", "level")) {
      name = "transaction_isolation";
    } else if (accept("session", "authorization")) {
      name = "session_authorization";
    } else {
      name = varName();
    }
    return new Util.Set("RESET", name, List.of(), false, null, loc);
  }

  // ---- EXPLAIN, cursors, maintenance ----

  private Node explain() {
    int loc = next().start();
    List<Ddl.DefElem> opts = new ArrayList<>();
    if (atOp("(")) {
      next();
      do {
        int ol = loc();
        String n = nonReservedWordOrKeyword();
        Node v = null;
        if (!atOp(",") && !atOp(")")) {
          v = genericValue();
        }
        opts.add(new Ddl.DefElem(n, v, ol));
      } while (acceptOp(","));
      expectOp(")");
    } else {
      if (accept("analyze") || accept("analyse")) {
        opts.add(new Ddl.DefElem("analyze", null, loc));
      }
      if (accept("verbose")) {
        opts.add(new Ddl.DefElem("verbose", null, loc));
      }
    }
    Node stmt;
    if (at("declare")) {
      stmt = declare();
    } else if (at("create") || at("execute")) {
      stmt = statementBody();
    } else {
      stmt = preparable();
    }
    return new Util.Explain(stmt, opts, loc);
  }

  private String nonReservedWordOrKeyword() {
    Token t = next();
    if (t.kind() != Token.Kind.IDENT && t.kind() != Token.Kind.QIDENT) {
      throw syntaxErrorAt(t);
    }
    return t.text();
  }

  private Node declare() {
    int loc = next().start();
    String name = colId();
    boolean binary = false;
    boolean scroll = false;
    boolean noScroll = false;
    while (true) {
      if (accept("binary")) {
        binary = true;
      } else if (accept("insensitive") || accept("asensitive")) {
        continue;
      } else if (accept("scroll")) {
        scroll = true;
      } else if (at("no") && peek(1).is("scroll")) {
        next();
        next();
        noScroll = true;
      } else {
        break;
      }
    }
    expect("cursor");
    boolean hold = false;
    if (accept("with")) {
      expect("hold");
      hold = true;
    } else if (accept("without")) {
      expect("hold");
    }
    expect("for");
    return new Util.DeclareCursor(name, binary, scroll, noScroll, hold, selectStmt(), loc);
  }

  private Node fetch() {
    Token t = next();
    boolean move = t.is("move");
    int loc = t.start();
    String dir = "FORWARD";
    long count = 1;
    boolean all = false;
    if (accept("next")) {
      dir = "FORWARD";
    } else if (accept("prior")) {
      dir = "BACKWARD";
    } else if (accept("first")) {
      dir = "ABSOLUTE";
      count = 1;
    } else if (accept("last")) {
      dir = "ABSOLUTE";
      count = -1;
    } else if (accept("absolute")) {
      dir = "ABSOLUTE";
      count = signedInt();
    } else if (accept("relative")) {
      dir = "RELATIVE";
      count = signedInt();
    } else if (accept("all")) {
      all = true;
    } else if (accept("forward")) {
      if (accept("all")) {
        all = true;
      } else if (peek().kind() == Token.Kind.ICONST || atOp("-") || atOp("+")) {
        count = signedInt();
      }
    } else if (accept("backward")) {
      dir = "BACKWARD";
      if (accept("all")) {
        all = true;
      } else if (peek().kind() == Token.Kind.ICONST || atOp("-") || atOp("+")) {
        count = signedInt();
      }
    } else if (peek().kind() == Token.Kind.ICONST || atOp("-") || atOp("+")) {
      count = signedInt();
    }
    if (!accept("from")) {
      accept("in");
    }
    return new Util.Fetch(dir, count, all, colId(), move, loc);
  }

  private long signedInt() {
    boolean neg = false;
    if (atOp("-") || atOp("+")) {
      neg = next().text().equals("-");
    }
    long v = iconst();
    return neg ? -v : v;
  }

  private Node vacuum() {
    Token t = next();
    int loc = t.start();
    boolean analyzeOnly = !t.is("vacuum");
    if (atOp("(")) {
      next();
      do {
        nonReservedWordOrKeyword();
        if (!atOp(",") && !atOp(")")) {
          genericValue();
        }
      } while (acceptOp(","));
      expectOp(")");
    }
    while (accept("full")
        || accept("freeze")
        || accept("verbose")
        || accept("analyze")
        || accept("analyse")) {
      // options change nothing here
    }
    List<St.RangeVar> tables = new ArrayList<>();
    if (!atEof()) {
      do {
        tables.add(qualifiedName());
        if (atOp("(")) {
          next();
          nameList();
          expectOp(")");
        }
      } while (acceptOp(","));
    }
    return new Util.Vacuum(analyzeOnly, tables, loc);
  }

  private Node lock() {
    int loc = next().start();
    accept("table");
    List<St.RangeVar> tables = new ArrayList<>();
    do {
      tables.add(relationNoAlias());
    } while (acceptOp(","));
    String mode = "ACCESS EXCLUSIVE";
    if (accept("in")) {
      StringBuilder b = new StringBuilder();
      while (!at("mode") && !atEof()) {
        b.append(b.length() > 0 ? " " : "").append(next().text().toUpperCase());
      }
      expect("mode");
      mode = b.toString();
    }
    return new Util.Lock(tables, mode, accept("nowait"), loc);
  }
}
