package dev.orbit.node.sql;

import java.util.Locale;

/**
 * ALTER TABLE / SEQUENCE / VIEW … OWNER TO role, as every pg_dump writes it. Orbit has one owner
 * for every relation (the role pg_class shows as relowner, oid 10): naming that owner is accepted
 * and changes nothing; naming another existing role is refused (0A000) rather than ignored.
 */
final class OwnerTo {
  private OwnerTo() {}

  /** True for ALTER TABLE|SEQUENCE [IF EXISTS] [ONLY] name OWNER TO role. */
  static boolean matches(String[] w) {
    int n = w.length;
    if (n < 5 || !w[n - 3].equalsIgnoreCase("OWNER") || !w[n - 2].equalsIgnoreCase("TO")) {
      return false;
    }
    String kind = w[1].toUpperCase(Locale.ROOT);
    return kind.equals("TABLE") || kind.equals("SEQUENCE") || kind.equals("VIEW");
  }

  static Stmt compile(Parser.Parsed p) {
    String[] w = p.words();
    int n = w.length;
    int i = 2;
    boolean ifExists = p.word(i).equals("IF") && p.word(i + 1).equals("EXISTS");
    if (ifExists) {
      i += 2;
    }
    if (p.word(i).equals("ONLY")) {
      i++;
    }
    if (i != n - 4) {
      throw SqlException.unsupported("this form of ALTER " + p.word(1) + " … OWNER TO");
    }
    boolean sequence = p.word(1).equals("SEQUENCE");
    String name = w[i];
    if (name.toLowerCase(Locale.ROOT).startsWith("public.")) {
      name = name.substring(7);
    }
    String relation = ExprCompiler.unquote(name);
    String role = ExprCompiler.unquote(w[n - 1]);
    return Commands.control(
        sequence ? "ALTER SEQUENCE" : p.word(1).equals("VIEW") ? "ALTER VIEW" : "ALTER TABLE",
        ex -> {
          boolean exists = ex.catalog().relationExists(ex.db(), relation);
          if (!exists) {
            if (ifExists) {
              ex.session.notice("relation \"" + relation + "\" does not exist, skipping");
              return null;
            }
            throw SqlException.undefinedTable(relation);
          }
          String owner = SystemTables.roleName(ex, 10);
          if (!ex.session.engine.users().contains(role) && !role.equals("pg_database_owner")) {
            throw new SqlException("42704", "role \"" + role + "\" does not exist");
          }
          if (!role.equals(owner)) {
            throw SqlException.unsupported(
                "changing the owner of a relation (every relation is owned by " + owner + ")");
          }
          return null;
        });
  }
}
