package dev.orbit.node.sql.parser;

import dev.orbit.node.sql.SqlException;
import java.util.ArrayList;
import java.util.List;

/**
 * The token cursor of the recursive-descent parser, its error reporting (PostgreSQL's "syntax error
 * at or near" with the token's position) and the name rules of PostgreSQL's grammar (ColId,
 * type_function_name, ColLabel, BareColLabel).
 */
abstract class ParserBase {
  /** Nesting beyond this fails with 54001, as PostgreSQL does when its stack runs out. */
  static final int MAX_DEPTH = 1000;

  final String sql;
  final List<Token> tokens;
  int pos;
  private int depth;

  ParserBase(String sql, List<Token> tokens) {
    this.sql = sql;
    this.tokens = tokens;
  }

  Token peek() {
    return tokens.get(pos);
  }

  Token peek(int k) {
    int i = Math.min(pos + k, tokens.size() - 1);
    return tokens.get(i);
  }

  Token next() {
    Token t = tokens.get(pos);
    if (t.kind() != Token.Kind.EOF) {
      pos++;
    }
    return t;
  }

  boolean atEof() {
    return peek().kind() == Token.Kind.EOF;
  }

  boolean at(String kw) {
    return peek().is(kw);
  }

  boolean atOp(String op) {
    return peek().isOp(op);
  }

  boolean accept(String kw) {
    if (at(kw)) {
      pos++;
      return true;
    }
    return false;
  }

  boolean acceptOp(String op) {
    if (atOp(op)) {
      pos++;
      return true;
    }
    return false;
  }

  /** Accepts the keywords in sequence, all or none. */
  boolean accept(String... kws) {
    for (int k = 0; k < kws.length; k++) {
      if (!peek(k).is(kws[k])) {
        return false;
      }
    }
    pos += kws.length;
    return true;
  }

  Token expect(String kw) {
    if (!at(kw)) {
      throw syntaxError();
    }
    return next();
  }

  Token expectOp(String op) {
    if (!atOp(op)) {
      throw syntaxError();
    }
    return next();
  }

  /** PostgreSQL's syntax error at the current token. */
  SqlException syntaxError() {
    return syntaxErrorAt(peek());
  }

  SqlException syntaxErrorAt(Token t) {
    if (t.kind() == Token.Kind.EOF) {
      if (t.text().equals(";")) {
        return new SqlException("42601", "syntax error at or near \";\"").at(t.start());
      }
      return new SqlException("42601", "syntax error at end of input").at(sql.length());
    }
    return new SqlException("42601", "syntax error at or near \"" + image(t) + "\"").at(t.start());
  }

  /** The token as written (PostgreSQL quotes its text in messages). */
  String image(Token t) {
    return sql.substring(t.start(), t.end());
  }

  SqlException error(String sqlState, String message, int loc) {
    return new SqlException(sqlState, message).at(loc);
  }

  void enter() {
    if (++depth > MAX_DEPTH) {
      throw new SqlException("54001", "stack depth limit exceeded")
          .withHint(
              "Increase the configuration parameter \"max_stack_depth\" (currently 2048kB),"
                  + " after ensuring the platform's stack depth limit is adequate.");
    }
  }

  void leave() {
    depth--;
  }

  // ---- names ----

  static boolean isColId(Token t) {
    if (t.kind() == Token.Kind.QIDENT) {
      return true;
    }
    if (t.kind() != Token.Kind.IDENT) {
      return false;
    }
    Keywords.Category c = t.category();
    return c == null || c == Keywords.Category.UNRESERVED || c == Keywords.Category.COL_NAME;
  }

  static boolean isTypeFunctionName(Token t) {
    if (t.kind() == Token.Kind.QIDENT) {
      return true;
    }
    if (t.kind() != Token.Kind.IDENT) {
      return false;
    }
    Keywords.Category c = t.category();
    return c == null || c == Keywords.Category.UNRESERVED || c == Keywords.Category.TYPE_FUNC_NAME;
  }

  static boolean isColLabel(Token t) {
    return t.kind() == Token.Kind.IDENT || t.kind() == Token.Kind.QIDENT;
  }

  static boolean isBareColLabel(Token t) {
    if (t.kind() == Token.Kind.QIDENT) {
      return true;
    }
    return t.kind() == Token.Kind.IDENT && (t.keyword() == null || Keywords.bareLabel(t.keyword()));
  }

  /**
   * An unreserved keyword or a plain identifier (NonReservedWord includes col_name and
   * type_func_name).
   */
  static boolean isNonReservedWord(Token t) {
    if (t.kind() == Token.Kind.QIDENT) {
      return true;
    }
    return t.kind() == Token.Kind.IDENT && t.category() != Keywords.Category.RESERVED;
  }

  String colId() {
    if (!isColId(peek())) {
      throw syntaxError();
    }
    return next().text();
  }

  String colLabel() {
    if (!isColLabel(peek())) {
      throw syntaxError();
    }
    return next().text();
  }

  String nonReservedWord() {
    if (!isNonReservedWord(peek())) {
      throw syntaxError();
    }
    return next().text();
  }

  /** ColId followed by any number of .ColLabel (any_name, qualified names). */
  List<String> anyName() {
    List<String> out = new ArrayList<>();
    out.add(colId());
    while (atOp(".")) {
      pos++;
      out.add(colLabel());
    }
    return out;
  }

  List<String> nameList() {
    List<String> out = new ArrayList<>();
    do {
      out.add(colId());
    } while (acceptOp(","));
    return out;
  }

  /** A qualified_name: ColId [. ColLabel [. ColLabel]] as a RangeVar (database.schema.table). */
  St.RangeVar qualifiedName() {
    int loc = peek().start();
    List<String> n = anyName();
    return rangeVar(n, loc);
  }

  St.RangeVar rangeVar(List<String> n, int loc) {
    return switch (n.size()) {
      case 1 -> new St.RangeVar(null, n.get(0), true, null, loc);
      case 2 -> new St.RangeVar(n.get(0), n.get(1), true, null, loc);
      case 3 -> new St.RangeVar(n.get(1), n.get(2), true, null, loc);
      default ->
          throw error(
              "42601",
              "improper qualified name (too many dotted names): " + String.join(".", n),
              loc);
    };
  }

  String sconst() {
    if (peek().kind() != Token.Kind.SCONST) {
      throw syntaxError();
    }
    return next().text();
  }

  long iconst() {
    Token t = peek();
    if (t.kind() != Token.Kind.ICONST) {
      throw syntaxError();
    }
    next();
    try {
      return Long.parseLong(t.text());
    } catch (NumberFormatException e) {
      throw syntaxErrorAt(t);
    }
  }

  /** Skips to the end of the statement (for statements refused as a whole). */
  void skipToEnd() {
    while (!atEof()) {
      next();
    }
  }

  int loc() {
    return peek().start();
  }
}
