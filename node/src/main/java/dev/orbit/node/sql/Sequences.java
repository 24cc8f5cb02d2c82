package dev.orbit.node.sql;

import java.util.ArrayList;
import java.util.List;

/** CREATE SEQUENCE and ALTER SEQUENCE with PostgreSQL's options. */
final class Sequences {
  private Sequences() {}

  static Stmt create(Parser.Parsed p) {
    boolean ifNot = p.word(2).equals("IF");
    int at = ifNot ? 5 : 2;
    if (ifNot && !(p.word(3).equals("NOT") && p.word(4).equals("EXISTS"))) {
      throw SqlException.syntax("syntax error at or near \"" + p.words()[3] + "\"");
    }
    int[] next = {at};
    String name = name(p.words(), next);
    SequenceDef def = new SequenceDef();
    String owned = def.apply(p.words(), next[0], true, name);
    return Commands.control(
        "CREATE SEQUENCE",
        ex -> {
          Catalog cat = ex.catalog();
          synchronized (cat) {
            if (cat.relationExists(ex.db(), name)) {
              if (ifNot) {
                ex.session.notice("relation \"" + name + "\" already exists, skipping");
                return null;
              }
              throw new SqlException("42P07", "relation \"" + name + "\" already exists");
            }
            setOwner(ex, def, owned);
            cat.createSequence(ex.db(), name, def);
          }
          return null;
        });
  }

  static Stmt alter(Parser.Parsed p) {
    if (!p.word(1).equals("SEQUENCE")) {
      throw SqlException.unsupported("ALTER " + p.word(1));
    }
    boolean ifExists = p.word(2).equals("IF");
    int[] next = {ifExists ? 4 : 2};
    String name = name(p.words(), next);
    String w = p.word(next[0]);
    if (w.equals("RENAME") || w.equals("SET") || w.equals("OWNER") || w.equals("RESET")) {
      throw SqlException.unsupported("ALTER SEQUENCE … " + w);
    }
    String[] words = p.words();
    int from = next[0];
    if (from >= words.length) {
      throw SqlException.syntax("syntax error at end of input");
    }
    return Commands.control(
        "ALTER SEQUENCE",
        ex -> {
          Catalog cat = ex.catalog();
          synchronized (cat) {
            if (!cat.hasSequence(ex.db(), name)) {
              if (ifExists) {
                ex.session.notice("relation \"" + name + "\" does not exist, skipping");
                return null;
              }
              throw SqlException.undefinedTable(name);
            }
            cat.alterSequence(
                ex.db(),
                name,
                d -> {
                  String owned = d.apply(words, from, false, name);
                  setOwner(ex, d, owned);
                });
          }
          return null;
        });
  }

  /** OWNED BY table.column (the table must exist and have the column) or NONE. */
  private static void setOwner(Exec ex, SequenceDef d, String owned) {
    if (owned == null) {
      return;
    }
    if (owned.equalsIgnoreCase("NONE")) {
      d.ownedTable = null;
      d.ownedColumn = null;
      return;
    }
    List<String> parts = split(owned);
    if (parts.size() < 2 || parts.size() > 3) {
      throw new SqlException("42601", "invalid OWNED BY option")
          .withHint("Specify OWNED BY table.column or OWNED BY NONE.");
    }
    if (parts.size() == 3) {
      SequenceDef.plainName(List.of(parts.get(0) + ".x"));
    }
    String table = ExprCompiler.unquote(parts.get(parts.size() - 2));
    String column = ExprCompiler.unquote(parts.get(parts.size() - 1));
    TableDef t = ex.catalog().table(ex.db(), table);
    if (t.position(column) < 0) {
      throw new SqlException(
          "42703", "column \"" + column + "\" of relation \"" + table + "\" does not exist");
    }
    d.ownedTable = table;
    d.ownedColumn = column;
  }

  /** A qualified name's parts, split at dots outside double quotes. */
  private static List<String> split(String s) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean q = false;
    for (char c : s.toCharArray()) {
      if (c == '"') {
        q = !q;
      }
      if (c == '.' && !q) {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }

  /**
   * Reads a possibly qualified name at {@code at[0]} (the word splitter leaves {@code "a"."b"} as
   * two words, the second starting with a dot) and moves {@code at[0]} past it.
   */
  private static String name(String[] words, int[] at) {
    if (at[0] >= words.length) {
      throw SqlException.syntax("syntax error at end of input");
    }
    List<String> parts = new ArrayList<>(List.of(words[at[0]++]));
    while (at[0] < words.length && words[at[0]].startsWith(".")) {
      parts.add(words[at[0]++]);
    }
    return SequenceDef.plainName(parts);
  }

  /** DROP SEQUENCE's names, each possibly qualified. */
  static List<String> plainNames(List<String> words) {
    List<String> out = new ArrayList<>();
    String[] w = words.toArray(String[]::new);
    int[] at = {0};
    while (at[0] < w.length) {
      out.add(name(w, at));
    }
    return out;
  }
}
