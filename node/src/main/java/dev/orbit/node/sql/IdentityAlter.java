package dev.orbit.node.sql;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ALTER TABLE … ALTER [COLUMN] c ADD GENERATED {ALWAYS | BY DEFAULT} AS IDENTITY [( options )], SET
 * GENERATED … and DROP IDENTITY [IF EXISTS]: how pg_dump writes identity columns, and the forms
 * PostgreSQL offers to change them. The identity's values come from a sequence owned by the column
 * (named by the options' SEQUENCE NAME, else table_column_seq), as for CREATE TABLE's identities.
 */
final class IdentityAlter {
  private IdentityAlter() {}

  private static final String NAME = "(?:\"[^\"]+\"|[\\w$]+)";
  private static final Pattern FORM =
      Pattern.compile(
          "(?is)ALTER\\s+TABLE\\s+(IF\\s+EXISTS\\s+)?(?:ONLY\\s+)?("
              + NAME
              + "(?:\\s*\\.\\s*"
              + NAME
              + ")?)\\s+ALTER\\s+(?:COLUMN\\s+)?("
              + NAME
              + ")\\s+(ADD\\s+GENERATED\\s+(ALWAYS|BY\\s+DEFAULT)\\s+AS\\s+IDENTITY(?:\\s*\\((.*)\\))?"
              + "|SET\\s+GENERATED\\s+(ALWAYS|BY\\s+DEFAULT)|DROP\\s+IDENTITY(\\s+IF\\s+EXISTS)?)"
              + "\\s*");

  private static final Pattern DETECT =
      Pattern.compile(
          "(?is)^ALTER\\s+TABLE\\s.*\\bALTER\\s+(?:COLUMN\\s+)?"
              + NAME
              + "\\s+(ADD\\s+GENERATED|SET\\s+GENERATED|DROP\\s+IDENTITY)\\b.*");

  /** True for an ALTER TABLE statement that adds, changes or drops an identity. */
  static boolean matches(String text) {
    return DETECT.matcher(text).matches();
  }

  static Stmt compile(Parser.Parsed p) {
    Matcher m = FORM.matcher(p.text());
    if (!m.matches()) {
      throw SqlException.unsupported("this form of ALTER TABLE with identity columns");
    }
    boolean ifExists = m.group(1) != null;
    String table =
        SequenceDef.plainName(Arrays.asList(m.group(2).replaceAll("\\s+", "").split("(?=\\.)")));
    String column = ExprCompiler.unquote(m.group(3));
    String action = m.group(4).toUpperCase(Locale.ROOT);
    String kind;
    if (action.startsWith("ADD")) {
      kind = generated(m.group(5));
    } else if (action.startsWith("SET")) {
      kind = generated(m.group(7));
    } else {
      kind = null;
    }
    Options opts = action.startsWith("ADD") ? Options.parse(m.group(6)) : null;
    boolean dropIfExists = m.group(8) != null;
    return Ddl.command(
        "ALTER TABLE",
        ex -> {
          Catalog cat = ex.catalog();
          synchronized (cat) {
            TableDef found = cat.find(ex.db(), table);
            if (found == null) {
              if (ifExists) {
                ex.session.notice("relation \"" + table + "\" does not exist, skipping");
                return;
              }
              throw SqlException.undefinedTable(table);
            }
            TableDef t = found.copy();
            ColumnDef col = t.columns.get(t.positionOrThrow(column));
            if (action.startsWith("ADD")) {
              add(ex, t, col, kind, opts);
            } else if (action.startsWith("SET")) {
              requireIdentity(t, col);
              col.identity = kind;
            } else {
              if (col.identity == null && dropIfExists) {
                ex.session.notice(notIdentity(t, col).getMessage() + ", skipping");
                return;
              }
              requireIdentity(t, col);
              String seq = Catalog.sequenceOf(col.defaultSql);
              col.identity = null;
              col.defaultSql = null;
              cat.save(ex.db(), t, t.name);
              cat.dropSequence(ex.db(), seq);
              return;
            }
            cat.save(ex.db(), t, t.name);
          }
        });
  }

  private static String generated(String g) {
    return g.toUpperCase(Locale.ROOT).startsWith("ALWAYS") ? "a" : "d";
  }

  private static void add(Exec ex, TableDef t, ColumnDef col, String kind, Options opts) {
    String where = "column \"" + col.name + "\" of relation \"" + t.name + "\"";
    if (col.type != PgType.INT2 && col.type != PgType.INT4 && col.type != PgType.INT8) {
      throw new SqlException("22023", "identity column type must be smallint, integer, or bigint");
    }
    if (!col.notNull) {
      throw new SqlException(
          "55000", where + " must be declared NOT NULL before identity can be added");
    }
    if (col.identity != null) {
      throw new SqlException("55000", where + " is already an identity column");
    }
    if (col.defaultSql != null) {
      throw new SqlException("55000", where + " already has a default value");
    }
    Catalog cat = ex.catalog();
    String seq = opts.sequenceName != null ? opts.sequenceName : t.name + "_" + col.name + "_seq";
    if (cat.relationExists(ex.db(), seq)) {
      throw new SqlException("42P07", "relation \"" + seq + "\" already exists");
    }
    SequenceDef d = new SequenceDef();
    d.type = col.type == PgType.INT2 ? "smallint" : col.type == PgType.INT4 ? "integer" : "bigint";
    d.max = SequenceDef.typeMax(d.type);
    if (d.apply(opts.words, 0, true, seq) != null) {
      throw SqlException.syntax("syntax error at or near \"OWNED\"");
    }
    d.ownedTable = t.name;
    d.ownedColumn = col.name;
    cat.createSequence(ex.db(), seq, d);
    col.identity = kind;
    col.defaultSql = "nextval('" + seq + "'::regclass)";
  }

  private static void requireIdentity(TableDef t, ColumnDef col) {
    if (col.identity == null) {
      throw notIdentity(t, col);
    }
  }

  private static SqlException notIdentity(TableDef t, ColumnDef col) {
    return new SqlException(
        "55000",
        "column \"" + col.name + "\" of relation \"" + t.name + "\" is not an identity column");
  }

  /** The parenthesized sequence options: SEQUENCE NAME apart, the rest as CREATE SEQUENCE's. */
  record Options(String sequenceName, String[] words) {
    static Options parse(String text) {
      if (text == null || text.isBlank()) {
        return new Options(null, new String[0]);
      }
      List<String> words = new ArrayList<>(Arrays.asList(Parser.words(text)));
      String name = null;
      for (int i = 0; i + 1 < words.size(); i++) {
        if (words.get(i).equalsIgnoreCase("SEQUENCE")
            && i + 2 < words.size()
            && words.get(i + 1).equalsIgnoreCase("NAME")) {
          int end = i + 3;
          List<String> parts = new ArrayList<>(List.of(words.get(i + 2)));
          while (end < words.size() && words.get(end).startsWith(".")) {
            parts.add(words.get(end++));
          }
          name = SequenceDef.plainName(parts);
          words.subList(i, end).clear();
          break;
        }
      }
      return new Options(name, words.toArray(String[]::new));
    }
  }
}
