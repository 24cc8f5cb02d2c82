package dev.orbit.node.sql.parser;

import java.util.ArrayList;
import java.util.List;

/** CREATE TABLE / INDEX / VIEW / SEQUENCE / SCHEMA / DATABASE, table constraints, sequences. */
abstract class DdlParser extends DmlParser {
  DdlParser(String sql, List<Token> tokens) {
    super(sql, tokens);
  }

  /** CREATE … (CREATE was read). */
  Node create(int loc) {
    boolean replace = accept("or", "replace");
    String persistence = persistence();
    if (at("table")) {
      next();
      return createTable(loc, persistence);
    }
    if (at("unique") || at("index")) {
      return createIndex(loc);
    }
    if (at("view") || (at("recursive") && peek(1).is("view"))) {
      return createView(loc, replace, persistence);
    }
    if (at("materialized") && peek(1).is("view")) {
      next();
      next();
      return createMaterializedView(loc);
    }
    if (at("sequence")) {
      next();
      boolean ifNot = accept("if", "not", "exists");
      St.RangeVar name = qualifiedName();
      return new Ddl.CreateSequence(name, seqOptions(), ifNot, persistence, loc);
    }
    if (at("schema") && persistence == null) {
      next();
      return createSchema(loc);
    }
    if (at("database") && persistence == null) {
      next();
      String name = colId();
      List<Node> opts = new ArrayList<>();
      accept("with");
      while (!atEof()) {
        int ol = loc();
        String opt = next().text();
        acceptOp("=");
        Node v = atEof() ? null : genericValue();
        opts.add(new Ddl.DefElem(opt, v, ol));
      }
      return new Ddl.CreateDatabase(name, opts, loc);
    }
    String what = describeObject();
    skipToEnd();
    return new Util.Unsupported("CREATE " + what, loc);
  }

  /** The object kind words at the cursor, for messages about statements not supported. */
  String describeObject() {
    StringBuilder b = new StringBuilder();
    for (int k = 0; k < 3 && peek(k).kind() == Token.Kind.IDENT && peek(k).keyword() != null; k++) {
      String w = peek(k).keyword();
      if (k > 0
          && !(w.equals("table")
              || w.equals("trigger")
              || w.equals("wrapper")
              || w.equals("search")
              || w.equals("data")
              || w.equals("method")
              || w.equals("class")
              || w.equals("family")
              || w.equals("parser")
              || w.equals("dictionary")
              || w.equals("template")
              || w.equals("configuration")
              || w.equals("privileges")
              || w.equals("identity"))) {
        break;
      }
      b.append(b.length() > 0 ? " " : "").append(w.toUpperCase());
    }
    return b.length() == 0 ? image(peek()).toUpperCase() : b.toString();
  }

  private String persistence() {
    if (accept("temporary") || accept("temp")) {
      return "TEMP";
    }
    if ((at("local") || at("global")) && (peek(1).is("temporary") || peek(1).is("temp"))) {
      next();
      next();
      return "TEMP";
    }
    if (accept("unlogged")) {
      return "UNLOGGED";
    }
    return null;
  }

  // ---- CREATE TABLE ----

  private Node createTable(int loc, String persistence) {
    boolean ifNot = accept("if", "not", "exists");
    St.RangeVar name = qualifiedName();
    if (at("of")) {
      throw error("0A000", "typed tables (CREATE TABLE … OF) are not supported", loc());
    }
    if (at("partition") && peek(1).is("of")) {
      next();
      next();
      St.RangeVar parent = qualifiedName();
      skipToEnd();
      return new Ddl.CreateTable(
          name, persistence, ifNot, List.of(), List.of(), null, parent, List.of(), null, null, loc);
    }
    List<String> ctasCols = null;
    List<Node> elements = null;
    if (atOp("(")) {
      if (isColId(peek(1)) && (peek(2).isOp(",") || peek(2).isOp(")"))) {
        next();
        ctasCols = nameList();
        expectOp(")");
      } else {
        next();
        elements = new ArrayList<>();
        if (!atOp(")")) {
          do {
            elements.add(tableElement());
          } while (acceptOp(","));
        }
        expectOp(")");
      }
    }
    if (elements == null) {
      // CREATE TABLE … AS
      if (accept("using")) {
        colId();
      }
      List<Node> options = withOptions();
      String onCommit = onCommit();
      if (accept("tablespace")) {
        colId();
      }
      expect("as");
      St.Select q;
      if (at("execute")) {
        throw error("0A000", "CREATE TABLE … AS EXECUTE is not supported", loc());
      }
      q = selectStmt();
      boolean withData = true;
      if (accept("with")) {
        withData = !accept("no");
        expect("data");
      }
      if (onCommit != null && !onCommit.equals("PRESERVE ROWS")) {
        throw error("0A000", "ON COMMIT " + onCommit + " is not supported", loc);
      }
      return new Ddl.CreateTableAs(name, ctasCols, persistence, ifNot, q, withData, false, loc);
    }
    List<St.RangeVar> inherits = List.of();
    if (accept("inherits")) {
      expectOp("(");
      inherits = new ArrayList<>();
      do {
        inherits.add(qualifiedName());
      } while (acceptOp(","));
      expectOp(")");
    }
    String partitionBy = null;
    if (at("partition") && peek(1).is("by")) {
      int pl = next().start();
      next();
      int depth = 0;
      StringBuilder b = new StringBuilder();
      while (!atEof()) {
        if (atOp("(")) {
          depth++;
        } else if (atOp(")")) {
          depth--;
          if (depth == 0) {
            next();
            break;
          }
        }
        b.append(image(next())).append(' ');
      }
      partitionBy = b.toString().trim();
      if (partitionBy.isEmpty()) {
        throw syntaxError();
      }
      pl = pl + 0;
    }
    if (accept("using")) {
      colId();
    }
    List<Node> options = withOptions();
    String onCommit = onCommit();
    if (accept("tablespace")) {
      colId();
    }
    return new Ddl.CreateTable(
        name,
        persistence,
        ifNot,
        elements,
        inherits,
        partitionBy,
        null,
        options,
        onCommit,
        null,
        loc);
  }

  private String onCommit() {
    if (!accept("on", "commit")) {
      return null;
    }
    if (accept("drop")) {
      return "DROP";
    }
    if (accept("delete")) {
      expect("rows");
      return "DELETE ROWS";
    }
    expect("preserve");
    expect("rows");
    return "PRESERVE ROWS";
  }

  /** WITH (name [= value], …) or WITHOUT OIDS; empty when absent. */
  List<Node> withOptions() {
    if (accept("without", "oids")) {
      return List.of();
    }
    if (at("with") && peek(1).is("oids")) {
      throw syntaxErrorAt(peek(1));
    }
    if (at("with") && peek(1).isOp("(")) {
      next();
      return defList();
    }
    return List.of();
  }

  /** '(' name [= value], … ')' with qualified names (toast.x). */
  List<Node> defList() {
    expectOp("(");
    List<Node> out = new ArrayList<>();
    do {
      int l = loc();
      StringBuilder n = new StringBuilder(colLabel());
      while (acceptOp(".")) {
        n.append('.').append(colLabel());
      }
      Node v = null;
      if (acceptOp("=")) {
        v = genericValue();
      }
      out.add(new Ddl.DefElem(n.toString(), v, l));
    } while (acceptOp(","));
    expectOp(")");
    return out;
  }

  /** An option value: number, string, word (true/false/on/off/names) or a signed number. */
  Node genericValue() {
    Token t = peek();
    int l = t.start();
    if (atOp("+") || atOp("-")) {
      boolean neg = next().text().equals("-");
      Token num = next();
      return new Ex.Const(
          num.kind() == Token.Kind.ICONST ? "INT" : "NUM", (neg ? "-" : "") + num.text(), l);
    }
    switch (t.kind()) {
      case ICONST:
        next();
        return new Ex.Const("INT", t.text(), l);
      case FCONST:
        next();
        return new Ex.Const("NUM", t.text(), l);
      case SCONST:
        next();
        return new Ex.Const("STR", t.text(), l);
      case IDENT:
      case QIDENT:
        next();
        return new Ex.Const("WORD", t.text(), l);
      default:
        throw syntaxError();
    }
  }

  private Node tableElement() {
    int loc = loc();
    if (at("like")) {
      next();
      St.RangeVar rel = qualifiedName();
      List<String> opts = new ArrayList<>();
      while (at("including") || at("excluding")) {
        String w = next().keyword().toUpperCase();
        opts.add(w + " " + next().text().toUpperCase());
      }
      return new Ddl.TableLike(rel, opts, loc);
    }
    if (at("constraint")
        || at("check")
        || at("unique")
        || at("primary")
        || at("exclude")
        || at("foreign")) {
      return tableConstraint();
    }
    return columnDef();
  }

  Ddl.ColumnDef columnDef() {
    int loc = loc();
    String name = colId();
    TypeName type = typeName();
    if (accept("compression")) {
      colId();
    }
    if (at("options") && peek(1).isOp("(")) {
      throw error("0A000", "column OPTIONS are not supported", loc());
    }
    List<Ddl.Constraint> cons = new ArrayList<>();
    List<String> collation = null;
    while (true) {
      if (accept("collate")) {
        collation = anyName();
        continue;
      }
      Ddl.Constraint c = columnConstraint();
      if (c == null) {
        break;
      }
      if (c.kind().startsWith("ATTR_")) {
        if (cons.isEmpty()) {
          throw error("42601", "misplaced " + attrName(c.kind()) + " clause", c.loc());
        }
        Ddl.Constraint prev = cons.remove(cons.size() - 1);
        cons.add(applyAttr(prev, c));
        continue;
      }
      cons.add(c);
    }
    return new Ddl.ColumnDef(name, type, cons, collation, loc);
  }

  private static String attrName(String kind) {
    return switch (kind) {
      case "ATTR_DEFERRABLE" -> "DEFERRABLE";
      case "ATTR_NOT_DEFERRABLE" -> "NOT DEFERRABLE";
      case "ATTR_DEFERRED" -> "INITIALLY DEFERRED";
      default -> "INITIALLY IMMEDIATE";
    };
  }

  private Ddl.Constraint applyAttr(Ddl.Constraint c, Ddl.Constraint attr) {
    boolean ok =
        c.kind().equals("UNIQUE")
            || c.kind().equals("PRIMARY")
            || c.kind().equals("FOREIGN")
            || c.kind().equals("EXCLUSION");
    if (!ok) {
      throw error("42601", "misplaced " + attrName(attr.kind()) + " clause", attr.loc());
    }
    boolean deferrable = c.deferrable();
    boolean deferred = c.initiallyDeferred();
    switch (attr.kind()) {
      case "ATTR_DEFERRABLE" -> deferrable = true;
      case "ATTR_NOT_DEFERRABLE" -> deferrable = false;
      case "ATTR_DEFERRED" -> {
        deferred = true;
        deferrable = true;
      }
      default -> deferred = false;
    }
    return new Ddl.Constraint(
        c.kind(),
        c.name(),
        c.expr(),
        c.keys(),
        c.include(),
        c.refTable(),
        c.refColumns(),
        c.match(),
        c.onDelete(),
        c.onUpdate(),
        deferrable,
        deferred,
        c.notValid(),
        c.noInherit(),
        c.identity(),
        c.seqOptions(),
        c.usingIndex(),
        c.nullsNotDistinct(),
        c.loc());
  }

  /** One column constraint (or attribute); null when none starts here. */
  private Ddl.Constraint columnConstraint() {
    int loc = loc();
    String name = null;
    if (accept("constraint")) {
      name = colId();
    }
    Ddl.Constraint c = columnConstraintElem(loc);
    if (c == null) {
      if (name != null) {
        throw syntaxError();
      }
      return null;
    }
    return name == null ? c : c.withName(name);
  }

  private Ddl.Constraint columnConstraintElem(int loc) {
    if (at("not") && peek(1).is("null")) {
      next();
      next();
      return Ddl.Constraint.simple("NOT_NULL", null, null, loc);
    }
    if (at("not") && peek(1).is("deferrable")) {
      next();
      next();
      return Ddl.Constraint.simple("ATTR_NOT_DEFERRABLE", null, null, loc);
    }
    if (at("not")) {
      throw syntaxErrorAt(peek(1));
    }
    if (accept("null")) {
      return Ddl.Constraint.simple("NULL", null, null, loc);
    }
    if (accept("deferrable")) {
      return Ddl.Constraint.simple("ATTR_DEFERRABLE", null, null, loc);
    }
    if (accept("initially")) {
      if (accept("deferred")) {
        return Ddl.Constraint.simple("ATTR_DEFERRED", null, null, loc);
      }
      expect("immediate");
      return Ddl.Constraint.simple("ATTR_IMMEDIATE", null, null, loc);
    }
    if (accept("unique")) {
      boolean nnd = nullsNotDistinct();
      indexParameters();
      return new Ddl.Constraint(
          "UNIQUE", null, null, List.of(), List.of(), null, List.of(), null, null, null, false,
          false, false, false, null, List.of(), null, nnd, loc);
    }
    if (accept("primary")) {
      expect("key");
      indexParameters();
      return Ddl.Constraint.simple("PRIMARY", null, null, loc);
    }
    if (accept("check")) {
      expectOp("(");
      Node e = expr();
      expectOp(")");
      boolean noInherit = accept("no", "inherit");
      Ddl.Constraint c = Ddl.Constraint.simple("CHECK", null, e, loc);
      return noInherit
          ? new Ddl.Constraint(
              "CHECK", null, e, List.of(), List.of(), null, List.of(), null, null, null, false,
              false, false, true, null, List.of(), null, false, loc)
          : c;
    }
    if (accept("default")) {
      return Ddl.Constraint.simple("DEFAULT", null, bExpr(), loc);
    }
    if (accept("generated")) {
      String kind;
      if (accept("always")) {
        kind = "ALWAYS";
      } else {
        expect("by");
        expect("default");
        kind = "BY DEFAULT";
      }
      expect("as");
      if (accept("identity")) {
        List<Ddl.SeqOption> opts = List.of();
        if (atOp("(")) {
          next();
          opts = seqOptions();
          expectOp(")");
        }
        return new Ddl.Constraint(
            "IDENTITY",
            null,
            null,
            List.of(),
            List.of(),
            null,
            List.of(),
            null,
            null,
            null,
            false,
            false,
            false,
            false,
            kind,
            opts,
            null,
            false,
            loc);
      }
      if (!kind.equals("ALWAYS")) {
        throw error("42601", "for a generated column, GENERATED ALWAYS must be specified", loc);
      }
      expectOp("(");
      Node e = expr();
      expectOp(")");
      expect("stored");
      return Ddl.Constraint.simple("GENERATED", null, e, loc);
    }
    if (accept("references")) {
      return references(loc, List.of());
    }
    return null;
  }

  private boolean nullsNotDistinct() {
    if (at("nulls")) {
      next();
      boolean not = accept("not");
      expect("distinct");
      return not;
    }
    return false;
  }

  /** [INCLUDE (…)] [WITH (…)] [USING INDEX TABLESPACE x]; returns the INCLUDE columns. */
  private List<String> indexParameters() {
    List<String> include = List.of();
    if (accept("include")) {
      expectOp("(");
      include = nameList();
      expectOp(")");
    }
    if (at("with") && peek(1).isOp("(")) {
      next();
      defList();
    }
    if (accept("using", "index", "tablespace")) {
      colId();
    }
    return include;
  }

  private Ddl.Constraint references(int loc, List<String> keys) {
    St.RangeVar table = qualifiedName();
    List<String> refCols = List.of();
    if (atOp("(")) {
      next();
      refCols = nameList();
      expectOp(")");
    }
    String match = null;
    if (accept("match")) {
      match = next().text().toUpperCase();
    }
    String onDelete = null;
    String onUpdate = null;
    while (at("on") && (peek(1).is("delete") || peek(1).is("update"))) {
      next();
      boolean del = next().is("delete");
      String action = keyAction();
      if (del) {
        onDelete = action;
      } else {
        onUpdate = action;
      }
    }
    return new Ddl.Constraint(
        "FOREIGN", null, null, keys, List.of(), table, refCols, match, onDelete, onUpdate, false,
        false, false, false, null, List.of(), null, false, loc);
  }

  private String keyAction() {
    if (accept("no", "action")) {
      return "NO ACTION";
    }
    if (accept("restrict")) {
      return "RESTRICT";
    }
    if (accept("cascade")) {
      return "CASCADE";
    }
    expect("set");
    String a = accept("null") ? "SET NULL" : null;
    if (a == null) {
      expect("default");
      a = "SET DEFAULT";
    }
    if (atOp("(")) {
      next();
      a += " (" + String.join(", ", nameList()) + ")";
      expectOp(")");
    }
    return a;
  }

  /** [CONSTRAINT name] CHECK | UNIQUE | PRIMARY KEY | EXCLUDE | FOREIGN KEY … with attributes. */
  Ddl.Constraint tableConstraint() {
    int loc = loc();
    String name = null;
    if (accept("constraint")) {
      name = colId();
    }
    Ddl.Constraint c;
    if (accept("check")) {
      expectOp("(");
      Node e = expr();
      expectOp(")");
      c = Ddl.Constraint.simple("CHECK", name, e, loc);
    } else if (accept("unique")) {
      boolean nnd = nullsNotDistinct();
      if (accept("using", "index")) {
        c =
            new Ddl.Constraint(
                "UNIQUE", name, null, List.of(), List.of(), null, List.of(), null, null, null,
                false, false, false, false, null, List.of(), colId(), nnd, loc);
      } else {
        expectOp("(");
        List<String> keys = nameList();
        expectOp(")");
        List<String> include = indexParameters();
        c =
            new Ddl.Constraint(
                "UNIQUE", name, null, keys, include, null, List.of(), null, null, null, false,
                false, false, false, null, List.of(), null, nnd, loc);
      }
    } else if (accept("primary")) {
      expect("key");
      if (accept("using", "index")) {
        c =
            new Ddl.Constraint(
                "PRIMARY", name, null, List.of(), List.of(), null, List.of(), null, null, null,
                false, false, false, false, null, List.of(), colId(), false, loc);
      } else {
        expectOp("(");
        List<String> keys = nameList();
        expectOp(")");
        List<String> include = indexParameters();
        c =
            new Ddl.Constraint(
                "PRIMARY", name, null, keys, include, null, List.of(), null, null, null, false,
                false, false, false, null, List.of(), null, false, loc);
      }
    } else if (accept("exclude")) {
      int depth = 0;
      while (!atEof() && !(depth == 0 && (atOp(",") || atOp(")")))) {
        if (atOp("(")) {
          depth++;
        } else if (atOp(")")) {
          depth--;
        }
        next();
      }
      c = Ddl.Constraint.simple("EXCLUSION", name, null, loc);
    } else {
      expect("foreign");
      expect("key");
      expectOp("(");
      List<String> keys = nameList();
      expectOp(")");
      expect("references");
      c = references(loc, keys).withName(name);
    }
    // attributes
    while (true) {
      int al = loc();
      if (accept("deferrable")) {
        c = applyAttr(c, Ddl.Constraint.simple("ATTR_DEFERRABLE", null, null, al));
      } else if (at("not") && peek(1).is("deferrable")) {
        next();
        next();
        c = applyAttr(c, Ddl.Constraint.simple("ATTR_NOT_DEFERRABLE", null, null, al));
      } else if (accept("initially")) {
        String k = accept("deferred") ? "ATTR_DEFERRED" : null;
        if (k == null) {
          expect("immediate");
          k = "ATTR_IMMEDIATE";
        }
        c = applyAttr(c, Ddl.Constraint.simple(k, null, null, al));
      } else if (at("not") && peek(1).is("valid")) {
        next();
        next();
        c =
            new Ddl.Constraint(
                c.kind(),
                c.name(),
                c.expr(),
                c.keys(),
                c.include(),
                c.refTable(),
                c.refColumns(),
                c.match(),
                c.onDelete(),
                c.onUpdate(),
                c.deferrable(),
                c.initiallyDeferred(),
                true,
                c.noInherit(),
                c.identity(),
                c.seqOptions(),
                c.usingIndex(),
                c.nullsNotDistinct(),
                c.loc());
      } else if (at("no") && peek(1).is("inherit")) {
        next();
        next();
        c =
            new Ddl.Constraint(
                c.kind(),
                c.name(),
                c.expr(),
                c.keys(),
                c.include(),
                c.refTable(),
                c.refColumns(),
                c.match(),
                c.onDelete(),
                c.onUpdate(),
                c.deferrable(),
                c.initiallyDeferred(),
                c.notValid(),
                true,
                c.identity(),
                c.seqOptions(),
                c.usingIndex(),
                c.nullsNotDistinct(),
                c.loc());
      } else {
        return c;
      }
    }
  }

  // ---- sequences ----

  List<Ddl.SeqOption> seqOptions() {
    List<Ddl.SeqOption> out = new ArrayList<>();
    while (true) {
      int loc = loc();
      if (accept("as")) {
        out.add(new Ddl.SeqOption("as", simpleTypeName(), loc));
      } else if (accept("cache")) {
        out.add(new Ddl.SeqOption("cache", numericOnly(), loc));
      } else if (accept("cycle")) {
        out.add(new Ddl.SeqOption("cycle", new Ex.Const("BOOL", "true", loc), loc));
      } else if (at("no") && peek(1).is("cycle")) {
        next();
        next();
        out.add(new Ddl.SeqOption("cycle", new Ex.Const("BOOL", "false", loc), loc));
      } else if (at("no") && (peek(1).is("maxvalue") || peek(1).is("minvalue"))) {
        next();
        out.add(new Ddl.SeqOption(next().keyword(), null, loc));
      } else if (accept("increment")) {
        accept("by");
        out.add(new Ddl.SeqOption("increment", numericOnly(), loc));
      } else if (accept("maxvalue")) {
        out.add(new Ddl.SeqOption("maxvalue", numericOnly(), loc));
      } else if (accept("minvalue")) {
        out.add(new Ddl.SeqOption("minvalue", numericOnly(), loc));
      } else if (accept("owned")) {
        expect("by");
        List<String> n = anyName();
        out.add(new Ddl.SeqOption("owned_by", new Ex.ColumnRef(n, false, loc), loc));
      } else if (accept("sequence")) {
        expect("name");
        out.add(new Ddl.SeqOption("sequence_name", new Ex.ColumnRef(anyName(), false, loc), loc));
      } else if (accept("start")) {
        accept("with");
        out.add(new Ddl.SeqOption("start", numericOnly(), loc));
      } else if (accept("restart")) {
        Node v = null;
        if (accept("with") || peek().kind() == Token.Kind.ICONST || atOp("-") || atOp("+")) {
          v = numericOnly();
        }
        out.add(new Ddl.SeqOption("restart", v, loc));
      } else if (accept("logged") || accept("unlogged")) {
        continue;
      } else {
        return out;
      }
    }
  }

  Node numericOnly() {
    int l = loc();
    boolean neg = false;
    if (atOp("-") || atOp("+")) {
      neg = next().text().equals("-");
    }
    Token t = next();
    if (t.kind() != Token.Kind.ICONST && t.kind() != Token.Kind.FCONST) {
      throw syntaxErrorAt(t);
    }
    return new Ex.Const(
        t.kind() == Token.Kind.ICONST ? "INT" : "NUM", (neg ? "-" : "") + t.text(), l);
  }

  // ---- indexes, views, schemas ----

  private Node createIndex(int loc) {
    boolean unique = accept("unique");
    expect("index");
    boolean concurrently = accept("concurrently");
    boolean ifNot = accept("if", "not", "exists");
    String name = null;
    if (!at("on")) {
      name = colId();
    }
    expect("on");
    boolean only = accept("only");
    St.RangeVar table = qualifiedName();
    String method = null;
    if (accept("using")) {
      method = colId();
    }
    expectOp("(");
    List<Ddl.IndexElem> elems = indexElems();
    expectOp(")");
    List<String> include = List.of();
    if (accept("include")) {
      expectOp("(");
      include = nameList();
      expectOp(")");
    }
    boolean nnd = nullsNotDistinct();
    if (at("with") && peek(1).isOp("(")) {
      next();
      defList();
    }
    if (accept("tablespace")) {
      colId();
    }
    Node where = accept("where") ? expr() : null;
    if (only) {
      table = new St.RangeVar(table.schema(), table.name(), false, null, table.loc());
    }
    return new Ddl.CreateIndex(
        name, table, unique, concurrently, ifNot, method, elems, include, where, nnd, loc);
  }

  private Node createView(int loc, boolean replace, String persistence) {
    boolean recursive = accept("recursive");
    expect("view");
    St.RangeVar name = qualifiedName();
    List<String> cols = null;
    if (atOp("(")) {
      next();
      cols = nameList();
      expectOp(")");
    }
    if (at("with") && peek(1).isOp("(")) {
      next();
      defList();
    }
    expect("as");
    St.Select q = selectStmt();
    String check = null;
    if (accept("with")) {
      check = accept("local") ? "LOCAL" : accept("cascaded") ? "CASCADED" : "CASCADED";
      expect("check");
      expect("option");
    }
    return new Ddl.CreateView(name, cols, q, replace, persistence, recursive, check, loc);
  }

  private Node createMaterializedView(int loc) {
    boolean ifNot = accept("if", "not", "exists");
    St.RangeVar name = qualifiedName();
    List<String> cols = null;
    if (atOp("(")) {
      next();
      cols = nameList();
      expectOp(")");
    }
    if (accept("using")) {
      colId();
    }
    withOptions();
    if (accept("tablespace")) {
      colId();
    }
    expect("as");
    St.Select q = selectStmt();
    boolean withData = true;
    if (accept("with")) {
      withData = !accept("no");
      expect("data");
    }
    return new Ddl.CreateTableAs(name, cols, null, ifNot, q, withData, true, loc);
  }

  private Node createSchema(int loc) {
    boolean ifNot = accept("if", "not", "exists");
    String name = null;
    String auth = null;
    if (accept("authorization")) {
      auth = roleSpec();
    } else {
      name = colId();
      if (accept("authorization")) {
        auth = roleSpec();
      }
    }
    if (name == null) {
      name = auth;
    }
    List<Node> elems = new ArrayList<>();
    while (at("create") || at("grant")) {
      int el = next().start();
      if (peek(-1).is("grant")) {
        skipToEnd();
        break;
      }
      elems.add(create(el));
    }
    return new Ddl.CreateSchema(name, ifNot, auth, elems, loc);
  }

  /** A role name, or CURRENT_USER / SESSION_USER / CURRENT_ROLE / PUBLIC. */
  String roleSpec() {
    Token t = peek();
    if (t.is("current_user") || t.is("session_user") || t.is("current_role") || t.is("public")) {
      next();
      return t.keyword();
    }
    return nonReservedWord();
  }
}
