package dev.orbit.node.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** COPY table [(cols)] FROM STDIN | TO STDOUT, and COPY (query) TO STDOUT. */
final class CopyStatement {
  private static final Pattern TABLE =
      Pattern.compile(
          "(?is)^COPY\\s+(\\S+?)\\s*(?:\\(([^)]*)\\))?\\s+(FROM|TO)\\s+(\\S+)\\s*(.*)$");
  private static final Pattern QUERY =
      Pattern.compile("(?is)^COPY\\s+\\((.*)\\)\\s+TO\\s+(\\S+)\\s*(.*)$");

  private CopyStatement() {}

  /** Options: FORMAT text|csv, DELIMITER, NULL, HEADER (FREEZE and others accepted). */
  record Options(boolean csv, char delimiter, String nullText, boolean header) {
    static Options parse(String text) {
      String t = text.trim();
      if (t.toUpperCase(Locale.ROOT).startsWith("WITH")) {
        t = t.substring(4).trim();
      }
      if (t.startsWith("(") && t.endsWith(")")) {
        t = t.substring(1, t.length() - 1);
      }
      boolean csv = false;
      Character delim = null;
      String nul = null;
      boolean header = false;
      if (t.toUpperCase(Locale.ROOT).matches("(?s).*\\bFORCE(_QUOTE|_NOT_NULL|_NULL)?\\b.*")) {
        throw SqlException.unsupported("COPY options FORCE_QUOTE, FORCE_NOT_NULL and FORCE_NULL");
      }
      // a keyword is never an option's value: "CSV HEADER" is two options
      Matcher m =
          Pattern.compile(
                  "(?i)\\b(FORMAT|DELIMITER|NULL|HEADER|CSV|BINARY|FREEZE|ENCODING|QUOTE|ESCAPE)\\b"
                      + "\\s*(?:AS\\s+)?('(?:[^']|'')*'|(?!(?:FORMAT|DELIMITER|NULL|HEADER|CSV|BINARY"
                      + "|FREEZE|ENCODING|QUOTE|ESCAPE)\\b)\\w+)?")
              .matcher(t);
      while (m.find()) {
        String k = m.group(1).toUpperCase(Locale.ROOT);
        String v = m.group(2) == null ? "" : Commands.unquote(m.group(2));
        switch (k) {
          case "FORMAT" -> {
            if (v.equalsIgnoreCase("binary")) {
              throw SqlException.unsupported("COPY in binary format");
            }
            csv = v.equalsIgnoreCase("csv");
          }
          case "CSV" -> csv = true;
          case "BINARY" -> throw SqlException.unsupported("COPY in binary format");
          case "DELIMITER" -> delim = oneByteDelimiter(v);
          case "NULL" -> nul = v;
          case "HEADER" -> header = v.isEmpty() || Values.parseBool(v);
          case "QUOTE", "ESCAPE" -> {
            if (!v.equals("\"")) {
              throw SqlException.unsupported("COPY " + k + " other than '\"'");
            }
          }
          case "ENCODING" -> {
            if (!v.equalsIgnoreCase("utf8") && !v.equalsIgnoreCase("utf-8")) {
              throw SqlException.unsupported("COPY ENCODING other than UTF8");
            }
          }
          default -> {}
        }
      }
      return new Options(
          csv,
          delim != null ? delim : csv ? ',' : '\t',
          nul != null ? nul : csv ? "" : "\\N",
          header);
    }
  }

  /**
   * A COPY delimiter: one single-byte (ASCII) character other than a line end, as in PostgreSQL.
   */
  private static char oneByteDelimiter(String v) {
    if (v.length() != 1 || v.charAt(0) >= 0x80) {
      throw new SqlException("0A000", "COPY delimiter must be a single one-byte character");
    }
    if (v.charAt(0) == '\n' || v.charAt(0) == '\r') {
      throw new SqlException("22023", "COPY delimiter cannot be newline or carriage return");
    }
    return v.charAt(0);
  }

  static Stmt compile(Compiler c, Parser.Parsed p) {
    Matcher q = QUERY.matcher(p.text());
    if (q.matches()) {
      if (!q.group(2).equalsIgnoreCase("STDOUT")) {
        throw SqlException.unsupported("COPY to a server file");
      }
      Parser.Parsed inner = Parser.parse(q.group(1));
      Stmt s = Parser.compile(c, inner);
      return copyOut(s, Options.parse(q.group(3)));
    }
    Matcher m = TABLE.matcher(p.text());
    if (!m.matches()) {
      throw SqlException.syntax("syntax error in COPY");
    }
    String name = m.group(1);
    if (name.toLowerCase(Locale.ROOT).startsWith("public.")) {
      name = name.substring(7);
    }
    TableDef t = c.catalog().table(c.session.database, ExprCompiler.unquote(name));
    int[] targets;
    if (m.group(2) != null && !m.group(2).isBlank()) {
      String[] cols = m.group(2).split(",");
      targets = new int[cols.length];
      for (int i = 0; i < cols.length; i++) {
        targets[i] = t.positionOrThrow(ExprCompiler.unquote(cols[i].trim()));
      }
    } else {
      targets = new int[t.columns.size()];
      for (int i = 0; i < targets.length; i++) {
        targets[i] = i;
      }
    }
    Options o = Options.parse(m.group(5));
    boolean from = m.group(3).equalsIgnoreCase("FROM");
    String where = m.group(4);
    if (from && !where.equalsIgnoreCase("STDIN")) {
      throw SqlException.unsupported("COPY from a server file or program");
    }
    if (!from && !where.equalsIgnoreCase("STDOUT")) {
      throw SqlException.unsupported("COPY to a server file or program");
    }
    if (from) {
      Expr[] defaults = Dml.defaults(c, t);
      return new Stmt() {
        @Override
        public List<Field> fields() {
          return null;
        }

        @Override
        public Result run(Exec ex) {
          Copy copy =
              Copy.from(t, targets, defaults, o.delimiter(), o.nullText(), o.csv(), o.header());
          return new Result(null, List.of(), "COPY", copy);
        }
      };
    }
    StringBuilder sql = new StringBuilder("SELECT ");
    for (int i = 0; i < targets.length; i++) {
      sql.append(i > 0 ? ", " : "").append('"').append(t.columns.get(targets[i]).name).append('"');
    }
    sql.append(" FROM \"").append(t.name).append('"');
    Stmt s = Parser.compile(c, Parser.parse(sql.toString()));
    return copyOut(s, o);
  }

  private static Stmt copyOut(Stmt s, Options o) {
    return new Stmt() {
      @Override
      public List<Field> fields() {
        return null;
      }

      @Override
      public Result run(Exec ex) {
        Result r = s.run(ex);
        List<Field> f = r.fields;
        List<String> lines = new ArrayList<>();
        if (o.header()) {
          List<String> names = new ArrayList<>();
          f.forEach(x -> names.add(x.name()));
          lines.add(String.join(String.valueOf(o.delimiter()), names) + "\n");
        }
        for (Object[] row : r.rows) {
          StringBuilder sb = new StringBuilder();
          for (int i = 0; i < f.size(); i++) {
            if (i > 0) {
              sb.append(o.delimiter());
            }
            if (o.csv()) {
              String v = row[i] == null ? o.nullText() : Values.toText(row[i], f.get(i).type());
              boolean quote =
                  row[i] != null
                      && (v.isEmpty()
                          || v.matches("(?s).*[\",\\n\\r].*")
                          || v.indexOf(o.delimiter()) >= 0);
              sb.append(quote ? '"' + v.replace("\"", "\"\"") + '"' : v);
            } else {
              sb.append(row[i] == null ? o.nullText() : Copy.textOf(row[i], f.get(i).type()));
            }
          }
          lines.add(sb.append('\n').toString());
        }
        return new Result(null, List.of(), "COPY " + r.rows.size(), Copy.to(lines, f.size()));
      }
    };
  }
}
