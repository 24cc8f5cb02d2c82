package dev.orbit.node.sql;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.create.index.CreateIndex;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.update.Update;

/**
 * Splits query strings into statements and parses each: a small pre-parser for what JSqlParser
 * lacks (transaction control, SET/SHOW/RESET, COPY, VACUUM, TRUNCATE, databases, sequences,
 * EXPLAIN), JSqlParser for the rest.
 */
final class Parser {
  private Parser() {}

  /** A parsed statement: a pre-parsed command (its words) or a JSqlParser statement. */
  record Parsed(String text, String[] words, Statement statement) {
    String word(int i) {
      return i < words.length ? words[i].toUpperCase(Locale.ROOT) : "";
    }

    boolean endsTransaction() {
      String w = word(0);
      return w.equals("COMMIT") || w.equals("END") || w.equals("ROLLBACK") || w.equals("ABORT");
    }
  }

  private static final Pattern WORD =
      Pattern.compile("\"[^\"]*\"|'(?:[^']|'')*'|[^\\s,;()=]+|[,()=]");

  /** The words of a statement as the pre-parser splits them (quoted parts kept whole). */
  static String[] words(String text) {
    List<String> words = new ArrayList<>();
    Matcher m = WORD.matcher(text);
    while (m.find()) {
      words.add(m.group());
    }
    return words.toArray(new String[0]);
  }

  /** Statements of a query string, split at semicolons outside quotes and comments. */
  static List<String> split(String sql) {
    List<String> out = new ArrayList<>();
    int last = sql.length();
    while (last > 0 && Character.isWhitespace(sql.charAt(last - 1))) {
      last--;
    }
    int semi = sql.indexOf(';');
    if ((semi < 0 || semi == last - 1) && sql.indexOf("--") < 0 && sql.indexOf("/*") < 0) {
      // one statement, no comments: the common case needs no scan for quotes
      String one = sql.substring(0, semi < 0 ? last : semi).trim();
      if (!one.isEmpty()) {
        out.add(one);
      }
      return out;
    }
    StringBuilder cur = new StringBuilder();
    int n = sql.length();
    for (int i = 0; i < n; i++) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"') {
        int j = i + 1;
        while (j < n) {
          if (sql.charAt(j) == c) {
            if (j + 1 < n && sql.charAt(j + 1) == c) {
              j += 2;
              continue;
            }
            break;
          }
          if (c == '\''
              && sql.charAt(j) == '\\'
              && i > 0
              && Character.toUpperCase(sql.charAt(i - 1)) == 'E') {
            j++;
          }
          j++;
        }
        cur.append(sql, i, Math.min(n, j + 1));
        i = j;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int j = sql.indexOf('\n', i);
        i = j < 0 ? n : j;
        cur.append(' ');
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int j = sql.indexOf("*/", i + 2);
        i = j < 0 ? n : j + 1;
        cur.append(' ');
      } else if (c == '$'
          && i + 1 < n
          && (sql.charAt(i + 1) == '$' || Character.isLetter(sql.charAt(i + 1)))) {
        int close = sql.indexOf('$', i + 1);
        String tag = close > 0 ? sql.substring(i, close + 1) : null;
        if (tag != null && tag.matches("\\$[A-Za-z_]*\\$")) {
          int end = sql.indexOf(tag, close + 1);
          int stop = end < 0 ? n : end + tag.length();
          cur.append(sql, i, stop);
          i = stop - 1;
        } else {
          cur.append(c);
        }
      } else if (c == ';') {
        if (!cur.toString().isBlank()) {
          out.add(cur.toString().trim());
        }
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    if (!cur.toString().isBlank()) {
      out.add(cur.toString().trim());
    }
    return out;
  }

  private static final java.util.concurrent.atomic.AtomicBoolean GRAMMAR_STARTED =
      new java.util.concurrent.atomic.AtomicBoolean();

  /**
   * Loads and initializes the SQL grammar on a background thread: the first parse in a JVM costs
   * about 200 ms (JSqlParser's parser classes), which would otherwise fall on the first statement a
   * client sends after the node starts.
   */
  static void initializeInBackground() {
    if (!GRAMMAR_STARTED.compareAndSet(false, true)) {
      return; // once per JVM: the grammar's classes are shared by every engine
    }
    Thread t =
        new Thread(
            () -> {
              for (String sql :
                  List.of(
                      "select a from t where b = 1 order by a limit 1",
                      "insert into t (a) values (1)",
                      "update t set a = a + 1 where b = 2",
                      "delete from t where a = 1",
                      "create table t (a int primary key, b char(8)) with (fillfactor = 100)",
                      "alter table t add primary key (a)",
                      "drop table if exists t, u")) {
                try {
                  CCJSqlParserUtil.parse(sql);
                } catch (Exception | LinkageError e) {
                  return; // the first real statement will report any problem
                }
              }
            },
            "orbit-sql-parser-init");
    t.setDaemon(true);
    t.start();
  }

  /** Nesting deeper than this fails with 54001, as PostgreSQL's stack depth limit does. */
  static final int MAX_NESTING = 1000;

  /**
   * Refuses statements nested too deeply for the parser, in one pass over the text (outside quotes
   * and comments), before any parsing.
   */
  static void checkDepth(String sql) {
    int depth = 0;
    int n = sql.length();
    for (int i = 0; i < n; i++) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"') {
        int j = sql.indexOf(c, i + 1);
        i = j < 0 ? n : j;
      } else if (c == '(' || c == '[') {
        if (++depth > MAX_NESTING) {
          throw new SqlException("54001", "stack depth limit exceeded")
              .withHint(
                  "Increase the configuration parameter \"max_stack_depth\" (currently 2048kB),"
                      + " after ensuring the platform's stack depth limit is adequate.");
        }
      } else if (c == ')' || c == ']') {
        depth--;
      }
    }
  }

  /** Parses one statement; null for an empty one. */
  static Parsed parse(String sql) {
    List<String> parts = split(sql);
    if (parts.isEmpty()) {
      return null;
    }
    if (parts.size() > 1) {
      throw new SqlException("42601", "cannot insert multiple commands into a prepared statement");
    }
    String text = parts.get(0);
    String[] w = words(text);
    String first = w.length == 0 ? "" : w[0].toUpperCase(Locale.ROOT);
    switch (first) {
      case "BEGIN",
      "START",
      "COMMIT",
      "END",
      "ROLLBACK",
      "ABORT",
      "SAVEPOINT",
      "RELEASE",
      "SET",
      "SHOW",
      "RESET",
      "DISCARD",
      "DEALLOCATE",
      "COPY",
      "VACUUM",
      "ANALYZE",
      "CHECKPOINT",
      "TRUNCATE",
      "LISTEN",
      "UNLISTEN",
      "NOTIFY",
      "PREPARE",
      "EXECUTE",
      "EXPLAIN",
      "LOCK",
      "GRANT",
      "REVOKE",
      "DO",
      "COMMENT":
        return new Parsed(text, w, null);
      case "ALTER":
        if (w.length > 1 && w[1].equalsIgnoreCase("SEQUENCE")
            || OwnerTo.matches(w)
            || IdentityAlter.matches(text)) {
          return new Parsed(text, w, null);
        }
        break;
      case "CREATE", "DROP":
        String second = w.length > 1 ? w[1].toUpperCase(Locale.ROOT) : "";
        if (second.equals("DATABASE")
            || second.equals("SEQUENCE")
            || second.equals("SCHEMA")
            || second.equals("VIEW")
            || second.equals("FUNCTION")
            || second.equals("TRIGGER")
            || second.equals("ROLE")
            || second.equals("USER")
            || second.equals("EXTENSION")
            || second.equals("TEMP")
            || second.equals("TEMPORARY")
            || second.equals("OR")
            || second.equals("MATERIALIZED")
            || second.equals("TYPE")) {
          return new Parsed(text, w, null);
        }
        break;
      default:
        break;
    }
    return new Parsed(text, w, jsql(text));
  }

  static Statement jsql(String text) {
    String t = grammarGaps(text);
    try {
      return CCJSqlParserUtil.newParser(t).withAllowComplexParsing(true).Statement();
    } catch (ParseException e) {
      throw syntaxError(e.getMessage());
    } catch (RuntimeException | Error e) {
      throw SqlException.syntax("syntax error: " + e.getMessage());
    }
  }

  /** Rewrites PostgreSQL spellings JSqlParser does not know into equivalent ones it does. */
  private static final Pattern NATURAL_JOIN =
      Pattern.compile("(?i)\\bNATURAL\\s+(?:INNER\\s+)?(LEFT\\s+(?:OUTER\\s+)?)?JOIN\\b");

  static String grammarGaps(String text) {
    String t = text;
    if (t.regionMatches(true, 0, "select", 0, 6)
        || t.toLowerCase(Locale.ROOT).contains("natural")) {
      // JSqlParser reads NATURAL INNER JOIN as an alias "natural" and a join without condition
      t =
          NATURAL_JOIN
              .matcher(t)
              .replaceAll(m -> m.group(1) == null ? "NATURAL JOIN" : "NATURAL LEFT JOIN");
    }
    if (t.contains("OPERATOR(")) {
      t = t.replaceAll("OPERATOR\\(pg_catalog\\.([~!<>=*]+)\\)", "$1");
    }
    if (t.contains("COLLATE") || t.contains("collate")) {
      t = t.replaceAll("(?i)COLLATE\\s+pg_catalog\\.(default|\"default\"|\"C\")", "");
    }
    if (t.contains("::pg_catalog.")) {
      t = t.replace("::pg_catalog.", "::");
    }
    if (SETTINGS.matcher(t).find()) {
      t = quoteWord(t, "settings");
    }
    return t;
  }

  private static final Pattern SETTINGS = Pattern.compile("(?i)\\bsettings\\b");

  /**
   * Double-quotes every bare {@code word} outside literals and quoted names: JSqlParser reads some
   * ordinary PostgreSQL names as its keywords (a table called settings, as in pg_dump output).
   */
  static String quoteWord(String text, String word) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    int n = text.length();
    for (int i = 0; i < n; ) {
      char c = text.charAt(i);
      if (c == '\'' || c == '"') {
        int j = i + 1;
        while (j < n && !(text.charAt(j) == c && (j + 1 >= n || text.charAt(j + 1) != c))) {
          j += text.charAt(j) == c ? 2 : 1; // a doubled quote stays inside
        }
        j = Math.min(n, j + 1);
        out.append(text, i, j);
        i = j;
      } else if (Character.isLetter(c) || c == '_') {
        int j = i;
        while (j < n
            && (Character.isLetterOrDigit(text.charAt(j))
                || text.charAt(j) == '_'
                || text.charAt(j) == '$')) {
          j++;
        }
        String w = text.substring(i, j);
        out.append(w.equalsIgnoreCase(word) ? '"' + word + '"' : w);
        i = j;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static SqlException syntaxError(String message) {
    Matcher m =
        Pattern.compile("Encountered:?\\s*(?:<[^>]*>\\s*/\\s*)?\"([^\"]*)\"").matcher(message);
    if (m.find()) {
      String tok = m.group(1);
      return SqlException.syntax(
          tok.isEmpty()
              ? "syntax error at end of input"
              : "syntax error at or near \"" + tok + "\"");
    }
    if (message.contains("<EOF>")) {
      return SqlException.syntax("syntax error at end of input");
    }
    return SqlException.syntax("syntax error: " + message.split("\n")[0]);
  }

  // ---- compile ----

  static Stmt compile(Compiler c, Parsed p) {
    Statement st = p.statement();
    if (st == null) {
      return Commands.compile(c, p);
    }
    Scope root = Scope.empty(null);
    if (st instanceof net.sf.jsqlparser.statement.select.PlainSelect ps
        && ps.getIntoTables() != null
        && !ps.getIntoTables().isEmpty()) {
      // SELECT … INTO t: CREATE TABLE t AS SELECT …
      if (ps.getIntoTables().size() > 1) {
        throw SqlException.syntax("syntax error at or near \",\"");
      }
      var intoTables = ps.getIntoTables();
      String into = ExprCompiler.unquote(intoTables.get(0).getName());
      ps.setIntoTables(null);
      try {
        return CreateTableAs.compile(c, into, false, ps, List.of());
      } finally {
        ps.setIntoTables(intoTables); // the parse is kept and may be compiled again
      }
    }
    if (st instanceof Select s) {
      Query q = c.query(s, root);
      if (c.queries > 1 && q instanceof SelectQuery sq) {
        sq.hasSubqueries = true;
      }
      return queryStmt(q);
    }
    if ((st instanceof Insert i && i.getWithItemsList() != null && !i.getWithItemsList().isEmpty())
        || (st instanceof Update u
            && u.getWithItemsList() != null
            && !u.getWithItemsList().isEmpty())
        || (st instanceof Delete d
            && d.getWithItemsList() != null
            && !d.getWithItemsList().isEmpty())) {
      throw SqlException.unsupported("WITH before INSERT, UPDATE or DELETE");
    }
    if (st instanceof Insert i) {
      return Dml.insert(c, i, root);
    }
    if (st instanceof Update u) {
      return Dml.update(c, u, root);
    }
    if (st instanceof Delete d) {
      return Dml.delete(c, d, root);
    }
    if (st instanceof CreateTable ct) {
      return Ddl.createTable(c, ct);
    }
    if (st instanceof Drop d) {
      return Ddl.drop(c, d);
    }
    if (st instanceof Alter a) {
      return Ddl.alter(c, a);
    }
    if (st instanceof CreateIndex ci) {
      return Ddl.createIndex(c, ci);
    }
    throw SqlException.unsupported("the statement " + p.word(0) + " " + p.word(1));
  }

  static Stmt queryStmt(Query q) {
    return new Stmt() {
      @Override
      public List<Field> fields() {
        return q.fields();
      }

      @Override
      public void explain(List<String> out) {
        q.explain(out);
      }

      @Override
      public boolean quick() {
        return q.pointOnly();
      }

      @Override
      public Result run(Exec ex) {
        List<Object[]> rows = q.rows(new Env(ex, null, new Object[0]));
        return Result.rows(q.fields(), rows, "SELECT " + rows.size());
      }
    };
  }

  static String rest(Parsed p, int from) {
    return String.join(
        " ", Arrays.copyOfRange(p.words(), Math.min(from, p.words().length), p.words().length));
  }
}
