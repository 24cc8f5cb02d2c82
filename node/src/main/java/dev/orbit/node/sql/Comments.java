package dev.orbit.node.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * COMMENT ON TABLE / COLUMN / SEQUENCE (stored with the definition, shown by pg_description,
 * obj_description and col_description, so pg_dump dumps them). Comments on other objects are
 * refused, except the public schema's standard one, which every PostgreSQL dump may carry.
 */
final class Comments {
  static final long PG_CLASS = 1259;
  static final long PG_NAMESPACE = 2615;
  static final String PUBLIC_COMMENT = "standard public schema";

  private static final Pattern FORM =
      Pattern.compile(
          "(?is)^COMMENT\\s+ON\\s+(TABLE|COLUMN|SEQUENCE|SCHEMA)\\s+(.+?)\\s+IS\\s+(NULL|'(?:[^']|'')*')\\s*$");

  private Comments() {}

  static Stmt compile(Parser.Parsed p) {
    Matcher m = FORM.matcher(p.text().trim());
    if (!m.matches()) {
      throw SqlException.unsupported("this form of COMMENT (only TABLE, COLUMN and SEQUENCE)");
    }
    String kind = m.group(1).toUpperCase(Locale.ROOT);
    List<String> name = names(m.group(2));
    String text = m.group(3).equalsIgnoreCase("NULL") ? null : literal(m.group(3));
    String comment = text == null || text.isEmpty() ? null : text; // '' removes, as NULL does
    return Commands.control(
        "COMMENT",
        ex -> {
          apply(ex, kind, name, comment);
          SchemaUndo.keptOnRollback(ex, "COMMENT");
          return null;
        });
  }

  private static void apply(Exec ex, String kind, List<String> name, String comment) {
    Catalog cat = ex.catalog();
    switch (kind) {
      case "SCHEMA" -> {
        if (name.size() != 1 || !name.get(0).equals("public")) {
          throw SqlException.unsupported("schemas other than public");
        }
        if (comment == null || !comment.equals(PUBLIC_COMMENT)) {
          throw SqlException.unsupported("changing the comment of schema public");
        }
      }
      case "TABLE" -> {
        TableDef t = cat.table(ex.db(), relation(name, 1));
        TableDef c = t.copy();
        c.comment = comment;
        cat.save(ex.db(), c, t.name);
      }
      case "COLUMN" -> {
        if (name.size() < 2) {
          throw new SqlException("42601", "column name must be qualified");
        }
        TableDef t = cat.table(ex.db(), relation(name.subList(0, name.size() - 1), 1));
        TableDef c = t.copy();
        c.columns.get(c.positionOrThrow(name.get(name.size() - 1))).comment = comment;
        cat.save(ex.db(), c, t.name);
      }
      default -> {
        String seq = relation(name, 1);
        if (!cat.hasSequence(ex.db(), seq)) {
          throw new SqlException("42P01", "relation \"" + seq + "\" does not exist");
        }
        cat.alterSequence(ex.db(), seq, d -> d.comment = comment);
      }
    }
  }

  /** The relation of a (possibly public-qualified) name. */
  private static String relation(List<String> name, int parts) {
    if (name.size() == parts + 1 && name.get(0).equals("public")) {
      return name.get(1);
    }
    if (name.size() != parts) {
      throw new SqlException("3F000", "schema \"" + name.get(0) + "\" does not exist");
    }
    return name.get(0);
  }

  /** Dotted name parts, unquoted ("A"."b" → A, b; bare names fold to lower case). */
  private static List<String> names(String dotted) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    for (int i = 0; i < dotted.length(); i++) {
      char c = dotted.charAt(i);
      if (c == '"') {
        if (quoted && i + 1 < dotted.length() && dotted.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else {
          quoted = !quoted;
          wasQuoted = true;
        }
      } else if (c == '.' && !quoted) {
        out.add(wasQuoted ? cur.toString() : cur.toString().trim().toLowerCase(Locale.ROOT));
        cur.setLength(0);
        wasQuoted = false;
      } else {
        cur.append(c);
      }
    }
    out.add(wasQuoted ? cur.toString() : cur.toString().trim().toLowerCase(Locale.ROOT));
    return out;
  }

  private static String literal(String quoted) {
    return quoted.substring(1, quoted.length() - 1).replace("''", "'");
  }

  /** pg_description: the public schema's comment, then tables, their columns and sequences. */
  static List<Object[]> descriptions(Exec ex) {
    List<Object[]> r = new ArrayList<>();
    r.add(new Object[] {SystemTables.NS_PUBLIC, PG_NAMESPACE, 0L, PUBLIC_COMMENT});
    for (TableDef t : ex.catalog().tables(ex.db())) {
      if (t.comment != null) {
        r.add(new Object[] {t.oid, PG_CLASS, 0L, t.comment});
      }
      for (int i = 0; i < t.columns.size(); i++) {
        String c = t.columns.get(i).comment;
        if (c != null) {
          r.add(new Object[] {t.oid, PG_CLASS, (long) i + 1, c});
        }
      }
    }
    for (String s : ex.catalog().sequenceNames(ex.db())) {
      SequenceDef d = ex.catalog().sequence(ex.db(), s);
      if (d != null && d.comment != null) {
        r.add(new Object[] {SystemTables.seqOid(ex.db(), s), PG_CLASS, 0L, d.comment});
      }
    }
    return r;
  }

  /** obj_description / col_description: the comment of an object (catalog name optional). */
  static String describe(Exec ex, long objoid, String catalog, long subid) {
    Long classoid =
        catalog == null
            ? null
            : catalog.equals("pg_class")
                ? PG_CLASS
                : catalog.equals("pg_namespace") ? PG_NAMESPACE : -1L;
    for (Object[] row : descriptions(ex)) {
      if ((Long) row[0] == objoid
          && (classoid == null || classoid.equals(row[1]))
          && (Long) row[2] == subid) {
        return (String) row[3];
      }
    }
    return null;
  }
}
