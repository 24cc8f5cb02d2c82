package dev.orbit.node.cql;

import dev.orbit.node.cql.Ast.*;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses the schema statements (CREATE, ALTER, DROP) and the IF [NOT] EXISTS clauses. */
abstract class SchemaParser extends Tokens {
  SchemaParser(String cql) {
    super(cql);
  }

  boolean ifNotExists() {
    if (accept("if")) {
      expect("not");
      expect("exists");
      return true;
    }
    return false;
  }

  boolean ifExists() {
    if (accept("if")) {
      expect("exists");
      return true;
    }
    return false;
  }

  Statement create() {
    if (accept("keyspace") || accept("schema")) {
      boolean ine = ifNotExists();
      String name = name();
      expect("with");
      return new CreateKeyspace(name, ine, properties(null));
    }
    if (accept("table") || accept("columnfamily")) {
      return createTable();
    }
    if (accept("type")) {
      boolean ine = ifNotExists();
      QName name = qname();
      expectSym("(");
      List<String> fields = new ArrayList<>();
      List<CqlType> types = new ArrayList<>();
      do {
        fields.add(name());
        types.add(type());
      } while (acceptSym(","));
      expectSym(")");
      return new CreateType(name, ine, fields, types);
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

  Statement createTable() {
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
  Map<String, Object> properties(Map<String, Boolean> desc) {
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

  Object propertyValue() {
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

  String constantText() {
    Lexer.Token t = next();
    return switch (t.kind()) {
      case STRING, INTEGER, FLOAT, IDENT -> t.text();
      default -> throw error("expecting a constant");
    };
  }

  Statement alter() {
    if (accept("keyspace") || accept("schema")) {
      String name = name();
      expect("with");
      return new AlterKeyspace(name, properties(null));
    }
    if (accept("type")) {
      throw CqlException.unsupported("ALTER TYPE (drop and create the type instead)");
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

  Statement drop() {
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
    if (accept("type")) {
      boolean ie = ifExists();
      return new DropType(qname(), ie);
    }
    throw CqlException.unsupported("DROP " + peek().text().toUpperCase());
  }
}
