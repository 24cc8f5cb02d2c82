package dev.orbit.node.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SQL-level prepared statements: PREPARE name [(types)] AS statement, EXECUTE name [(args)] and
 * DEALLOCATE [PREPARE] name | ALL. They live in the session (as the protocol's named statements do)
 * and go at disconnect or DISCARD ALL; EXECUTE runs the statement as if sent itself.
 */
final class SqlPrepare {
  private SqlPrepare() {}

  /** Prepared statements a session holds at most (each keeps its compiled plan). */
  static final int MAX_STATEMENTS = 10_000;

  private static final String NAME = "(\"[^\"]+\"|[\\w$]+)";
  private static final Pattern PREPARE =
      Pattern.compile("(?is)PREPARE\\s+" + NAME + "\\s*(?:\\((.*?)\\))?\\s*AS\\s+(.+)");
  private static final Pattern EXECUTE =
      Pattern.compile("(?is)EXECUTE\\s+" + NAME + "\\s*(?:\\((.*)\\))?\\s*");

  static Stmt prepare(Parser.Parsed p) {
    Matcher m = PREPARE.matcher(p.text());
    if (!m.matches()) {
      throw SqlException.syntax("syntax error in PREPARE");
    }
    String name = ExprCompiler.unquote(m.group(1)).toLowerCase(Locale.ROOT);
    String body = m.group(3).trim();
    String first = body.split("[\\s(]+", 2)[0].toUpperCase(Locale.ROOT);
    if (!List.of("SELECT", "INSERT", "UPDATE", "DELETE", "VALUES", "WITH", "TABLE")
        .contains(first)) {
      throw SqlException.syntax("syntax error at or near \"" + body.split("\\s+")[0] + "\"");
    }
    List<String> types = m.group(2) == null ? List.of() : splitTopLevel(m.group(2));
    int[] oids = new int[types.size()];
    for (int i = 0; i < oids.length; i++) {
      oids[i] = TypeName.parse(types.get(i)).type().oid;
    }
    return Commands.control(
        "PREPARE",
        ex -> {
          Session s = ex.session;
          if (s.sqlPrepared.containsKey(name)) {
            throw new SqlException("42P05", "prepared statement \"" + name + "\" already exists");
          }
          if (s.sqlPrepared.size() >= MAX_STATEMENTS) {
            throw new SqlException("53000", "too many prepared statements in this session");
          }
          s.sqlPrepared.put(name, s.prepare(body, oids));
          return null;
        });
  }

  /** EXECUTE: the session runs its target in its place (see {@link Session#execute}). */
  static final class Execute implements Stmt {
    final String name;
    final List<String> args;
    private final Session.Prepared target;

    Execute(String name, List<String> args, Session.Prepared target) {
      this.name = name;
      this.args = args;
      this.target = target;
    }

    /** The statement to run, with its arguments evaluated and cast to its parameter types. */
    Session.Bound bind(Session s) {
      Session.Prepared t = s.sqlPrepared.get(name);
      if (t == null) {
        throw missing(name);
      }
      PgType[] types = t.parameterTypes();
      if (types.length != args.size()) {
        throw new SqlException(
            "42601",
            "wrong number of parameters for prepared statement \"" + name + "\"",
            "Expected " + types.length + " parameters but got " + args.size() + ".");
      }
      if (args.isEmpty()) {
        return new Session.Bound(t, new Object[0]);
      }
      StringBuilder sql = new StringBuilder("SELECT ");
      for (int i = 0; i < args.size(); i++) {
        sql.append(i > 0 ? ", " : "").append("CAST((").append(args.get(i)).append(") AS ");
        sql.append(types[i].sqlName).append(')');
      }
      Result r = s.execute(s.prepare(sql.toString(), new int[0]), new Object[0]);
      return new Session.Bound(t, r.rows.get(0));
    }

    @Override
    public List<Field> fields() {
      return target.fields();
    }

    @Override
    public Result run(Exec ex) {
      throw new IllegalStateException("EXECUTE runs its target statement instead");
    }

    @Override
    public boolean transactional() {
      return false;
    }
  }

  static Stmt execute(Compiler c, Parser.Parsed p) {
    Matcher m = EXECUTE.matcher(p.text());
    if (!m.matches()) {
      throw SqlException.syntax("syntax error in EXECUTE");
    }
    String name = ExprCompiler.unquote(m.group(1)).toLowerCase(Locale.ROOT);
    Session.Prepared target = c.session.sqlPrepared.get(name);
    if (target == null) {
      throw missing(name);
    }
    List<String> args = m.group(2) == null ? List.of() : splitTopLevel(m.group(2));
    return new Execute(name, args, target);
  }

  static Stmt deallocate(Parser.Parsed p) {
    int at = p.word(1).equals("PREPARE") ? 2 : 1;
    if (at >= p.words().length || at + 1 < p.words().length) {
      throw SqlException.syntax("syntax error in DEALLOCATE");
    }
    String name = ExprCompiler.unquote(p.words()[at]).toLowerCase(Locale.ROOT);
    boolean all = p.word(at).equals("ALL");
    return Commands.control(
        all ? "DEALLOCATE ALL" : "DEALLOCATE",
        ex -> {
          if (all) {
            ex.session.sqlPrepared.clear();
          } else if (ex.session.sqlPrepared.remove(name) == null) {
            throw missing(name);
          }
          return null;
        });
  }

  private static SqlException missing(String name) {
    return new SqlException("26000", "prepared statement \"" + name + "\" does not exist");
  }

  /** Splits at commas outside parentheses and quotes. */
  static List<String> splitTopLevel(String text) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    char quote = 0;
    StringBuilder cur = new StringBuilder();
    for (char ch : text.toCharArray()) {
      if (quote != 0) {
        quote = ch == quote ? 0 : quote;
      } else if (ch == '\'' || ch == '"') {
        quote = ch;
      } else if (ch == '(' || ch == '[') {
        depth++;
      } else if (ch == ')' || ch == ']') {
        depth--;
      } else if (ch == ',' && depth == 0) {
        out.add(cur.toString().trim());
        cur.setLength(0);
        continue;
      }
      cur.append(ch);
    }
    if (!cur.toString().isBlank()) {
      out.add(cur.toString().trim());
    }
    return out;
  }
}
