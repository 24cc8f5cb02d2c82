package dev.orbit.node.sql.parser;

import java.util.ArrayList;
import java.util.List;

/** ALTER, DROP, COMMENT and TRUNCATE. */
abstract class AlterParser extends DdlParser {
  AlterParser(String sql, List<Token> tokens) {
    super(sql, tokens);
  }

  /** ALTER … (ALTER was read). */
  Node alter(int loc) {
    String type;
    if (at("table") || at("index") || at("view") || at("sequence")) {
      type = next().keyword().toUpperCase();
    } else if (at("materialized") && peek(1).is("view")) {
      next();
      next();
      type = "MATERIALIZED VIEW";
    } else if (at("foreign") && peek(1).is("table")) {
      String what = describeObject();
      skipToEnd();
      return new Util.Unsupported("ALTER " + what, loc);
    } else if (at("schema")) {
      next();
      List<String> name = List.of(colId());
      return alterObject(loc, "SCHEMA", name);
    } else if (at("database")
        || at("type")
        || at("domain")
        || at("function")
        || at("procedure")
        || at("role")
        || at("user")
        || at("group")
        || at("extension")
        || at("aggregate")
        || at("operator")
        || at("collation")
        || at("conversion")
        || at("language")
        || at("large")
        || at("publication")
        || at("subscription")
        || at("server")
        || at("statistics")
        || at("tablespace")
        || at("text")
        || at("event")
        || at("routine")
        || at("trigger")
        || at("rule")
        || at("policy")) {
      String what = describeObject();
      int save = pos;
      next();
      if (!what.contains(" ") && (isColId(peek()) || peek().kind() == Token.Kind.QIDENT)) {
        List<String> name = anyName();
        if (at("owner") || (at("rename") && peek(1).is("to"))) {
          return alterObject(loc, what, name);
        }
      }
      pos = save;
      skipToEnd();
      return new Util.Unsupported("ALTER " + what, loc);
    } else {
      String what = describeObject();
      skipToEnd();
      return new Util.Unsupported("ALTER " + what, loc);
    }
    if (at("all") && peek(1).is("in")) {
      skipToEnd();
      return new Util.Unsupported("ALTER " + type + " ALL IN TABLESPACE", loc);
    }
    boolean ifExists = accept("if", "exists");
    boolean only = accept("only");
    St.RangeVar rel = qualifiedName();
    if (!only) {
      acceptOp("*");
    }
    if (type.equals("SEQUENCE") && !at("rename") && !at("owner") && !at("set")) {
      return new Ddl.AlterSequence(rel, seqOptions(), ifExists, loc);
    }
    List<Ddl.AlterCmd> cmds = new ArrayList<>();
    do {
      cmds.add(alterCmd());
    } while (acceptOp(","));
    return new Ddl.AlterTable(type, rel, ifExists, only, cmds, loc);
  }

  private Node alterObject(int loc, String type, List<String> name) {
    if (accept("owner")) {
      expect("to");
      return new Util.OwnerTo(type, name, roleSpec(), loc);
    }
    expect("rename");
    expect("to");
    return new Ddl.AlterObject(type, name, "RENAME", colId(), loc);
  }

  private Ddl.AlterCmd cmd(String kind, String name, Node def, int loc) {
    return new Ddl.AlterCmd(kind, name, def, null, false, false, null, loc);
  }

  private boolean dropBehavior() {
    if (accept("cascade")) {
      return true;
    }
    accept("restrict");
    return false;
  }

  private Ddl.AlterCmd alterCmd() {
    int loc = loc();
    if (accept("rename")) {
      if (accept("to")) {
        return new Ddl.AlterCmd("RENAME_TABLE", null, null, colId(), false, false, null, loc);
      }
      if (accept("constraint")) {
        String from = colId();
        expect("to");
        return new Ddl.AlterCmd("RENAME_CONSTRAINT", from, null, colId(), false, false, null, loc);
      }
      accept("column");
      String from = colId();
      expect("to");
      return new Ddl.AlterCmd("RENAME_COLUMN", from, null, colId(), false, false, null, loc);
    }
    if (at("set") && peek(1).is("schema")) {
      next();
      next();
      return new Ddl.AlterCmd("SET_SCHEMA", null, null, colId(), false, false, null, loc);
    }
    if (accept("owner")) {
      expect("to");
      return new Ddl.AlterCmd("OWNER_TO", null, null, roleSpec(), false, false, null, loc);
    }
    if (accept("add")) {
      if (at("constraint")
          || at("check")
          || at("unique")
          || at("primary")
          || at("exclude")
          || at("foreign")) {
        return cmd("ADD_CONSTRAINT", null, tableConstraint(), loc);
      }
      accept("column");
      boolean ifNot = accept("if", "not", "exists");
      Ddl.ColumnDef def = columnDef();
      return new Ddl.AlterCmd("ADD_COLUMN", def.name(), def, null, ifNot, false, null, loc);
    }
    if (accept("drop")) {
      if (accept("constraint")) {
        boolean ifExists = accept("if", "exists");
        String name = colId();
        return new Ddl.AlterCmd(
            "DROP_CONSTRAINT", name, null, null, ifExists, dropBehavior(), null, loc);
      }
      accept("column");
      boolean ifExists = accept("if", "exists");
      String name = colId();
      return new Ddl.AlterCmd("DROP_COLUMN", name, null, null, ifExists, dropBehavior(), null, loc);
    }
    if (accept("alter")) {
      if (accept("constraint")) {
        String name = colId();
        StringBuilder b = new StringBuilder();
        while (!atEof() && !atOp(",")) {
          b.append(b.length() > 0 ? " " : "").append(image(next()).toUpperCase());
        }
        return new Ddl.AlterCmd(
            "ALTER_CONSTRAINT", name, null, b.toString(), false, false, null, loc);
      }
      accept("column");
      if (peek().kind() == Token.Kind.ICONST) {
        StringBuilder b = new StringBuilder();
        while (!atEof() && !atOp(",")) {
          b.append(b.length() > 0 ? " " : "").append(image(next()));
        }
        return cmd("OTHER", "ALTER COLUMN " + b, null, loc);
      }
      String col = colId();
      return alterColumn(col, loc);
    }
    if (accept("validate")) {
      expect("constraint");
      return cmd("VALIDATE_CONSTRAINT", colId(), null, loc);
    }
    // the rest is accepted syntax for options this engine refuses or ignores by name
    StringBuilder b = new StringBuilder();
    int depth = 0;
    while (!atEof() && !(depth == 0 && atOp(","))) {
      if (atOp("(")) {
        depth++;
      } else if (atOp(")")) {
        depth--;
      }
      b.append(b.length() > 0 ? " " : "").append(image(next()));
    }
    if (b.length() == 0) {
      throw syntaxError();
    }
    return cmd("OTHER", b.toString(), null, loc);
  }

  private Ddl.AlterCmd alterColumn(String col, int loc) {
    if (at("set") && peek(1).is("default")) {
      next();
      next();
      return cmd("SET_DEFAULT", col, expr(), loc);
    }
    if (at("drop") && peek(1).is("default")) {
      next();
      next();
      return cmd("DROP_DEFAULT", col, null, loc);
    }
    if (accept("set", "not", "null")) {
      return cmd("SET_NOT_NULL", col, null, loc);
    }
    if (accept("drop", "not", "null")) {
      return cmd("DROP_NOT_NULL", col, null, loc);
    }
    if (accept("drop", "expression")) {
      boolean ifExists = accept("if", "exists");
      return new Ddl.AlterCmd("DROP_EXPRESSION", col, null, null, ifExists, false, null, loc);
    }
    if (accept("drop", "identity")) {
      boolean ifExists = accept("if", "exists");
      return new Ddl.AlterCmd("DROP_IDENTITY", col, null, null, ifExists, false, null, loc);
    }
    if (at("type") || (at("set") && peek(1).is("data"))) {
      if (accept("set")) {
        next();
      }
      expect("type");
      TypeName t = typeName();
      if (accept("collate")) {
        anyName();
      }
      Node using = accept("using") ? expr() : null;
      return new Ddl.AlterCmd("ALTER_TYPE", col, t, null, false, false, using, loc);
    }
    if (at("add") && peek(1).is("generated")) {
      next();
      next();
      String kind = accept("always") ? "ALWAYS" : null;
      if (kind == null) {
        expect("by");
        expect("default");
        kind = "BY DEFAULT";
      }
      expect("as");
      expect("identity");
      List<Ddl.SeqOption> opts = List.of();
      if (atOp("(")) {
        next();
        opts = seqOptions();
        expectOp(")");
      }
      Ddl.Constraint c =
          new Ddl.Constraint(
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
      return cmd("ADD_IDENTITY", col, c, loc);
    }
    if (at("set") && peek(1).is("generated")) {
      List<Ddl.SeqOption> opts = new ArrayList<>();
      while (at("set") || at("restart")) {
        int ol = loc();
        if (accept("restart")) {
          Node v = null;
          if (accept("with") || peek().kind() == Token.Kind.ICONST) {
            v = numericOnly();
          }
          opts.add(new Ddl.SeqOption("restart", v, ol));
        } else {
          next();
          if (accept("generated")) {
            String kind = accept("always") ? "ALWAYS" : null;
            if (kind == null) {
              expect("by");
              expect("default");
              kind = "BY DEFAULT";
            }
            opts.add(new Ddl.SeqOption("generated", new Ex.Const("STR", kind, ol), ol));
          } else {
            opts.addAll(seqOptions());
          }
        }
      }
      return cmd("SET_IDENTITY", col, new Ex.Row(new ArrayList<>(opts), false, loc), loc);
    }
    if (at("restart")
        || (at("set")
            && (peek(1).is("increment")
                || peek(1).is("start")
                || peek(1).is("maxvalue")
                || peek(1).is("minvalue")
                || peek(1).is("cycle")
                || peek(1).is("cache")
                || peek(1).is("no")))) {
      List<Ddl.SeqOption> opts = new ArrayList<>();
      while (at("set") || at("restart")) {
        int ol = loc();
        if (accept("restart")) {
          Node v = null;
          if (accept("with") || peek().kind() == Token.Kind.ICONST) {
            v = numericOnly();
          }
          opts.add(new Ddl.SeqOption("restart", v, ol));
        } else {
          next();
          opts.addAll(seqOptions());
        }
      }
      return cmd("SET_IDENTITY", col, new Ex.Row(new ArrayList<>(opts), false, loc), loc);
    }
    StringBuilder b = new StringBuilder();
    while (!atEof() && !atOp(",")) {
      b.append(b.length() > 0 ? " " : "").append(image(next()));
    }
    return new Ddl.AlterCmd("ALTER_COLUMN_OTHER", col, null, b.toString(), false, false, null, loc);
  }

  /** DROP … (DROP was read). */
  Node drop(int loc) {
    String type;
    if (at("table")
        || at("view")
        || at("index")
        || at("sequence")
        || at("schema")
        || at("type")
        || at("domain")
        || at("extension")
        || at("collation")
        || at("conversion")
        || at("statistics")
        || at("publication")
        || at("server")) {
      type = next().keyword().toUpperCase();
    } else if (at("materialized") && peek(1).is("view")) {
      next();
      next();
      type = "MATERIALIZED VIEW";
    } else if (at("foreign") && peek(1).is("table")) {
      next();
      next();
      type = "FOREIGN TABLE";
    } else if (at("database")) {
      next();
      boolean ifExists = accept("if", "exists");
      String name = colId();
      boolean force = false;
      if (acceptOp("(") || accept("with")) {
        if (peek(-1).is("with")) {
          expectOp("(");
        }
        force = accept("force");
        expectOp(")");
      }
      return new Ddl.DropDatabase(name, ifExists, force, loc);
    } else if (at("function") || at("procedure") || at("routine") || at("aggregate")) {
      type = next().keyword().toUpperCase();
      boolean ifExists = accept("if", "exists");
      List<List<String>> names = new ArrayList<>();
      do {
        names.add(anyName());
        if (atOp("(")) {
          int depth = 0;
          do {
            if (atOp("(")) {
              depth++;
            } else if (atOp(")")) {
              depth--;
            }
            next();
          } while (depth > 0 && !atEof());
        }
      } while (acceptOp(","));
      return new Ddl.Drop(type, names, ifExists, dropBehavior(), false, loc);
    } else if (at("trigger") || at("rule") || at("policy")) {
      type = next().keyword().toUpperCase();
      boolean ifExists = accept("if", "exists");
      String name = colId();
      expect("on");
      List<String> table = anyName();
      List<String> full = new ArrayList<>(table);
      full.add(name);
      return new Ddl.Drop(type, List.of(full), ifExists, dropBehavior(), false, loc);
    } else {
      String what = describeObject();
      skipToEnd();
      return new Util.Unsupported("DROP " + what, loc);
    }
    boolean concurrently = type.equals("INDEX") && accept("concurrently");
    boolean ifExists = accept("if", "exists");
    List<List<String>> names = new ArrayList<>();
    do {
      names.add(anyName());
    } while (acceptOp(","));
    return new Ddl.Drop(type, names, ifExists, dropBehavior(), concurrently, loc);
  }

  /** COMMENT ON object name IS 'text' | NULL (COMMENT was read). */
  Node comment(int loc) {
    expect("on");
    String type;
    List<String> name;
    List<TypeName> args = null;
    if (at("column")) {
      next();
      type = "COLUMN";
      name = anyName();
    } else if (at("constraint")) {
      next();
      type = "CONSTRAINT";
      String c = colId();
      expect("on");
      if (accept("domain")) {
        type = "DOMAIN CONSTRAINT";
      }
      name = new ArrayList<>(anyName());
      name.add(c);
    } else if (at("table")
        || at("index")
        || at("sequence")
        || at("view")
        || at("schema")
        || at("database")
        || at("type")
        || at("domain")
        || at("extension")
        || at("role")) {
      type = next().keyword().toUpperCase();
      name = anyName();
    } else if (at("materialized") && peek(1).is("view")) {
      next();
      next();
      type = "MATERIALIZED VIEW";
      name = anyName();
    } else if (at("function") || at("procedure") || at("aggregate")) {
      type = next().keyword().toUpperCase();
      name = anyName();
      args = new ArrayList<>();
      if (acceptOp("(")) {
        if (!atOp(")")) {
          do {
            if (at("in") || at("out") || at("inout") || at("variadic")) {
              next();
            }
            if (isColId(peek())
                && !(peek(1).isOp(",") || peek(1).isOp(")"))
                && !atStandardTypeKeyword()) {
              int save = pos;
              next();
              try {
                args.add(typeName());
                continue;
              } catch (dev.orbit.node.sql.SqlException e) {
                pos = save;
              }
            }
            args.add(typeName());
          } while (acceptOp(","));
        }
        expectOp(")");
      }
    } else if (at("trigger") || at("rule") || at("policy")) {
      type = next().keyword().toUpperCase();
      String n = colId();
      expect("on");
      name = new ArrayList<>(anyName());
      name.add(n);
    } else {
      String what = describeObject();
      skipToEnd();
      return new Util.Unsupported("COMMENT ON " + what, loc);
    }
    expect("is");
    String text = accept("null") ? null : sconst();
    return new Ddl.Comment(type, name, text, args, loc);
  }

  /** TRUNCATE … (TRUNCATE was read). */
  Node truncate(int loc) {
    accept("table");
    List<St.RangeVar> tables = new ArrayList<>();
    do {
      tables.add(relationNoAlias());
    } while (acceptOp(","));
    boolean restart = false;
    if (accept("restart", "identity")) {
      restart = true;
    } else {
      accept("continue", "identity");
    }
    return new Ddl.Truncate(tables, restart, dropBehavior(), loc);
  }
}
