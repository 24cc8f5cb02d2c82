package dev.orbit.node.cql;

import dev.orbit.node.cql.Lexer.Kind;
import dev.orbit.node.cql.Lexer.Token;
import java.util.ArrayList;
import java.util.List;

/** A cursor over tokens with the small reads every CQL rule uses: keywords, names, terms, types. */
class Tokens {
  private final List<Token> tokens;
  private int at;
  private int markers;

  /** Nesting depth of terms and types; bounded so no input can exhaust the stack. */
  private int depth;

  private static final int MAX_DEPTH = 32;

  Tokens(String cql) {
    this.tokens = Lexer.lex(cql);
  }

  Token peek() {
    return tokens.get(at);
  }

  Token peek(int ahead) {
    return tokens.get(Math.min(at + ahead, tokens.size() - 1));
  }

  Token next() {
    Token t = tokens.get(at);
    if (t.kind() != Kind.EOF) {
      at++;
    }
    return t;
  }

  boolean accept(String keyword) {
    if (peek().is(keyword)) {
      at++;
      return true;
    }
    return false;
  }

  boolean acceptSym(String s) {
    if (peek().sym(s)) {
      at++;
      return true;
    }
    return false;
  }

  void expect(String keyword) {
    if (!accept(keyword)) {
      throw error("expecting " + keyword.toUpperCase());
    }
  }

  void expectSym(String s) {
    if (!acceptSym(s)) {
      throw error("expecting '" + s + "'");
    }
  }

  CqlException error(String what) {
    Token t = peek();
    String near = t.kind() == Kind.EOF ? "end of input" : "'" + t.text() + "'";
    return CqlException.syntax("line 1:" + t.pos() + " " + what + " near " + near);
  }

  boolean atEnd() {
    return peek().kind() == Kind.EOF;
  }

  int markerCount() {
    return markers;
  }

  /** An identifier (quoted ones keep their case). */
  String name() {
    Token t = next();
    if (t.kind() == Kind.IDENT || t.kind() == Kind.QUOTED_IDENT) {
      return t.text();
    }
    at--;
    throw error("expecting an identifier");
  }

  /** {@code [keyspace.]name}. */
  Ast.QName qname() {
    String first = name();
    if (acceptSym(".")) {
      return new Ast.QName(first, name());
    }
    return new Ast.QName(null, first);
  }

  Ast.Term term() {
    if (++depth > MAX_DEPTH) {
      throw error("terms nested too deeply");
    }
    try {
      return termInner();
    } finally {
      depth--;
    }
  }

  private Ast.Term termInner() {
    Token t = next();
    switch (t.kind()) {
      case STRING, INTEGER, FLOAT, UUID, HEX, DURATION:
        return new Ast.Literal(t.kind(), t.text());
      case QMARK:
        return new Ast.Marker(markers++, null);
      case NAMED_MARKER:
        return new Ast.Marker(markers++, t.text());
      case IDENT:
        if (t.text().equals("null")) {
          return new Ast.Null();
        }
        if (t.text().equals("true") || t.text().equals("false")) {
          return new Ast.Literal(Kind.IDENT, t.text());
        }
        if (t.text().equals("nan") || t.text().equals("infinity")) {
          return new Ast.Literal(Kind.FLOAT, t.text());
        }
        if (peek().sym("(")) {
          next();
          List<Ast.Term> args = new ArrayList<>();
          if (!acceptSym(")")) {
            do {
              args.add(term());
            } while (acceptSym(","));
            expectSym(")");
          }
          return new Ast.FunctionCall(t.text(), args);
        }
        break;
      case SYMBOL:
        if (t.text().equals("-") && peek().is("infinity")) {
          next();
          return new Ast.Literal(Kind.FLOAT, "-infinity");
        }
        if (t.text().equals("[")) {
          List<Ast.Term> items = new ArrayList<>();
          if (!acceptSym("]")) {
            do {
              items.add(term());
            } while (acceptSym(","));
            expectSym("]");
          }
          return new Ast.ListLit(items);
        }
        if (t.text().equals("(")) {
          List<Ast.Term> items = new ArrayList<>();
          do {
            items.add(term());
          } while (acceptSym(","));
          expectSym(")");
          return new Ast.TupleLit(items);
        }
        if (t.text().equals("{")) {
          return braces();
        }
        break;
      default:
        break;
    }
    at--;
    throw error("expecting a value");
  }

  private Ast.Term braces() {
    if (acceptSym("}")) {
      return new Ast.SetLit(List.of());
    }
    if (peek(1).sym(":") && fieldName(peek())) {
      List<String> names = new ArrayList<>();
      List<Ast.Term> values = new ArrayList<>();
      do {
        names.add(name());
        expectSym(":");
        values.add(term());
      } while (acceptSym(","));
      expectSym("}");
      return new Ast.UdtLit(names, values);
    }
    Ast.Term first = term();
    if (acceptSym(":")) {
      List<Ast.Term> keys = new ArrayList<>();
      List<Ast.Term> values = new ArrayList<>();
      keys.add(first);
      values.add(term());
      while (acceptSym(",")) {
        keys.add(term());
        expectSym(":");
        values.add(term());
      }
      expectSym("}");
      return new Ast.MapLit(keys, values);
    }
    List<Ast.Term> items = new ArrayList<>();
    items.add(first);
    while (acceptSym(",")) {
      items.add(term());
    }
    expectSym("}");
    return new Ast.SetLit(items);
  }

  /** Whether {@code t}, before a colon in braces, names a field (not a map key). */
  private static boolean fieldName(Token t) {
    return t.kind() == Kind.QUOTED_IDENT
        || (t.kind() == Kind.IDENT
            && !List.of("true", "false", "nan", "infinity", "null").contains(t.text()));
  }

  /** {@code name} or {@code keyspace.name} of a user-defined type, resolved later. */
  private CqlType udtRef(String first) {
    if (acceptSym(".")) {
      return CqlType.udtRef(first, name());
    }
    return CqlType.udtRef(null, first);
  }

  /** A CQL type: native, {@code list<>}, {@code set<>}, {@code map<,>}, {@code tuple<>}, frozen. */
  CqlType type() {
    if (++depth > MAX_DEPTH) {
      throw error("types nested too deeply");
    }
    try {
      return typeInner(false);
    } finally {
      depth--;
    }
  }

  private CqlType typeInner(boolean nested) {
    Token t = next();
    if (t.kind() == Kind.QUOTED_IDENT) {
      return udtRef(t.text());
    }
    if (t.kind() != Kind.IDENT) {
      at--;
      throw error("expecting a type");
    }
    String n = t.text();
    switch (n) {
      case "frozen" -> {
        expectSym("<");
        CqlType inner = type();
        expectSym(">");
        if (inner.params.isEmpty() && !inner.isUdt()) {
          throw CqlException.invalid("frozen<> is only allowed on collections, tuples, and UDTs");
        }
        return inner.freeze();
      }
      case "list", "set", "map", "tuple" -> {
        expectSym("<");
        List<CqlType> ps = new ArrayList<>();
        do {
          CqlType p = type();
          if (p.isUdt() && !p.frozen && !n.equals("tuple")) {
            throw CqlException.invalid(
                "Non-frozen UDTs are not allowed inside collections: " + n + "<" + p.cql() + ">");
          }
          ps.add(p.freeze());
        } while (acceptSym(","));
        expectSym(">");
        CqlType.Kind k = CqlType.Kind.valueOf(n.toUpperCase(java.util.Locale.ROOT));
        int want = k == CqlType.Kind.MAP ? 2 : k == CqlType.Kind.TUPLE ? ps.size() : 1;
        if (ps.size() != want) {
          throw CqlException.syntax(n + " takes " + want + " type parameter(s)");
        }
        if (k == CqlType.Kind.SET && ps.get(0).hasDuration()) {
          throw CqlException.invalid(
              "Durations are not allowed inside sets: set<" + ps.get(0).cql() + ">");
        }
        if (k == CqlType.Kind.MAP && ps.get(0).hasDuration()) {
          throw CqlException.invalid(
              "Durations are not allowed as map keys: map<"
                  + ps.get(0).cql()
                  + ", "
                  + ps.get(1).cql()
                  + ">");
        }
        for (CqlType p : ps) {
          if (p.isCounter()) {
            throw CqlException.invalid("counters are not allowed inside collections: " + n);
          }
        }
        return CqlType.collection(k, false, ps);
      }
      default -> {
        CqlType nt = CqlType.nativeType(n);
        return nt != null ? nt : udtRef(n);
      }
    }
  }
}
