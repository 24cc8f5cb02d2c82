package dev.orbit.node.sql.parser;

import java.util.ArrayList;
import java.util.List;

/**
 * Expressions by precedence climbing with PostgreSQL's operator precedence (gram.y): OR, AND, NOT,
 * IS, comparisons, BETWEEN/IN/LIKE, ESCAPE, other operators, + -, * / %, ^, AT TIME ZONE, COLLATE,
 * unary minus, subscripts, ::. Comparison, IS and LIKE levels do not associate ({@code a < b < c}
 * is a syntax error, as in PostgreSQL).
 */
abstract class ExprParser extends TypeParser {
  static final int OR = 1;
  static final int AND = 2;
  static final int NOT = 3;
  static final int IS = 4;
  static final int CMP = 5;
  static final int LIKE = 6;
  static final int ESCAPE = 7;
  static final int OP = 8;
  static final int ADD = 9;
  static final int MUL = 10;
  static final int EXP = 11;
  static final int AT = 12;
  static final int COLLATE = 13;
  static final int UMINUS = 14;
  static final int CAST = 17;

  ExprParser(String sql, List<Token> tokens) {
    super(sql, tokens);
  }

  /** A full expression (a_expr). */
  Node expr() {
    return expr(0, false);
  }

  /** A restricted expression (b_expr): no AND/OR/NOT, IS NULL, LIKE, IN or BETWEEN at top level. */
  Node bExpr() {
    return expr(0, true);
  }

  @Override
  Node parseExprForTypeMod() {
    return expr();
  }

  abstract St.Select selectWithParens();

  abstract St.Select selectStmt();

  /** Whether the tokens from the current one start a query (possibly after more parentheses). */
  boolean selectStartsAfterParens() {
    int k = 0;
    while (peek(k).isOp("(")) {
      k++;
    }
    Token t = peek(k);
    return t.is("select") || t.is("values") || t.is("with") || t.is("table");
  }

  List<Node> exprList() {
    List<Node> out = new ArrayList<>();
    do {
      out.add(expr());
    } while (acceptOp(","));
    return out;
  }

  Node expr(int minPrec, boolean restricted) {
    enter();
    try {
      Node left = prefix(restricted);
      int lastNonassoc = -1;
      while (true) {
        Token t = peek();
        int prec = infixPrec(t, restricted);
        if (prec < 0 || prec < minPrec) {
          return left;
        }
        if (prec == lastNonassoc) {
          throw syntaxError();
        }
        left = infix(left, t, prec, restricted);
        lastNonassoc = (prec == IS || prec == CMP || prec == LIKE) ? prec : -1;
      }
    } finally {
      leave();
    }
  }

  /** The precedence of the infix or postfix operator at t, or -1 when none starts there. */
  private int infixPrec(Token t, boolean restricted) {
    if (t.kind() == Token.Kind.OP) {
      return switch (t.text()) {
        case "<", ">", "=", "<=", ">=", "<>" -> CMP;
        case "+", "-" -> ADD;
        case "*", "/", "%" -> MUL;
        case "^" -> EXP;
        case "::" -> CAST;
        case "(", ")", ",", ";", "[", "]", ".", ":", "..", ":=", "=>" -> -1;
        default -> OP;
      };
    }
    if (t.kind() != Token.Kind.IDENT || t.keyword() == null) {
      return -1;
    }
    switch (t.keyword()) {
      case "or":
        return restricted ? -1 : OR;
      case "and":
        return restricted ? -1 : AND;
      case "is":
        return IS;
      case "isnull", "notnull":
        return restricted ? -1 : IS;
      case "between", "in", "like", "ilike":
        return restricted ? -1 : LIKE;
      case "similar":
        return restricted || !peek(1).is("to") ? -1 : LIKE;
      case "overlaps":
        return CMP;
      case "not":
        {
          Token n = peek(1);
          boolean la =
              n.is("between")
                  || n.is("in")
                  || n.is("like")
                  || n.is("ilike")
                  || (n.is("similar") && peek(2).is("to"));
          return la && !restricted ? LIKE : -1;
        }
      case "at":
        return restricted || !peek(1).is("time") ? -1 : AT;
      case "collate":
        return restricted ? -1 : COLLATE;
      case "operator":
        return peek(1).isOp("(") ? OP : -1;
      default:
        return -1;
    }
  }

  private Node infix(Node left, Token t, int prec, boolean restricted) {
    int loc = t.start();
    if (t.kind() == Token.Kind.OP) {
      next();
      if (t.text().equals("::")) {
        return new Ex.Cast(left, typeName(), loc);
      }
      return binary(left, t.text(), prec, loc, restricted);
    }
    switch (t.keyword()) {
      case "or":
        next();
        return bool("OR", left, expr(AND, restricted), loc);
      case "and":
        next();
        return bool("AND", left, expr(NOT, restricted), loc);
      case "is":
        next();
        return isTest(left, loc, restricted);
      case "isnull":
        next();
        return new Ex.NullTest(left, false, loc);
      case "notnull":
        next();
        return new Ex.NullTest(left, true, loc);
      case "at":
        next();
        next(); // TIME
        expect("zone");
        Node zone = expr(AT + 1, restricted);
        return Ex.Func.of("timezone", List.of(zone, left), loc);
      case "collate":
        next();
        return new Ex.Collate(left, anyName(), loc);
      case "operator":
        {
          next();
          String op = qualifiedOperator();
          return binary(left, op, OP, loc, restricted);
        }
      case "overlaps":
        {
          next();
          Node right = expr(CMP + 1, restricted);
          if (!(left instanceof Ex.Row l) || !(right instanceof Ex.Row r)) {
            throw syntaxErrorAt(t);
          }
          if (l.args().size() != 2) {
            throw error(
                "42601", "wrong number of parameters on left side of OVERLAPS expression", l.loc());
          }
          if (r.args().size() != 2) {
            throw error(
                "42601",
                "wrong number of parameters on right side of OVERLAPS expression",
                r.loc());
          }
          List<Node> args = new ArrayList<>(l.args());
          args.addAll(r.args());
          return Ex.Func.of("overlaps", args, loc);
        }
      default:
        break;
    }
    boolean not = accept("not");
    String kw = next().keyword();
    switch (kw) {
      case "between":
        {
          boolean symmetric = accept("symmetric");
          if (!symmetric) {
            accept("asymmetric");
          }
          Node lo = expr(LIKE + 1, true);
          expect("and");
          Node hi = expr(LIKE + 1, false);
          return new Ex.Between(left, lo, hi, not, symmetric, loc);
        }
      case "in":
        {
          if (!atOp("(")) {
            throw syntaxError();
          }
          if (selectStartsAfterParens()) {
            int save = pos;
            try {
              St.Select sub = selectWithParens();
              Node link = new Ex.SubLink("ANY", left, "=", sub, loc);
              return not ? new Ex.Bool("NOT", List.of(link), loc) : link;
            } catch (dev.orbit.node.sql.SqlException e) {
              pos = save;
            }
          }
          expectOp("(");
          List<Node> list = exprList();
          expectOp(")");
          return new Ex.In(left, list, not, loc);
        }
      case "like", "ilike":
        return like(kw.equals("like") ? "LIKE" : "ILIKE", left, not, loc);
      case "similar":
        expect("to");
        return like("SIMILAR", left, not, loc);
      default:
        throw syntaxErrorAt(t);
    }
  }

  private Node like(String kind, Node left, boolean not, int loc) {
    if ((at("any") || at("some") || at("all")) && peek(1).isOp("(") && !kind.equals("SIMILAR")) {
      String op =
          switch (kind) {
            case "LIKE" -> not ? "!~~" : "~~";
            default -> not ? "!~~*" : "~~*";
          };
      return anyAll(left, op, loc);
    }
    Node pattern = expr(ESCAPE + 1, false);
    Node escape = null;
    if (accept("escape")) {
      escape = expr(ESCAPE + 1, false);
    }
    return new Ex.Like(kind, left, pattern, escape, not, loc);
  }

  private static Node bool(String kind, Node left, Node right, int loc) {
    if (left instanceof Ex.Bool b && b.kind().equals(kind)) {
      List<Node> args = new ArrayList<>(b.args());
      args.add(right);
      return new Ex.Bool(kind, args, b.loc());
    }
    return new Ex.Bool(kind, List.of(left, right), loc);
  }

  private Node binary(Node left, String op, int prec, int loc, boolean restricted) {
    if ((at("any") || at("some") || at("all")) && peek(1).isOp("(")) {
      return anyAll(left, op, loc);
    }
    Node right = expr(prec + 1, restricted);
    return new Ex.Op(op, left, right, loc);
  }

  /** {@code left op ANY|SOME|ALL (subquery | array)}. */
  private Node anyAll(Node left, String op, int loc) {
    boolean all = next().is("all");
    if (selectStartsAfterParens()) {
      int save = pos;
      try {
        St.Select sub = selectWithParens();
        return new Ex.SubLink(all ? "ALL" : "ANY", left, op, sub, loc);
      } catch (dev.orbit.node.sql.SqlException e) {
        pos = save;
      }
    }
    expectOp("(");
    Node arr = expr();
    expectOp(")");
    return new Ex.AnyAll(op, all, left, arr, loc);
  }

  /** OPERATOR(schema.op): the operator's name (its schema is pg_catalog or public here). */
  String qualifiedOperator() {
    expectOp("(");
    while (isColId(peek()) && peek(1).isOp(".")) {
      next();
      next();
    }
    Token op = peek();
    if (op.kind() != Token.Kind.OP || op.isOp("(") || op.isOp(")")) {
      throw syntaxError();
    }
    next();
    expectOp(")");
    return op.text();
  }

  private Node isTest(Node left, int loc, boolean restricted) {
    boolean not = accept("not");
    Token t = peek();
    if (accept("distinct")) {
      expect("from");
      Node right = expr(IS + 1, restricted);
      return new Ex.Distinct(left, right, not, loc);
    }
    if (accept("of")) {
      expectOp("(");
      List<TypeName> types = new ArrayList<>();
      do {
        types.add(typeName());
      } while (acceptOp(","));
      expectOp(")");
      return new Ex.IsOf(left, types, not, loc);
    }
    if (restricted && !t.is("document")) {
      throw syntaxErrorAt(t);
    }
    if (accept("null")) {
      return new Ex.NullTest(left, not, loc);
    }
    if (accept("true")) {
      return new Ex.BoolTest(left, "TRUE", not, loc);
    }
    if (accept("false")) {
      return new Ex.BoolTest(left, "FALSE", not, loc);
    }
    if (accept("unknown")) {
      return new Ex.BoolTest(left, "UNKNOWN", not, loc);
    }
    if (accept("normalized")) {
      Node f = Ex.Func.of("is_normalized", List.of(left), loc);
      return not ? new Ex.Bool("NOT", List.of(f), loc) : f;
    }
    for (String form : List.of("nfc", "nfd", "nfkc", "nfkd")) {
      if (accept(form)) {
        expect("normalized");
        Node f =
            Ex.Func.of(
                "is_normalized", List.of(left, new Ex.Const("STR", form.toUpperCase(), -1)), loc);
        return not ? new Ex.Bool("NOT", List.of(f), loc) : f;
      }
    }
    if (accept("document")) {
      throw error("0A000", "XML is not supported", loc);
    }
    throw syntaxErrorAt(t);
  }

  // ---- prefix and primary ----

  private Node prefix(boolean restricted) {
    Token t = peek();
    int loc = t.start();
    if (t.is("not") && !restricted) {
      next();
      return new Ex.Bool("NOT", List.of(expr(NOT, false)), loc);
    }
    if (t.kind() == Token.Kind.OP) {
      switch (t.text()) {
        case "-":
          {
            next();
            Node arg = expr(UMINUS, restricted);
            return negate(arg, loc);
          }
        case "+":
          next();
          return new Ex.Op("+", null, expr(UMINUS, restricted), loc);
        case "(",
        ")",
        ",",
        ";",
        "[",
        "]",
        ".",
        ":",
        "::",
        "..",
        ":=",
        "=>",
        "<",
        ">",
        "=",
        "<=",
        ">=",
        "<>",
        "*",
        "/",
        "%",
        "^":
          if (t.text().equals("(")) {
            return primary();
          }
          throw syntaxError();
        default:
          next();
          return new Ex.Op(t.text(), null, expr(OP + 1, restricted), loc);
      }
    }
    if (t.is("operator") && peek(1).isOp("(")) {
      next();
      String op = qualifiedOperator();
      return new Ex.Op(op, null, expr(OP + 1, restricted), loc);
    }
    return primary();
  }

  /** Unary minus of a numeric literal is folded into it, as PostgreSQL's grammar does. */
  private static Node negate(Node arg, int loc) {
    if (arg instanceof Ex.Const c && (c.kind().equals("INT") || c.kind().equals("NUM"))) {
      String v = c.value();
      return new Ex.Const(c.kind(), v.startsWith("-") ? v.substring(1) : "-" + v, loc);
    }
    return new Ex.Op("-", null, arg, loc);
  }

  /**
   * c_expr: constants, column references, function calls, parenthesized forms, then indirection.
   */
  Node primary() {
    Token t = peek();
    int loc = t.start();
    switch (t.kind()) {
      case ICONST:
        next();
        return indirection(new Ex.Const("INT", t.text(), loc));
      case FCONST:
        next();
        return new Ex.Const("NUM", t.text(), loc);
      case SCONST:
        next();
        return indirection(new Ex.Const("STR", t.text(), loc));
      case BCONST:
        next();
        return new Ex.Const("BIT", t.text(), loc);
      case XCONST:
        next();
        return new Ex.Const("HEX", t.text(), loc);
      case PARAM:
        next();
        return indirection(new Ex.Param(Integer.parseInt(t.text()), loc));
      case OP:
        if (t.isOp("(")) {
          return parenthesized();
        }
        throw syntaxError();
      case EOF:
        throw syntaxError();
      default:
        break;
    }
    if (t.kind() == Token.Kind.IDENT && t.keyword() != null) {
      Node special = keywordPrimary(t, loc);
      if (special != null) {
        return special;
      }
    }
    return identifierPrimary();
  }

  private Node parenthesized() {
    int loc = loc();
    if (selectStartsAfterParens()) {
      int save = pos;
      try {
        St.Select sub = selectWithParens();
        return indirection(new Ex.SubLink("EXPR", null, null, sub, loc));
      } catch (dev.orbit.node.sql.SqlException e) {
        pos = save;
      }
    }
    next();
    Node e = expr();
    if (atOp(",")) {
      List<Node> args = new ArrayList<>();
      args.add(e);
      while (acceptOp(",")) {
        args.add(expr());
      }
      expectOp(")");
      return indirection(new Ex.Row(args, false, loc));
    }
    expectOp(")");
    return indirectionOfParens(e);
  }

  /** After (expr): subscripts and field selection apply to the parenthesized value. */
  private Node indirectionOfParens(Node e) {
    return indirection(e);
  }

  Node indirection(Node base) {
    return indirection(base, true);
  }

  private Node indirection(Node base, boolean fieldsAllowed) {
    Node e = base;
    while (true) {
      int loc = loc();
      if (atOp("[")) {
        next();
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
        e =
            slice
                ? new Ex.Subscript(e, lower, upper, true, loc)
                : new Ex.Subscript(e, lower, null, false, loc);
      } else if (atOp(".") && fieldsAllowed) {
        next();
        if (acceptOp("*")) {
          e = new Ex.Field(e, "*", loc);
        } else {
          e = new Ex.Field(e, colLabel(), loc);
        }
      } else {
        return e;
      }
    }
  }

  /** Primaries introduced by a keyword; null when the keyword is used as a name here. */
  private Node keywordPrimary(Token t, int loc) {
    String kw = t.keyword();
    Token n1 = peek(1);
    switch (kw) {
      case "true", "false":
        next();
        return new Ex.Const("BOOL", kw, loc);
      case "null":
        next();
        return new Ex.Const("NULL", null, loc);
      case "case":
        return caseExpr();
      case "cast":
        {
          next();
          expectOp("(");
          Node arg = expr();
          expect("as");
          TypeName tn = typeName();
          expectOp(")");
          return indirection(new Ex.Cast(arg, tn, loc));
        }
      case "exists":
        if (n1.isOp("(")) {
          next();
          return new Ex.SubLink("EXISTS", null, null, selectWithParens(), loc);
        }
        break;
      case "array":
        next();
        if (atOp("(")) {
          return indirection(new Ex.SubLink("ARRAY", null, null, selectWithParens(), loc));
        }
        if (!atOp("[")) {
          throw syntaxError();
        }
        return indirection(arrayLiteral(false));
      case "row":
        if (n1.isOp("(")) {
          next();
          next();
          List<Node> args = atOp(")") ? List.of() : exprList();
          expectOp(")");
          return new Ex.Row(args, true, loc);
        }
        break;
      case "grouping":
        if (n1.isOp("(")) {
          next();
          next();
          List<Node> args = exprList();
          expectOp(")");
          return new Ex.Grouping(args, loc);
        }
        break;
      case "current_date",
      "current_role",
      "current_user",
      "session_user",
      "user",
      "current_catalog":
        next();
        return new Ex.SqlValue(kw, -1, loc);
      case "current_schema":
        if (!n1.isOp("(")) {
          next();
          return new Ex.SqlValue(kw, -1, loc);
        }
        break;
      case "current_time", "current_timestamp", "localtime", "localtimestamp":
        {
          next();
          int p = -1;
          if (atOp("(")) {
            next();
            p = (int) iconst();
            expectOp(")");
          }
          return new Ex.SqlValue(kw, p, loc);
        }
      case "collation":
        if (n1.is("for")) {
          next();
          next();
          expectOp("(");
          Node arg = expr();
          expectOp(")");
          return Ex.Func.of("pg_collation_for", List.of(arg), loc);
        }
        break;
      default:
        break;
    }
    if (n1.isOp("(")) {
      Node special = SpecialForms.parse(this, kw, loc);
      if (special != null) {
        return special;
      }
    }
    if (atStandardTypeKeyword()) {
      int save = pos;
      TypeName tn = constTypeName();
      if (peek().kind() == Token.Kind.SCONST) {
        Token lit = next();
        Node c = new Ex.Const("STR", lit.text(), lit.start());
        if (tn.simpleName().equals("interval") && tn.mods().isEmpty()) {
          String fields = intervalFields();
          List<Node> mods = List.of();
          if (fields != null && fields.endsWith("second") && atOp("(")) {
            mods = typeMods();
          }
          tn = new TypeName(tn.names(), mods, 0, false, fields, tn.loc());
        }
        return new Ex.Cast(c, tn, loc);
      }
      pos = save;
    }
    Keywords.Category cat = t.category();
    if (cat == Keywords.Category.RESERVED) {
      throw syntaxError();
    }
    return null;
  }

  Node caseExpr() {
    int loc = next().start();
    Node arg = at("when") ? null : expr();
    List<Ex.When> whens = new ArrayList<>();
    while (at("when")) {
      int wl = next().start();
      Node cond = expr();
      expect("then");
      whens.add(new Ex.When(cond, expr(), wl));
    }
    if (whens.isEmpty()) {
      throw syntaxError();
    }
    Node otherwise = accept("else") ? expr() : null;
    expect("end");
    return new Ex.Case(arg, whens, otherwise, loc);
  }

  /** ARRAY[…] elements; a nested […] is a sub-array. */
  private Node arrayLiteral(boolean sub) {
    int loc = expectOp("[").start();
    List<Node> elems = new ArrayList<>();
    if (!atOp("]")) {
      do {
        elems.add(atOp("[") ? arrayLiteral(true) : expr());
      } while (acceptOp(","));
    }
    expectOp("]");
    return new Ex.Array(elems, sub, loc);
  }

  /** A name: column reference, function call, or typed literal (name 'text'). */
  private Node identifierPrimary() {
    Token first = peek();
    int loc = first.start();
    if (first.kind() != Token.Kind.IDENT && first.kind() != Token.Kind.QIDENT) {
      throw syntaxError();
    }
    next();
    List<String> names = new ArrayList<>();
    names.add(first.text());
    boolean star = false;
    while (atOp(".")) {
      Token after = peek(1);
      if (after.isOp("*")) {
        next();
        next();
        star = true;
        break;
      }
      if (!isColLabel(after)) {
        throw syntaxErrorAt(after);
      }
      next();
      names.add(next().text());
    }
    if (!star && atOp("(")) {
      if (names.size() == 1 && !isTypeFunctionName(first)) {
        throw syntaxErrorAt(first);
      }
      return indirection(functionCall(names, loc));
    }
    if (!star
        && peek().kind() == Token.Kind.SCONST
        && (names.size() > 1 || isTypeFunctionName(first))) {
      Token lit = next();
      TypeName tn = new TypeName(names, List.of(), 0, false, null, loc);
      return new Ex.Cast(new Ex.Const("STR", lit.text(), lit.start()), tn, loc);
    }
    if (!isColId(first)) {
      throw syntaxErrorAt(first);
    }
    return indirection(new Ex.ColumnRef(names, star, loc), !star);
  }

  /** name(args) [WITHIN GROUP (…)] [FILTER (WHERE …)] [OVER …]. */
  Node functionCall(List<String> name, int loc) {
    expectOp("(");
    List<Node> args = new ArrayList<>();
    List<String> argNames = null;
    boolean star = false;
    boolean distinct = false;
    boolean variadic = false;
    List<Ex.SortBy> order = List.of();
    if (acceptOp("*")) {
      star = true;
    } else if (!atOp(")")) {
      if (accept("distinct")) {
        distinct = true;
      } else {
        accept("all");
      }
      do {
        if (accept("variadic")) {
          variadic = true;
        }
        if (isTypeFunctionName(peek()) && (peek(1).isOp("=>") || peek(1).isOp(":="))) {
          if (argNames == null) {
            argNames = new ArrayList<>();
            for (int k = 0; k < args.size(); k++) {
              argNames.add(null);
            }
          }
          argNames.add(next().text());
          next();
        } else if (argNames != null) {
          argNames.add(null);
        }
        args.add(expr());
      } while (acceptOp(","));
      if (at("order")) {
        next();
        expect("by");
        order = sortList();
      }
    }
    expectOp(")");
    boolean withinGroup = false;
    if (at("within") && peek(1).is("group")) {
      next();
      next();
      expectOp("(");
      expect("order");
      expect("by");
      order = sortList();
      expectOp(")");
      withinGroup = true;
    }
    Node filter = null;
    if (at("filter") && peek(1).isOp("(")) {
      next();
      next();
      expect("where");
      filter = expr();
      expectOp(")");
    }
    Ex.WindowDef over = null;
    if (accept("over")) {
      over =
          atOp("(")
              ? windowSpec(null)
              : new Ex.WindowDef(colId(), null, List.of(), List.of(), null, loc());
    }
    return new Ex.Func(
        name, args, argNames, star, distinct, variadic, order, withinGroup, filter, over, loc);
  }

  List<Ex.SortBy> sortList() {
    List<Ex.SortBy> out = new ArrayList<>();
    do {
      int loc = loc();
      Node e = expr();
      String dir = null;
      String using = null;
      if (accept("asc")) {
        dir = "ASC";
      } else if (accept("desc")) {
        dir = "DESC";
      } else if (accept("using")) {
        dir = "USING";
        Token op = next();
        if (op.is("operator")) {
          pos--;
          next();
          using = qualifiedOperator();
        } else if (op.kind() == Token.Kind.OP) {
          using = op.text();
        } else {
          throw syntaxErrorAt(op);
        }
      }
      String nulls = null;
      if (accept("nulls")) {
        if (accept("first")) {
          nulls = "FIRST";
        } else {
          expect("last");
          nulls = "LAST";
        }
      }
      out.add(new Ex.SortBy(e, dir, using, nulls, loc));
    } while (acceptOp(","));
    return out;
  }

  /** ( [existing] [PARTITION BY …] [ORDER BY …] [frame] ). */
  Ex.WindowDef windowSpec(String name) {
    int loc = expectOp("(").start();
    String ref = null;
    if (isColId(peek())
        && !at("partition")
        && !at("order")
        && !at("range")
        && !at("rows")
        && !at("groups")) {
      ref = colId();
    }
    List<Node> partition = List.of();
    if (at("partition")) {
      next();
      expect("by");
      partition = exprList();
    }
    List<Ex.SortBy> order = List.of();
    if (at("order")) {
      next();
      expect("by");
      order = sortList();
    }
    Ex.Frame frame = null;
    if (at("range") || at("rows") || at("groups")) {
      frame = frame();
    }
    expectOp(")");
    return new Ex.WindowDef(name, ref, partition, order, frame, loc);
  }

  private Ex.Frame frame() {
    int loc = loc();
    String mode = next().keyword().toUpperCase();
    Object[] start;
    Object[] end = {"CURRENT_ROW", null};
    if (accept("between")) {
      start = frameBound();
      expect("and");
      end = frameBound();
    } else {
      start = frameBound();
    }
    String exclusion = null;
    if (accept("exclude")) {
      if (accept("current")) {
        expect("row");
        exclusion = "CURRENT_ROW";
      } else if (accept("group")) {
        exclusion = "GROUP";
      } else if (accept("ties")) {
        exclusion = "TIES";
      } else {
        expect("no");
        expect("others");
        exclusion = "NO_OTHERS";
      }
    }
    return new Ex.Frame(
        mode, (String) start[0], (Node) start[1], (String) end[0], (Node) end[1], exclusion, loc);
  }

  private Object[] frameBound() {
    if (at("unbounded") && (peek(1).is("preceding") || peek(1).is("following"))) {
      next();
      if (accept("preceding")) {
        return new Object[] {"UNBOUNDED_PRECEDING", null};
      }
      expect("following");
      return new Object[] {"UNBOUNDED_FOLLOWING", null};
    }
    if (at("current") && peek(1).is("row")) {
      next();
      next();
      return new Object[] {"CURRENT_ROW", null};
    }
    Node off = expr();
    if (accept("preceding")) {
      return new Object[] {"PRECEDING", off};
    }
    expect("following");
    return new Object[] {"FOLLOWING", off};
  }
}
