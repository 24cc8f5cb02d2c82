package dev.orbit.node.sql.parser;

import java.util.ArrayList;
import java.util.List;

/**
 * COPY in both of PostgreSQL's option syntaxes; the old keyword options are given as the new option
 * names (format, delimiter, null, header, quote, escape, force_quote, force_not_null, force_null,
 * encoding, freeze).
 */
final class CopyParser {
  private CopyParser() {}

  static Util.Copy copy(Parser p) {
    int loc = p.next().start();
    List<Ddl.DefElem> opts = new ArrayList<>();
    if (p.accept("binary")) {
      opts.add(new Ddl.DefElem("format", new Ex.Const("WORD", "binary", loc), loc));
    }
    St.RangeVar table = null;
    List<String> cols = null;
    Node query = null;
    if (p.atOp("(")) {
      p.next();
      query = p.preparable();
      p.expectOp(")");
    } else {
      table = p.qualifiedName();
      if (p.atOp("(")) {
        p.next();
        cols = p.nameList();
        p.expectOp(")");
      }
    }
    boolean from;
    if (p.accept("from")) {
      from = true;
    } else {
      p.expect("to");
      from = false;
    }
    String file = null;
    boolean program = false;
    if (p.accept("stdin") || p.accept("stdout")) {
      file = null;
    } else if (p.accept("program")) {
      program = true;
      file = p.sconst();
    } else {
      file = p.sconst();
    }
    if (p.accept("using") || p.at("delimiters")) {
      p.expect("delimiters");
      int dl = p.loc();
      opts.add(new Ddl.DefElem("delimiter", new Ex.Const("STR", p.sconst(), dl), dl));
    } else if (p.accept("delimiters")) {
      int dl = p.loc();
      opts.add(new Ddl.DefElem("delimiter", new Ex.Const("STR", p.sconst(), dl), dl));
    }
    boolean with = p.accept("with");
    if (p.atOp("(")) {
      p.next();
      do {
        int ol = p.loc();
        Token t = p.next();
        if (t.kind() != Token.Kind.IDENT && t.kind() != Token.Kind.QIDENT) {
          throw p.syntaxErrorAt(t);
        }
        String name = t.text();
        Node v = null;
        if (p.acceptOp("*")) {
          v = new Ex.Const("WORD", "*", ol);
        } else if (p.atOp("(")) {
          p.next();
          v = words(p);
        } else if (!p.atOp(",") && !p.atOp(")")) {
          v = p.genericValue();
        }
        opts.add(new Ddl.DefElem(name, v, ol));
      } while (p.acceptOp(","));
      p.expectOp(")");
    } else {
      oldOptions(p, opts);
    }
    if (with && opts.isEmpty() && !p.atEof() && !p.at("where")) {
      throw p.syntaxError();
    }
    Node where = p.accept("where") ? p.expr() : null;
    return new Util.Copy(table, cols, query, from, file, program, opts, where, loc);
  }

  private static Node words(Parser p) {
    List<Node> out = new ArrayList<>();
    do {
      int l = p.loc();
      out.add(new Ex.Const("WORD", p.colLabel(), l));
    } while (p.acceptOp(","));
    p.expectOp(")");
    return new Ex.Row(out, false, -1);
  }

  private static void oldOptions(Parser p, List<Ddl.DefElem> opts) {
    while (true) {
      int l = p.loc();
      if (p.accept("binary")) {
        opts.add(new Ddl.DefElem("format", new Ex.Const("WORD", "binary", l), l));
      } else if (p.accept("csv")) {
        opts.add(new Ddl.DefElem("format", new Ex.Const("WORD", "csv", l), l));
      } else if (p.accept("freeze")) {
        opts.add(new Ddl.DefElem("freeze", null, l));
      } else if (p.accept("header")) {
        opts.add(new Ddl.DefElem("header", null, l));
      } else if (p.accept("delimiter")
          || p.accept("null")
          || p.accept("quote")
          || p.accept("escape")
          || p.accept("encoding")) {
        String name = p.tokens.get(p.pos - 1).keyword();
        p.accept("as");
        int vl = p.loc();
        opts.add(new Ddl.DefElem(name, new Ex.Const("STR", p.sconst(), vl), l));
      } else if (p.accept("force")) {
        String name;
        if (p.accept("quote")) {
          name = "force_quote";
        } else if (p.accept("not")) {
          p.expect("null");
          name = "force_not_null";
        } else {
          p.expect("null");
          name = "force_null";
        }
        Node v;
        if (p.acceptOp("*")) {
          v = new Ex.Const("WORD", "*", l);
        } else {
          List<Node> cols = new ArrayList<>();
          do {
            int cl = p.loc();
            cols.add(new Ex.Const("WORD", p.colId(), cl));
          } while (p.acceptOp(","));
          v = new Ex.Row(cols, false, -1);
        }
        opts.add(new Ddl.DefElem(name, v, l));
      } else {
        return;
      }
    }
  }
}
