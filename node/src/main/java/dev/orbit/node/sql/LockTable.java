package dev.orbit.node.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * LOCK TABLE … IN ACCESS SHARE MODE, as pg_dump sends it for every table it dumps. In PostgreSQL
 * the lock makes a concurrent DROP/ALTER wait; here a REPEATABLE READ block's snapshot already
 * holds the rows, and a schema change by another session fails the block's next statement with
 * 40001 instead (see {@link Transaction#beginStatement}), so the dump is never inconsistent. Every
 * other lock mode is refused: Orbit has no table locks to make writers wait.
 */
final class LockTable {
  private LockTable() {}

  static Stmt compile(Parser.Parsed p) {
    List<String> names = new ArrayList<>();
    int i = p.word(1).equals("TABLE") ? 2 : 1;
    if (p.word(i).equals("ONLY")) {
      i++;
    }
    for (; i < p.words().length && !p.word(i).equals("IN") && !p.word(i).equals("NOWAIT"); i++) {
      if (!p.words()[i].equals(",")) {
        names.add(p.words()[i]);
      }
    }
    String mode =
        String.join(" ", java.util.Arrays.copyOfRange(p.words(), i, p.words().length))
            .toUpperCase(java.util.Locale.ROOT)
            .replaceAll("\\s+", " ")
            .replaceFirst(" NOWAIT$", "");
    if (!mode.equals("IN ACCESS SHARE MODE")) {
      throw SqlException.unsupported(
          "LOCK TABLE "
              + (mode.isEmpty() ? "IN ACCESS EXCLUSIVE MODE" : mode)
              + " (only ACCESS SHARE, as pg_dump takes it)");
    }
    if (names.isEmpty()) {
      throw SqlException.syntax(
          "syntax error at or near \""
              + (i < p.words().length ? p.words()[i] : "end of input")
              + "\"");
    }
    return Commands.control(
        "LOCK TABLE",
        ex -> {
          Transaction t = ex.session.currentOrNull();
          if (t == null || t.implicit) {
            throw new SqlException("25P01", "LOCK TABLE can only be used in transaction blocks");
          }
          for (String n : names) {
            String plain =
                n.toLowerCase(java.util.Locale.ROOT).startsWith("public.") ? n.substring(7) : n;
            ex.catalog().table(ex.db(), ExprCompiler.unquote(plain));
          }
          return null;
        });
  }
}
