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
  private final byte[] nullBytes;

  /** Columns the data gives a value for (the rest take their defaults). */
  private final boolean[] targeted;

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
    this.nullBytes = nullText.getBytes(StandardCharsets.UTF_8);
    this.targeted = new boolean[table == null ? 0 : table.columns.size()];
    if (table != null) {
      for (int t : targets) {
        targeted[t] = true;
      }
    }
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
          line(chunk, start, i);
        } else {
          partial.write(chunk, start, i - start);
          byte[] l = partial.toByteArray();
          partial.reset();
          line(l, 0, l.length);
        }
        start = i + 1;
      }
    }
    partial.write(chunk, start, chunk.length - start);
  }

  /** One line: bytes {@code [from, to)} of {@code b}, without its newline. */
  private void line(byte[] b, int from, int to) {
    if (error != null || ended) {
      return;
    }
    if (to > from && b[to - 1] == '\r') {
      to--;
    }
    if (to - from == 2 && b[from] == '\\' && b[from + 1] == '.') {
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
      Object[] row = new Object[table.columns.size()];
      if (csv || indexOf(b, from, to, (byte) '\\') >= 0) {
        fromFields(csv ? csvFields(text(b, from, to)) : textFields(text(b, from, to)), row);
      } else {
        plainFields(b, from, to, row);
      }
      for (int i = 0; i < row.length; i++) {
        if (!targeted[i] && defaults[i] != null) {
          row[i] = defaults[i].eval(env);
        }
      }
      RowWriter.check(exec, table, row);
      RowWriter.insert(exec, table, RowWriter.keyFor(exec, table, row), row);
      count++;
    } catch (SqlException e) {
      error = e;
    } catch (dev.orbit.node.storage.StorageException e) {
      error = SqlException.storage(e);
    } catch (RuntimeException e) {
      error = new SqlException("22P04", "bad COPY data: " + e.getMessage());
    }
  }

  private static String text(byte[] b, int from, int to) {
    return new String(b, from, to - from, StandardCharsets.UTF_8);
  }

  private static int indexOf(byte[] b, int from, int to, byte c) {
    for (int i = from; i < to; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  private SqlException columnCount(int fields) {
    return new SqlException(
        "22P04",
        (fields < targets.length
                ? "missing data for column"
                : "extra data after last expected column")
            + " (line "
            + (count + 1)
            + ")");
  }

  /** Puts parsed fields (null for SQL NULL) into their target columns. */
  private void fromFields(List<String> fields, Object[] row) {
    if (fields.size() != targets.length) {
      throw columnCount(fields.size());
    }
    for (int i = 0; i < targets.length; i++) {
      row[targets[i]] = Values.fromText(fields.get(i), table.columns.get(targets[i]).type);
    }
  }

  /**
   * Fields of a text-format line without escapes, converted straight from its bytes: the line is
   * split at the delimiter (ASCII, see CopyStatement), which no byte of a multi-byte UTF-8
   * character can equal.
   */
  private void plainFields(byte[] b, int from, int to, Object[] row) {
    int field = 0;
    int start = from;
    while (true) {
      int end = indexOf(b, start, to, (byte) delimiter);
      int stop = end < 0 ? to : end;
      if (field < targets.length) {
        ColumnDef c = table.columns.get(targets[field]);
        row[targets[field]] = isNull(b, start, stop) ? null : value(b, start, stop, c.type);
      }
      field++;
      if (end < 0) {
        break;
      }
      start = end + 1;
    }
    if (field != targets.length) {
      throw columnCount(field);
    }
  }

  private boolean isNull(byte[] b, int from, int to) {
    if (to - from != nullBytes.length) {
      return false;
    }
    for (int i = 0; i < nullBytes.length; i++) {
      if (b[from + i] != nullBytes[i]) {
        return false;
      }
    }
    return true;
  }

  /** A field's value: integers parsed from the bytes, everything else through its text. */
  private static Object value(byte[] b, int from, int to, PgType type) {
    if ((type == PgType.INT2 || type == PgType.INT4 || type == PgType.INT8)
        && to > from
        && to - from <= 18) {
      int i = from;
      boolean negative = b[i] == '-';
      if (negative || b[i] == '+') {
        i++;
      }
      long v = 0;
      boolean digits = i < to;
      for (; i < to && digits; i++) {
        int d = b[i] - '0';
        digits = d >= 0 && d <= 9;
        v = v * 10 + d;
      }
      if (digits) {
        return Values.checkRange(negative ? -v : v, type);
      }
    }
    return Values.fromText(text(b, from, to), type);
  }

  /** Fields of a text-format line with backslash escapes. */
  private List<String> textFields(String l) {
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
        byte[] l = partial.toByteArray();
        partial.reset();
        line(l, 0, l.length);
      }
      if (exec != null) {
        try {
          if (error == null) {
            exec.endStatement(); // the foreign-key checks of the copied rows
          }
        } catch (SqlException e) {
          error = e;
        } finally {
          exec.close();
        }
      }
      if (error != null) {
        abortTxn();
        throw error;
      }
      if (auto) {
        try {
          txn.commit();
        } catch (dev.orbit.node.storage.StorageException e) {
          throw SqlException.storage(e);
        }
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
