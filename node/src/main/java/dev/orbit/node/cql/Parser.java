package dev.orbit.node.cql;

import dev.orbit.node.cql.Ast.*;
import dev.orbit.node.cql.Lexer.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A recursive-descent parser of the CQL statements Orbit serves; everything else is refused. */
public final class Parser extends Tokens {
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
      case "grant", "revoke", "list" ->
          throw CqlException.unsupported("roles and permissions (" + k + ")");
      default -> throw CqlException.syntax("line 1:0 unknown statement '" + k + "'");
    };
  }

  private boolean ifNotExists() {
    if (accept("if")) {
      expect("not");
      expect("exists");
      return true;
    }
    return false;
  }

  private boolean ifExists() {
    if (accept("if")) {
      expect("exists");
      return true;
    }
    return false;
  }

  private Statement create() {
    if (accept("keyspace") || accept("schema")) {
      boolean ine = ifNotExists();
      String name = name();
      expect("with");
      return new CreateKeyspace(name, ine, properties(null));
    }
    if (accept("table") || accept("columnfamily")) {
      return createTable();
    }
    if (accept("custom")) {
      throw CqlException.unsupported("CREATE CUSTOM INDEX");
    }
    if (accept("index")) {
      boolean ine = ifNotExists();
      String name = peek().is("on") ? null : name();
      expect("on");
      QName table = qname();
      expectSym("(");
      if (peek().is("keys") || peek().is("values") || peek().is("entries") || peek().is("full")) {
        throw CqlException.unsupported("indexes on collection keys, values or entries");
      }
      String column = name();
      expectSym(")");
      if (accept("using")) {
        throw CqlException.unsupported("custom index classes (USING)");
      }
      return new CreateIndex(name, table, column, ine);
    }
    throw CqlException.unsupported("CREATE " + peek().text().toUpperCase());
  }

  private Statement createTable() {
    boolean ine = ifNotExists();
    QName name = qname();
    expectSym("(");
    List<ColumnDecl> cols = new ArrayList<>();
    List<String> pk = new ArrayList<>();
    List<String> ck = new ArrayList<>();
    boolean pkSeen = false;
    do {
      if (accept("primary")) {
        expect("key");
        if (pkSeen) {
          throw CqlException.invalid("Multiple PRIMARY KEYs specified (exactly one required)");
        }
        pkSeen = true;
        expectSym("(");
        if (acceptSym("(")) {
          do {
            pk.add(name());
          } while (acceptSym(","));
          expectSym(")");
        } else {
          pk.add(name());
        }
        while (acceptSym(",")) {
          ck.add(name());
        }
        expectSym(")");
      } else {
        String col = name();
        CqlType type = type();
        boolean isStatic = accept("static");
        if (accept("primary")) {
          expect("key");
          if (pkSeen) {
            throw CqlException.invalid("Multiple PRIMARY KEYs specified (exactly one required)");
          }
          pkSeen = true;
          pk.add(col);
        }
        cols.add(new ColumnDecl(col, type, isStatic));
      }
    } while (acceptSym(","));
    expectSym(")");
    if (!pkSeen) {
      throw CqlException.invalid(
          "No PRIMARY KEY specifed for table '" + name.name() + "' (exactly one required)");
    }
    Map<String, Boolean> desc = new LinkedHashMap<>();
    Map<String, Object> options = new LinkedHashMap<>();
    if (accept("with")) {
      options = properties(desc);
    }
    return new CreateTable(name, ine, cols, pk, ck, desc, options);
  }

  /** {@code prop = value AND ...}; CLUSTERING ORDER BY goes to {@code desc} when allowed. */
  private Map<String, Object> properties(Map<String, Boolean> desc) {
    Map<String, Object> out = new LinkedHashMap<>();
    do {
      if (desc != null && accept("clustering")) {
        expect("order");
        expect("by");
        expectSym("(");
        do {
          String c = name();
          boolean d = accept("desc");
          if (!d) {
            accept("asc");
          }
          desc.put(c, d);
        } while (acceptSym(","));
        expectSym(")");
        continue;
      }
      if (accept("compact")) {
        throw CqlException.unsupported("COMPACT STORAGE");
      }
      String key = name();
      expectSym("=");
      out.put(key, propertyValue());
    } while (accept("and"));
    return out;
  }

  private Object propertyValue() {
    if (peek().sym("{")) {
      next();
      Map<String, String> m = new LinkedHashMap<>();
      if (!acceptSym("}")) {
        do {
          String k = constantText();
          expectSym(":");
          m.put(k, constantText());
        } while (acceptSym(","));
        expectSym("}");
      }
      return m;
    }
    return constantText();
  }

  private String constantText() {
    Lexer.Token t = next();
    return switch (t.kind()) {
      case STRING, INTEGER, FLOAT, IDENT -> t.text();
      default -> throw error("expecting a constant");
    };
  }

  private Statement alter() {
    if (accept("keyspace") || accept("schema")) {
      String name = name();
      expect("with");
      return new AlterKeyspace(name, properties(null));
    }
    if (!accept("table") && !accept("columnfamily")) {
      throw CqlException.unsupported("ALTER " + peek().text().toUpperCase());
    }
    QName name = qname();
    List<ColumnDecl> add = new ArrayList<>();
    List<String> drop = new ArrayList<>();
    Map<String, String> rename = new LinkedHashMap<>();
    Map<String, Object> options = new LinkedHashMap<>();
    if (accept("add")) {
      boolean paren = acceptSym("(");
      do {
        String c = name();
        CqlType t = type();
        add.add(new ColumnDecl(c, t, accept("static")));
      } while (paren && acceptSym(","));
      if (paren) {
        expectSym(")");
      }
    } else if (accept("drop")) {
      boolean paren = acceptSym("(");
      do {
        drop.add(name());
      } while (paren && acceptSym(","));
      if (paren) {
        expectSym(")");
      }
    } else if (accept("rename")) {
      do {
        String from = name();
        expect("to");
        rename.put(from, name());
      } while (accept("and"));
    } else if (accept("with")) {
      options = properties(null);
    } else if (accept("alter")) {
      throw CqlException.unsupported("ALTER TABLE ... ALTER (changing a column's type)");
    } else {
      throw error("expecting ADD, DROP, RENAME or WITH");
    }
    return new AlterTable(name, add, drop, rename, options);
  }

  private Statement drop() {
    if (accept("keyspace") || accept("schema")) {
      boolean ie = ifExists();
      return new DropKeyspace(name(), ie);
    }
    if (accept("table") || accept("columnfamily")) {
      boolean ie = ifExists();
      return new DropTable(qname(), ie);
    }
    if (accept("index")) {
      boolean ie = ifExists();
      return new DropIndex(qname(), ie);
    }
    throw CqlException.unsupported("DROP " + peek().text().toUpperCase());
  }

  private Using using() {
    Term ttl = null;
    Term ts = null;
    do {
      if (accept("ttl")) {
        ttl = term();
      } else if (accept("timestamp")) {
        ts = term();
      } else {
        throw error("expecting TTL or TIMESTAMP");
      }
    } while (accept("and"));
    return new Using(ttl, ts);
  }

  private Statement insert() {
    expect("into");
    QName table = qname();
    if (accept("json")) {
      throw CqlException.unsupported("INSERT ... JSON");
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

  private Assignment assignment() {
    String col = name();
    if (acceptSym("[")) {
      Term el = term();
      expectSym("]");
      expectSym("=");
      return new Assignment(col, el, "=", term());
    }
    if (acceptSym("+=")) {
      return new Assignment(col, null, "+", term());
    }
    if (acceptSym("-=")) {
      return new Assignment(col, null, "-", term());
    }
    expectSym("=");
    Lexer.Token t = peek();
    if ((t.kind() == Kind.IDENT || t.kind() == Kind.QUOTED_IDENT)
        && t.text().equals(col)
        && !peek(1).sym("(")) {
      next();
      if (acceptSym("+")) {
        return new Assignment(col, null, "+", term());
      }
      if (acceptSym("-")) {
        return new Assignment(col, null, "-", term());
      }
      Lexer.Token n = peek();
      if (n.kind() == Kind.INTEGER && n.text().startsWith("-")) {
        next();
        return new Assignment(col, null, "-", new Literal(Kind.INTEGER, n.text().substring(1)));
      }
      throw error("expecting '+' or '-'");
    }
    Term value = term();
    if (acceptSym("+")) {
      String other = name();
      if (!other.equals(col)) {
        throw CqlException.invalid("Only expressions of the form X = <value> + X are supported.");
      }
      return new Assignment(col, null, "prepend", value);
    }
    return new Assignment(col, null, "=", value);
  }

  private List<Condition> conditions() {
    List<Condition> out = new ArrayList<>();
    do {
      String col = name();
      Term el = null;
      if (acceptSym("[")) {
        el = term();
        expectSym("]");
      }
      if (accept("in")) {
        out.add(
            markerNext()
                ? new Condition(col, el, "in", term(), null)
                : new Condition(col, el, "in", null, inList()));
        continue;
      }
      out.add(new Condition(col, el, operator(), term(), null));
    } while (accept("and"));
    return out;
  }

  private String operator() {
    Lexer.Token t = next();
    if (t.kind() == Kind.SYMBOL && List.of("=", "<", "<=", ">", ">=", "!=").contains(t.text())) {
      return t.text();
    }
    throw error("expecting an operator");
  }

  private boolean markerNext() {
    return peek().kind() == Kind.QMARK || peek().kind() == Kind.NAMED_MARKER;
  }

  /** {@code IN (a, b)}; {@code IN ?} binds the whole list and is kept as the relation's value. */
  private List<Term> inList() {
    expectSym("(");
    List<Term> items = new ArrayList<>();
    if (!acceptSym(")")) {
      do {
        items.add(term());
      } while (acceptSym(","));
      expectSym(")");
    }
    return items;
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

  private List<Relation> where() {
    List<Relation> out = new ArrayList<>();
    do {
      out.add(relation());
    } while (accept("and"));
    return out;
  }

  private Relation relation() {
    if (accept("token")) {
      expectSym("(");
      List<String> cols = new ArrayList<>();
      do {
        cols.add(name());
      } while (acceptSym(","));
      expectSym(")");
      return new Relation(cols, true, operator(), term(), null);
    }
    if (peek().sym("(")) {
      throw CqlException.unsupported("multi-column relations ((a, b) > (x, y))");
    }
    String col = name();
    if (peek().sym("[")) {
      throw CqlException.unsupported("relations on collection elements");
    }
    if (accept("in")) {
      return markerNext()
          ? new Relation(List.of(col), false, "in", term(), null)
          : new Relation(List.of(col), false, "in", null, inList());
    }
    if (accept("contains")) {
      boolean key = accept("key");
      return new Relation(List.of(col), false, key ? "contains key" : "contains", term(), null);
    }
    if (accept("like")) {
      throw CqlException.unsupported("LIKE");
    }
    if (accept("is")) {
      throw CqlException.unsupported("IS NOT NULL");
    }
    return new Relation(List.of(col), false, operator(), term(), null);
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
    if (accept("group")) {
      throw CqlException.unsupported("GROUP BY");
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
    return new Select(table, json, distinct, sels, where, order, ppl, limit, allow);
  }

  private Selector selector(int depth) {
    if (depth > 8) {
      throw error("selectors nested too deeply");
    }
    if (peek().is("count")
        && peek(1).sym("(")
        && (peek(2).sym("*") || peek(2).text().equals("1"))
        && peek(3).sym(")")) {
      next();
      next();
      next();
      next();
      return new CountStar();
    }
    if (peek().is("cast")) {
      throw CqlException.unsupported("CAST in selections");
    }
    Lexer.Token t = peek();
    if (t.kind() != Kind.IDENT && t.kind() != Kind.QUOTED_IDENT) {
      throw CqlException.unsupported("terms and arithmetic in selections");
    }
    String n = name();
    if (t.kind() == Kind.IDENT && acceptSym("(")) {
      List<Selector> args = new ArrayList<>();
      if (!acceptSym(")")) {
        do {
          args.add(selector(depth + 1));
        } while (acceptSym(","));
        expectSym(")");
      }
      return new FunctionSel(n, args);
    }
    if (peek().sym("[") || peek().sym(".")) {
      throw CqlException.unsupported("element and field selections");
    }
    return new ColumnSel(n);
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
