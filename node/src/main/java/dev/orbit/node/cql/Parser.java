package dev.orbit.node.cql;

import dev.orbit.node.cql.Ast.*;
import dev.orbit.node.cql.Lexer.Kind;
import java.util.ArrayList;
import java.util.List;

/** A recursive-descent parser of the CQL statements Orbit serves; everything else is refused. */
public final class Parser extends ClauseParser {
  private Parser(String cql) {
    super(cql);
  }

  /** The one statement in {@code cql} (a trailing ';' is allowed) and its bind marker count. */
  public record Parsed(Statement statement, int markers) {}

  public static Parsed parse(String cql) {
    Parser p = new Parser(cql);
    Statement s = p.statement();
    p.acceptSym(";");
    if (!p.atEnd()) {
      throw p.error("unexpected input after the statement");
    }
    return new Parsed(s, p.markerCount());
  }

  private Statement statement() {
    String k = peek().text();
    if (peek().kind() != Kind.IDENT) {
      throw error("expecting a statement");
    }
    next();
    return switch (k) {
      case "select" -> select();
      case "insert" -> insert();
      case "update" -> update();
      case "delete" -> delete();
      case "begin" -> batch();
      case "use" -> new Use(name());
      case "create" -> create();
      case "alter" -> alter();
      case "drop" -> drop();
      case "truncate" -> {
        accept("table");
        yield new Truncate(qname());
      }
      case "describe", "desc" -> throw CqlException.unsupported("DESCRIBE statements");
      case "grant", "revoke", "list" ->
          throw CqlException.unsupported("roles and permissions (" + k + ")");
      default -> throw CqlException.syntax("line 1:0 unknown statement '" + k + "'");
    };
  }

  private Statement insert() {
    expect("into");
    QName table = qname();
    if (accept("json")) {
      Term json = term();
      if (!(json instanceof Marker) && !(json instanceof Literal l && l.kind() == Kind.STRING)) {
        throw error("expecting a string or a bind marker after JSON");
      }
      boolean unset = false;
      if (accept("default")) {
        if (accept("unset")) {
          unset = true;
        } else if (!accept("null")) {
          throw error("expecting NULL or UNSET after DEFAULT");
        }
      }
      boolean ine = ifNotExists();
      Using using = accept("using") ? using() : Using.NONE;
      return new InsertJson(table, json, unset, ine, using);
    }
    expectSym("(");
    List<String> cols = new ArrayList<>();
    do {
      cols.add(name());
    } while (acceptSym(","));
    expectSym(")");
    expect("values");
    expectSym("(");
    List<Term> values = new ArrayList<>();
    do {
      values.add(term());
    } while (acceptSym(","));
    expectSym(")");
    if (cols.size() != values.size()) {
      throw CqlException.invalid("Unmatched column names/values");
    }
    boolean ine = ifNotExists();
    Using using = accept("using") ? using() : Using.NONE;
    return new Insert(table, cols, values, ine, using);
  }

  private Statement update() {
    QName table = qname();
    Using using = accept("using") ? using() : Using.NONE;
    expect("set");
    List<Assignment> sets = new ArrayList<>();
    do {
      sets.add(assignment());
    } while (acceptSym(","));
    expect("where");
    List<Relation> where = where();
    boolean ie = false;
    List<Condition> conds = List.of();
    if (accept("if")) {
      if (accept("exists")) {
        ie = true;
      } else {
        conds = conditions();
      }
    }
    return new Update(table, using, sets, where, ie, conds);
  }

  private Statement delete() {
    List<Deletion> cols = new ArrayList<>();
    if (!peek().is("from")) {
      do {
        String c = name();
        Term el = null;
        if (acceptSym("[")) {
          el = term();
          expectSym("]");
        }
        cols.add(new Deletion(c, el));
      } while (acceptSym(","));
    }
    expect("from");
    QName table = qname();
    Using using = Using.NONE;
    if (accept("using")) {
      using = using();
      if (using.ttl() != null) {
        throw CqlException.invalid("TTL is not allowed with DELETE");
      }
    }
    expect("where");
    List<Relation> where = where();
    boolean ie = false;
    List<Condition> conds = List.of();
    if (accept("if")) {
      if (accept("exists")) {
        ie = true;
      } else {
        conds = conditions();
      }
    }
    return new Delete(table, cols, using, where, ie, conds);
  }

  private Statement select() {
    boolean json = accept("json");
    boolean distinct = accept("distinct");
    List<Ast.Selection> sels = new ArrayList<>();
    if (!acceptSym("*")) {
      do {
        Selector s = selector(0);
        String alias = accept("as") ? name() : null;
        sels.add(new Ast.Selection(s, alias));
      } while (acceptSym(","));
    }
    expect("from");
    QName table = qname();
    List<Relation> where = accept("where") ? where() : List.of();
    List<String> groupBy = new ArrayList<>();
    if (accept("group")) {
      expect("by");
      do {
        groupBy.add(name());
        if (peek().sym("(")) {
          throw CqlException.unsupported("functions in GROUP BY");
        }
      } while (acceptSym(","));
    }
    List<Ordering> order = new ArrayList<>();
    if (accept("order")) {
      expect("by");
      do {
        String c = name();
        boolean d = accept("desc");
        if (!d) {
          accept("asc");
        }
        order.add(new Ordering(c, d));
      } while (acceptSym(","));
    }
    Term ppl = null;
    if (accept("per")) {
      expect("partition");
      expect("limit");
      ppl = term();
    }
    Term limit = accept("limit") ? term() : null;
    boolean allow = false;
    if (accept("allow")) {
      expect("filtering");
      allow = true;
    }
    return new Select(table, json, distinct, sels, where, groupBy, order, ppl, limit, allow);
  }

  private Statement batch() {
    String type = "logged";
    if (accept("unlogged")) {
      type = "unlogged";
    } else if (accept("counter")) {
      type = "counter";
    } else {
      accept("logged");
    }
    expect("batch");
    Using using = Using.NONE;
    if (accept("using")) {
      using = using();
      if (using.ttl() != null) {
        throw CqlException.invalid("Global TTL on the BATCH statement is not supported.");
      }
    }
    List<Modification> stmts = new ArrayList<>();
    while (!accept("apply")) {
      Statement s;
      if (accept("insert")) {
        s = insert();
      } else if (accept("update")) {
        s = update();
      } else if (accept("delete")) {
        s = delete();
      } else {
        throw error("expecting INSERT, UPDATE, DELETE or APPLY BATCH");
      }
      stmts.add((Modification) s);
      acceptSym(";");
    }
    expect("batch");
    return new Batch(type, using, stmts);
  }
}
