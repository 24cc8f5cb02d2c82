package dev.orbit.node.sql.parser;

import java.util.ArrayList;
import java.util.List;

/**
 * Functions with SQL-standard argument syntax (EXTRACT(f FROM x), SUBSTRING(s FROM a FOR b),
 * POSITION(a IN b), TRIM(BOTH c FROM s), OVERLAY(…), NORMALIZE, COALESCE, NULLIF, GREATEST, LEAST),
 * turned into ordinary calls as PostgreSQL's grammar does.
 */
final class SpecialForms {
  private SpecialForms() {}

  /** The call at {@code kw (}, or null when kw has no special form. */
  static Node parse(ExprParser p, String kw, int loc) {
    switch (kw) {
      case "extract":
        return extract(p, loc);
      case "overlay":
        return overlay(p, loc);
      case "position":
        return position(p, loc);
      case "substring":
        return substring(p, loc);
      case "trim":
        return trim(p, loc);
      case "normalize":
        {
          p.next();
          p.expectOp("(");
          List<Node> args = new ArrayList<>();
          args.add(p.expr());
          if (p.acceptOp(",")) {
            String form = p.next().text().toUpperCase();
            args.add(new Ex.Const("STR", form, -1));
          }
          p.expectOp(")");
          return Ex.Func.of("normalize", args, loc);
        }
      case "treat":
        {
          p.next();
          p.expectOp("(");
          Node arg = p.expr();
          p.expect("as");
          TypeName t = p.typeName();
          p.expectOp(")");
          return new Ex.Cast(arg, t, loc);
        }
      case "nullif", "coalesce", "greatest", "least":
        {
          p.next();
          p.expectOp("(");
          List<Node> args = p.exprList();
          p.expectOp(")");
          return p.indirection(Ex.Func.of(kw, args, loc));
        }
      case "xmlconcat",
      "xmlelement",
      "xmlexists",
      "xmlforest",
      "xmlparse",
      "xmlpi",
      "xmlroot",
      "xmlserialize",
      "xmltable":
        throw p.error("0A000", "XML is not supported", loc);
      default:
        return null;
    }
  }

  private static Node extract(ExprParser p, int loc) {
    p.next();
    p.expectOp("(");
    Token f = p.next();
    String field;
    if (f.kind() == Token.Kind.SCONST) {
      field = f.text();
    } else if (f.kind() == Token.Kind.IDENT) {
      field = f.text();
    } else {
      throw p.syntaxErrorAt(f);
    }
    p.expect("from");
    Node arg = p.expr();
    p.expectOp(")");
    return Ex.Func.of("extract", List.of(new Ex.Const("STR", field, f.start()), arg), loc);
  }

  private static Node overlay(ExprParser p, int loc) {
    p.next();
    p.expectOp("(");
    Node a = p.expr();
    if (!p.accept("placing")) {
      List<Node> args = new ArrayList<>();
      args.add(a);
      while (p.acceptOp(",")) {
        args.add(p.expr());
      }
      p.expectOp(")");
      return Ex.Func.of("overlay", args, loc);
    }
    Node b = p.expr();
    p.expect("from");
    Node c = p.expr();
    List<Node> args = new ArrayList<>(List.of(a, b, c));
    if (p.accept("for")) {
      args.add(p.expr());
    }
    p.expectOp(")");
    return Ex.Func.of("overlay", args, loc);
  }

  private static Node position(ExprParser p, int loc) {
    p.next();
    p.expectOp("(");
    Node needle = p.expr(ExprParser.LIKE + 1, true);
    p.expect("in");
    Node haystack = p.expr(ExprParser.LIKE + 1, true);
    p.expectOp(")");
    return Ex.Func.of("position", List.of(haystack, needle), loc);
  }

  private static Node substring(ExprParser p, int loc) {
    p.next();
    p.expectOp("(");
    if (p.atOp(")")) {
      p.next();
      return Ex.Func.of("substring", List.of(), loc);
    }
    Node s = p.expr();
    Node from = null;
    Node forN = null;
    if (p.accept("similar")) {
      Node pat = p.expr();
      p.expect("escape");
      Node esc = p.expr();
      p.expectOp(")");
      return Ex.Func.of("substring_similar", List.of(s, pat, esc), loc);
    }
    if (p.accept("from")) {
      from = p.expr();
      if (p.accept("for")) {
        forN = p.expr();
      }
    } else if (p.accept("for")) {
      forN = p.expr();
      if (p.accept("from")) {
        from = p.expr();
      }
    } else {
      List<Node> args = new ArrayList<>();
      args.add(s);
      while (p.acceptOp(",")) {
        args.add(p.expr());
      }
      p.expectOp(")");
      return Ex.Func.of("substring", args, loc);
    }
    p.expectOp(")");
    List<Node> args = new ArrayList<>();
    args.add(s);
    args.add(from == null ? new Ex.Const("INT", "1", -1) : from);
    if (forN != null) {
      args.add(forN);
    }
    return Ex.Func.of("substring", args, loc);
  }

  private static Node trim(ExprParser p, int loc) {
    p.next();
    p.expectOp("(");
    String fn = "btrim";
    if (p.accept("both")) {
      fn = "btrim";
    } else if (p.accept("leading")) {
      fn = "ltrim";
    } else if (p.accept("trailing")) {
      fn = "rtrim";
    }
    List<Node> args;
    if (p.accept("from")) {
      args = p.exprList();
    } else {
      Node first = p.expr();
      if (p.accept("from")) {
        args = new ArrayList<>(p.exprList());
        args.add(first);
      } else {
        args = new ArrayList<>();
        args.add(first);
        while (p.acceptOp(",")) {
          args.add(p.expr());
        }
      }
    }
    p.expectOp(")");
    return Ex.Func.of(fn, args, loc);
  }
}
