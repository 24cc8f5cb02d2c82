package dev.orbit.node.sql;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A COPY in progress. FROM STDIN takes text-format (or CSV) lines and inserts them in the
 * statement's transaction; TO STDOUT holds the lines to send.
 */
public final class Copy {
  private final boolean in;
  private final TableDef table;
  private final int[] targets;
  private final Expr[] defaults;
  private final char delimiter;
  private final String nullText;
  private final boolean csv;
  private boolean skipHeader;
  private final List<String> out;
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
  private Session session;
  private Transaction txn;
  private boolean auto;
  private Exec exec;
  private Env env;
  private long count;
  private SqlException error;
  private boolean ended;

  private Copy(
      boolean in,
      TableDef table,
      int[] targets,
      Expr[] defaults,
      char delimiter,
      String nullText,
      boolean csv,
      boolean header,
      List<String> out) {
    this.in = in;
    this.table = table;
    this.targets = targets;
    this.defaults = defaults;
    this.delimiter = delimiter;
    this.nullText = nullText;
    this.csv = csv;
    this.skipHeader = header;
    this.out = out;
  }

  static Copy from(
      TableDef t,
      int[] targets,
      Expr[] defaults,
      char delim,
      String nul,
      boolean csv,
      boolean header) {
    return new Copy(true, t, targets, defaults, delim, nul, csv, header, null);
  }

  static Copy to(List<String> lines, int columns) {
    Copy c = new Copy(false, null, new int[columns], null, '\t', "\\N", false, false, lines);
    return c;
  }

  void begin(Session s, Transaction t, boolean autocommit) {
    this.session = s;
    this.txn = t;
    this.auto = autocommit;
    if (!in) {
      if (autocommit) {
        t.commit();
      }
    }
  }

  public boolean isIn() {
    return in;
  }

  public int columnCount() {
    return targets.length;
  }

  /** The lines of a COPY TO, each ending in a newline. */
  public List<String> lines() {
    return out;
  }

  /** Consumes a CopyData chunk; lines may span chunks. */
  public void data(byte[] chunk) {
    if (error != null || ended) {
      return;
    }
    int start = 0;
    for (int i = 0; i < chunk.length; i++) {
      if (chunk[i] == '\n') {
        if (partial.size() == 0) {
          line(new String(chunk, start, i - start, StandardCharsets.UTF_8));
        } else {
          partial.write(chunk, start, i - start);
          line(new String(partial.toByteArray(), StandardCharsets.UTF_8));
          partial.reset();
        }
        start = i + 1;
      }
    }
    partial.write(chunk, start, chunk.length - start);
  }

  private void line(String raw) {
    if (error != null || ended) {
      return;
    }
    String l = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
    if (l.equals("\\.")) {
      ended = true;
      return;
    }
    if (skipHeader) {
      skipHeader = false;
      return;
    }
    try {
      if (exec == null) {
        exec = new Exec(session, txn, new Object[0]);
        env = new Env(exec, null, new Object[0]);
      }
      List<String> fields = csv ? csvFields(l) : textFields(l);
      if (fields.size() != targets.length) {
        throw new SqlException(
            "22P04",
            (fields.size() < targets.length
                    ? "missing data for column"
                    : "extra data after last expected column")
                + " (line "
                + (count + 1)
                + ")");
      }
      Object[] row = new Object[table.columns.size()];
      boolean[] set = new boolean[row.length];
      for (int i = 0; i < targets.length; i++) {
        String f = fields.get(i);
        ColumnDef c = table.columns.get(targets[i]);
        row[targets[i]] =
            f == null
                ? null
                : Values.fromText(
                    c.type == PgType.BPCHAR || c.type == PgType.VARCHAR ? f : f, c.type);
        set[targets[i]] = true;
      }
      for (int i = 0; i < row.length; i++) {
        if (!set[i] && defaults[i] != null) {
          row[i] = defaults[i].eval(env);
        }
      }
      RowWriter.check(table, row);
      RowWriter.insert(exec, table, RowWriter.keyFor(exec, table, row), row);
      count++;
    } catch (SqlException e) {
      error = e;
    } catch (RuntimeException e) {
      error = new SqlException("22P04", "bad COPY data: " + e.getMessage());
    }
  }

  private List<String> textFields(String l) {
    if (l.indexOf('\\') < 0) {
      return plainFields(l);
    }
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i <= l.length(); i++) {
      if (i == l.length() || l.charAt(i) == delimiter) {
        String f = cur.toString();
        out.add(f.equals(nullText) ? null : unescape(f));
        cur.setLength(0);
      } else if (l.charAt(i) == '\\' && i + 1 < l.length()) {
        cur.append('\\').append(l.charAt(++i));
      } else {
        cur.append(l.charAt(i));
      }
    }
    return out;
  }

  /** Fields of a text-format line without escapes: split at the delimiter. */
  private List<String> plainFields(String l) {
    List<String> out = new ArrayList<>(targets.length);
    int from = 0;
    while (true) {
      int to = l.indexOf(delimiter, from);
      String f = l.substring(from, to < 0 ? l.length() : to);
      out.add(f.equals(nullText) ? null : f);
      if (to < 0) {
        return out;
      }
      from = to + 1;
    }
  }

  private static String unescape(String f) {
    if (f.indexOf('\\') < 0) {
      return f;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < f.length(); i++) {
      char c = f.charAt(i);
      if (c == '\\' && i + 1 < f.length()) {
        char n = f.charAt(++i);
        sb.append(
            switch (n) {
              case 'n' -> '\n';
              case 't' -> '\t';
              case 'r' -> '\r';
              case 'b' -> '\b';
              case 'f' -> '\f';
              case 'v' -> '\u000b';
              default -> n;
            });
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private List<String> csvFields(String l) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    for (int i = 0; i <= l.length(); i++) {
      char c = i < l.length() ? l.charAt(i) : delimiter;
      if (i == l.length() || (c == delimiter && !quoted)) {
        String f = cur.toString();
        out.add(!wasQuoted && f.equals(nullText.equals("\\N") ? "" : nullText) ? null : f);
        cur.setLength(0);
        wasQuoted = false;
      } else if (c == '"') {
        if (quoted && i + 1 < l.length() && l.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else {
          quoted = !quoted;
          wasQuoted = true;
        }
      } else {
        cur.append(c);
      }
    }
    return out;
  }

  /** Ends COPY FROM (CopyDone): commits when autocommit; returns the command tag. */
  public String finish() {
    if (in) {
      if (partial.size() > 0) {
        line(new String(partial.toByteArray(), StandardCharsets.UTF_8));
        partial.reset();
      }
      if (exec != null) {
        exec.close();
      }
      if (error != null) {
        abortTxn();
        throw error;
      }
      if (auto) {
        txn.commit();
      }
      return "COPY " + count;
    }
    return "COPY " + out.size();
  }

  /** Ends COPY FROM with CopyFail or a lost connection. */
  public void abort(String reason) {
    if (exec != null) {
      exec.close();
    }
    abortTxn();
  }

  private void abortTxn() {
    if (txn == null) {
      return;
    }
    if (auto) {
      txn.rollback();
    } else if (session != null) {
      session.failTransaction();
    }
  }

  static String textOf(Object v, PgType t) {
    if (v == null) {
      return "\\N";
    }
    String s = Values.toText(v, t);
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\t' -> sb.append("\\t");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
