package dev.orbit.node.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Statements the pre-parser recognizes: transactions, settings, COPY, maintenance, EXPLAIN. */
final class Commands {
  private Commands() {}

  /** The savepoint name at word {@code i} (after an optional SAVEPOINT keyword). */
  private static String savepointName(Parser.Parsed p, int i) {
    int at = p.word(i).equals("SAVEPOINT") ? i + 1 : i;
    if (at >= p.words().length || at + 1 < p.words().length) {
      throw SqlException.syntax("syntax error in savepoint statement");
    }
    return ExprCompiler.unquote(p.words()[at]);
  }

  static Stmt control(String tag, java.util.function.Function<Exec, String> action) {
    return new Stmt() {
      @Override
      public List<Field> fields() {
        return null;
      }

      @Override
      public Result run(Exec ex) {
        String t = action.apply(ex);
        return Result.command(t == null ? tag : t);
      }

      @Override
      public boolean transactional() {
        return false;
      }
    };
  }

  private static Stmt rows(
      List<Field> fields, java.util.function.Function<Exec, List<Object[]>> rows) {
    return new Stmt() {
      @Override
      public List<Field> fields() {
        return fields;
      }

      @Override
      public Result run(Exec ex) {
        List<Object[]> r = rows.apply(ex);
        return Result.rows(
            fields,
            r,
            fields.size() == 1 && fields.get(0).name().equals("QUERY PLAN") ? "EXPLAIN" : "SHOW");
      }

      @Override
      public boolean transactional() {
        return false;
      }
    };
  }

  static String unquote(String v) {
    String t = v.trim();
    if (t.length() >= 2 && t.startsWith("'") && t.endsWith("'")) {
      return t.substring(1, t.length() - 1).replace("''", "'");
    }
    if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
      return t.substring(1, t.length() - 1);
    }
    return t;
  }

  /** Session defaults stay READ COMMITTED: a stronger default level is refused, not faked. */
  private static void checkIsolation(String text) {
    String t = text.toUpperCase(java.util.Locale.ROOT).replaceAll("[\\s'_]+", " ");
    if (t.contains("ISOLATION") && (t.contains("REPEATABLE READ") || t.contains("SERIALIZABLE"))) {
      throw SqlException.unsupported(
          "a default isolation level other than READ COMMITTED (use BEGIN ISOLATION LEVEL …)");
    }
  }

  /**
   * The isolation level a BEGIN / SET TRANSACTION names: true for REPEATABLE READ (a snapshot),
   * false for READ COMMITTED / UNCOMMITTED, null for none. SERIALIZABLE is refused.
   */
  static Boolean repeatableRead(String text) {
    String t = text.toUpperCase(java.util.Locale.ROOT).replaceAll("\\s+", " ");
    if (!t.contains("ISOLATION")) {
      return null;
    }
    if (t.contains("SERIALIZABLE")) {
      throw SqlException.unsupported("isolation level SERIALIZABLE");
    }
    if (t.contains("SNAPSHOT")) {
      throw SqlException.unsupported("SET TRANSACTION SNAPSHOT (exported snapshots)");
    }
    return t.contains("REPEATABLE READ");
  }

  /** READ ONLY → true, READ WRITE → false, neither → null. */
  static Boolean readOnlyMode(String text) {
    String t = text.toUpperCase(java.util.Locale.ROOT).replaceAll("\\s+", " ");
    if (t.contains("READ ONLY")) {
      return true;
    }
    if (t.contains("READ WRITE")) {
      return false;
    }
    return null;
  }

  static Stmt compile(Compiler c, Parser.Parsed p) {
    String w0 = p.word(0);
    if (w0.equals("SET") && !p.word(1).equals("TRANSACTION")) {
      checkIsolation(p.text());
    }
    switch (w0) {
      case "BEGIN":
      case "START":
        {
          Boolean ro = readOnlyMode(p.text());
          Boolean rr = repeatableRead(p.text());
          return control(
              w0.equals("BEGIN") ? "BEGIN" : "START TRANSACTION",
              ex -> {
                ex.session.begin();
                if (rr != null) {
                  ex.session.setTransactionIsolation(rr);
                }
                if (ro != null) {
                  ex.session.setTransactionReadOnly(ro);
                }
                return null;
              });
        }
      case "COMMIT":
      case "END":
        if (p.word(1).equals("PREPARED")) {
          throw SqlException.unsupported("two-phase commit");
        }
        return control("COMMIT", ex -> ex.session.commit());
      case "ROLLBACK":
      case "ABORT":
        if (p.word(1).equals("TO") || p.word(2).equals("TO")) {
          String sp = savepointName(p, p.word(1).equals("TO") ? 2 : 3);
          return control(
              "ROLLBACK",
              ex -> {
                ex.session.rollbackToSavepoint(sp);
                return null;
              });
        }
        if (p.word(1).equals("PREPARED")) {
          throw SqlException.unsupported("two-phase commit");
        }
        return control(
            "ROLLBACK",
            ex -> {
              ex.session.rollback();
              return null;
            });
      case "SAVEPOINT":
        {
          String sp = savepointName(p, 1);
          return control(
              "SAVEPOINT",
              ex -> {
                ex.session.savepoint(sp);
                return null;
              });
        }
      case "RELEASE":
        {
          String sp = savepointName(p, 1);
          return control(
              "RELEASE",
              ex -> {
                ex.session.releaseSavepoint(sp);
                return null;
              });
        }
      case "SET":
        return set(p);
      case "SHOW":
        return show(p);
      case "RESET":
        String name = p.word(1).equals("ALL") ? null : Parser.rest(p, 1);
        return control(
            "RESET",
            ex -> {
              ex.session.reset(name);
              return null;
            });
      case "DISCARD":
        return control(
            "DISCARD " + p.word(1),
            ex -> {
              ex.session.reset(null);
              if (p.word(1).equals("ALL")) {
                ex.session.sqlPrepared.clear();
              }
              return null;
            });
      case "DEALLOCATE":
        return SqlPrepare.deallocate(p);
      case "PREPARE":
        return SqlPrepare.prepare(p);
      case "EXECUTE":
        return SqlPrepare.execute(c, p);
      case "VACUUM":
      case "ANALYZE":
      case "CHECKPOINT":
        return control(w0, ex -> null);
      case "TRUNCATE":
        return truncate(p);
      case "COPY":
        return CopyStatement.compile(c, p);
      case "LOCK":
        return LockTable.compile(p);
      case "COMMENT":
        return Comments.compile(p);
      case "EXPLAIN":
        return explain(c, p);
      case "CREATE":
      case "DROP":
        return createDrop(p);
      case "ALTER":
        if (IdentityAlter.matches(p.text())) {
          return IdentityAlter.compile(p);
        }
        return OwnerTo.matches(p.words()) ? OwnerTo.compile(p) : Sequences.alter(p);
      default:
        throw SqlException.unsupported(w0);
    }
  }

  private static Stmt set(Parser.Parsed p) {
    int i = 1;
    String w1 = p.word(1);
    if (w1.equals("SESSION") && p.word(2).equals("CHARACTERISTICS")) {
      Boolean ro = readOnlyMode(p.text());
      return control(
          "SET",
          ex -> {
            if (ro != null) {
              ex.session.set("default_transaction_read_only", ro ? "on" : "off");
            }
            return null;
          });
    }
    if (w1.equals("TRANSACTION")) {
      Boolean ro = readOnlyMode(p.text());
      Boolean rr = repeatableRead(p.text());
      return control(
          "SET",
          ex -> {
            if (rr != null) {
              ex.session.setTransactionIsolation(rr);
            }
            if (ro != null) {
              ex.session.setTransactionReadOnly(ro);
            }
            return null;
          });
    }
    if (w1.equals("SESSION") || w1.equals("LOCAL")) {
      i = 2;
    }
    String name;
    int valueFrom;
    if (p.word(i).equals("TIME") && p.word(i + 1).equals("ZONE")) {
      name = "TimeZone";
      valueFrom = i + 2;
    } else if (p.word(i).equals("NAMES")) {
      name = "client_encoding";
      valueFrom = i + 1;
    } else {
      name = p.words()[i].toLowerCase(Locale.ROOT);
      valueFrom = i + 1;
      if (p.word(valueFrom).equals("TO") || p.word(valueFrom).equals("=")) {
        valueFrom++;
      }
    }
    List<String> values = new ArrayList<>();
    for (int k = valueFrom; k < p.words().length; k++) {
      if (!p.words()[k].equals(",")) {
        values.add(unquote(p.words()[k]));
      }
    }
    String value = String.join(", ", values);
    String key =
        name.equalsIgnoreCase("datestyle")
            ? "DateStyle"
            : name.equalsIgnoreCase("timezone") ? "TimeZone" : name;
    return control(
        "SET",
        ex -> {
          if (value.equalsIgnoreCase("DEFAULT")) {
            ex.session.reset(key);
          } else {
            ex.session.set(key, value);
          }
          return null;
        });
  }

  private static Stmt show(Parser.Parsed p) {
    if (p.word(1).equals("ALL")) {
      List<Field> f =
          List.of(
              Field.of("name", PgType.TEXT),
              Field.of("setting", PgType.TEXT),
              Field.of("description", PgType.TEXT));
      return rows(
          f,
          ex -> {
            List<Object[]> out = new ArrayList<>();
            for (Map.Entry<String, String> e : ex.session.allSettings().entrySet()) {
              out.add(new Object[] {e.getKey(), e.getValue(), ""});
            }
            return out;
          });
    }
    String name;
    if (p.word(1).equals("TIME") && p.word(2).equals("ZONE")) {
      name = "TimeZone";
    } else if (p.word(1).equals("TRANSACTION") && p.word(2).equals("ISOLATION")) {
      name = "transaction_isolation";
    } else {
      name = unquote(p.words()[1]);
    }
    String fieldName = name.toLowerCase(Locale.ROOT);
    return rows(
        List.of(Field.of(fieldName, PgType.TEXT)),
        ex -> {
          List<Object[]> out = new ArrayList<>();
          out.add(new Object[] {ex.session.setting(name)});
          return out;
        });
  }

  private static Stmt truncate(Parser.Parsed p) {
    List<String> names = new ArrayList<>();
    for (int i = 1; i < p.words().length; i++) {
      String w = p.word(i);
      if (w.equals("TABLE") || w.equals("ONLY") || w.equals(",")) {
        continue;
      }
      if (w.equals("RESTART")
          || w.equals("CONTINUE")
          || w.equals("CASCADE")
          || w.equals("RESTRICT")) {
        break;
      }
      String n = p.words()[i];
      if (n.toLowerCase(Locale.ROOT).startsWith("public.")) {
        n = n.substring(7);
      }
      names.add(ExprCompiler.unquote(n));
    }
    if (names.isEmpty()) {
      throw SqlException.syntax("syntax error at end of input");
    }
    return Ddl.truncate(names);
  }

  private static Stmt createDrop(Parser.Parsed p) {
    boolean create = p.word(0).equals("CREATE");
    String what = p.word(1);
    if (what.equals("VIEW")
        || create
            && (what.equals("OR") && p.word(3).equals("VIEW")
                || p.word(2).equals("VIEW")
                || p.word(3).equals("VIEW"))) {
      return create ? Views.create(p) : Views.drop(p);
    }
    switch (what) {
      case "DATABASE":
        {
          boolean ifExists = !create && p.word(2).equals("IF");
          String name = ExprCompiler.unquote(p.words()[ifExists ? 4 : 2]);
          if (create) {
            return control(
                "CREATE DATABASE",
                ex -> {
                  ex.catalog().createDatabase(name);
                  return null;
                });
          }
          return control(
              "DROP DATABASE",
              ex -> {
                if (name.equals(ex.db())) {
                  throw new SqlException("55006", "cannot drop the currently open database");
                }
                if (!ex.catalog().hasDatabase(name)) {
                  if (ifExists) {
                    ex.session.notice("database \"" + name + "\" does not exist, skipping");
                    return null;
                  }
                  throw new SqlException("3D000", "database \"" + name + "\" does not exist");
                }
                ex.catalog().dropDatabase(name);
                return null;
              });
        }
      case "SEQUENCE":
        {
          if (create) {
            return Sequences.create(p);
          }
          boolean ifExists = p.word(2).equals("IF");
          List<String> names = new ArrayList<>();
          for (int i = ifExists ? 4 : 2; i < p.words().length; i++) {
            if (!p.words()[i].equals(",")
                && !p.word(i).equals("CASCADE")
                && !p.word(i).equals("RESTRICT")) {
              names.add(p.words()[i]);
            }
          }
          List<String> plain = Sequences.plainNames(names);
          return control(
              "DROP SEQUENCE",
              ex -> {
                for (String n : plain) {
                  if (!ex.catalog().hasSequence(ex.db(), n)) {
                    if (!ifExists) {
                      throw new SqlException("42P01", "sequence \"" + n + "\" does not exist");
                    }
                    continue;
                  }
                  ex.catalog().dropSequence(ex.db(), n);
                }
                return null;
              });
        }
      default:
        throw SqlException.unsupported(p.word(0) + " " + what);
    }
  }

  private static Stmt explain(Compiler c, Parser.Parsed p) {
    String text =
        p.text()
            .replaceFirst("(?is)^EXPLAIN\\s+(\\([^)]*\\)\\s*)?(ANALYZE\\s+)?(VERBOSE\\s+)?", "");
    Parser.Parsed inner = Parser.parse(text);
    Stmt s = Parser.compile(c, inner);
    List<String> plan = new ArrayList<>();
    Explain.describe(s, plan);
    return rows(
        List.of(Field.of("QUERY PLAN", PgType.TEXT)),
        ex -> {
          List<Object[]> out = new ArrayList<>();
          for (String l : plan) {
            out.add(new Object[] {l});
          }
          return out;
        });
  }
}
