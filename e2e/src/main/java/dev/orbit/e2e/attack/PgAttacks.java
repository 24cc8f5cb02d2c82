package dev.orbit.e2e.attack;

import static dev.orbit.e2e.attack.Attack.mib;
import static dev.orbit.e2e.attack.Attack.seconds;

import java.util.List;

/** Attacks through PostgreSQL's SQL (their fixes belong to the PostgreSQL engineer). */
final class PgAttacks {
  private PgAttacks() {}

  static List<Attack> all() {
    return List.of(
        new Attack("sql-deep-nesting", "postgres", PgAttacks::deepNesting),
        new Attack("sql-big-in-list", "postgres", PgAttacks::bigInList),
        new Attack("sql-like-backtracking", "postgres", PgAttacks::likeBacktracking),
        new Attack("sql-repeat-1e9", "postgres", PgAttacks::repeat));
  }

  /** Runs {@code sql} on a connection of its own: its rows' size or its error, and the time. */
  static String run(Attack.Ctx c, String label, String sql) {
    long start = System.nanoTime();
    try {
      Pg pg = c.track(new Pg(c.node.postgres, 180_000));
      long bytes = pg.queryDiscarding(sql);
      return label + ": " + bytes + " bytes of rows in " + seconds(start);
    } catch (Pg.Failure f) {
      return label + ": " + f.getMessage() + " in " + seconds(start);
    } catch (Exception e) {
      return label + ": " + e + " after " + seconds(start);
    }
  }

  static String deepNesting(Attack.Ctx c) {
    StringBuilder out = new StringBuilder();
    for (int depth : new int[] {2_000, 10_000}) {
      String sql = "select " + "(".repeat(depth) + "1" + ")".repeat(depth);
      out.append(run(c, depth + " deep", sql)).append("; ");
    }
    return out.toString();
  }

  static String bigInList(Attack.Ctx c) {
    StringBuilder out = new StringBuilder();
    for (int n : new int[] {80_000, 1_000_000}) {
      StringBuilder sql = new StringBuilder("select count(*) from intact where id in (");
      for (int i = 0; i < n; i++) {
        sql.append(i).append(i + 1 < n ? "," : ")");
      }
      out.append(run(c, n + " literals", sql.toString())).append("; ");
    }
    return out.toString();
  }

  static String likeBacktracking(Attack.Ctx c) {
    String subject = "'" + "a".repeat(60) + "'";
    return run(c, "constant", "select " + subject + " like '%a%a%a%a%a%a%a%a%a%b'")
        + "; "
        + run(
            c,
            "per row",
            "select count(*) from intact where v || " + subject + " like '%a%a%a%a%a%a%a%a%a%b'");
  }

  static String repeat(Attack.Ctx c) {
    long rssBefore = c.node.rssBytes();
    String r = run(c, "repeat('x', 1e9)", "select repeat('x', 1000000000)");
    return r + "; node RSS " + mib(rssBefore) + " -> " + mib(c.node.rssBytes());
  }
}
