package dev.orbit.node.cql;

import dev.orbit.node.cql.Ast.*;
import dev.orbit.node.cql.Lexer.Kind;
import java.util.ArrayList;
import java.util.List;

/** Parses the clauses data statements share: USING, SET, IF, WHERE relations and selectors. */
abstract class ClauseParser extends SchemaParser {
  ClauseParser(String cql) {
    super(cql);
  }

  Using using() {
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

  Assignment assignment() {
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

  List<Condition> conditions() {
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

  String operator() {
    Lexer.Token t = next();
    if (t.kind() == Kind.SYMBOL && List.of("=", "<", "<=", ">", ">=", "!=").contains(t.text())) {
      return t.text();
    }
    throw error("expecting an operator");
  }

  boolean markerNext() {
    return peek().kind() == Kind.QMARK || peek().kind() == Kind.NAMED_MARKER;
  }

  /** {@code IN (a, b)}; {@code IN ?} binds the whole list and is kept as the relation's value. */
  List<Term> inList() {
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

  List<Relation> where() {
    List<Relation> out = new ArrayList<>();
    do {
      out.add(relation());
    } while (accept("and"));
    return out;
  }

  Relation relation() {
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

  Selector selector(int depth) {
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
    if (peek().sym(".")) {
      List<String> fields = new ArrayList<>();
      while (acceptSym(".")) {
        fields.add(name());
      }
      if (peek().sym("[")) {
        throw CqlException.unsupported("element selections");
      }
      return new FieldSel(n, fields);
    }
    if (peek().sym("[")) {
      throw CqlException.unsupported("element selections");
    }
    return new ColumnSel(n);
  }
}
