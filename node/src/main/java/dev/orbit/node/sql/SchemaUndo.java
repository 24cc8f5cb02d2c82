package dev.orbit.node.sql;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Schema changes made inside a transaction block. CREATE TABLE and CREATE INDEX are undone when the
 * block rolls back (the table or index is dropped again); the other schema changes (DROP, ALTER
 * TABLE, TRUNCATE) take effect at once, and a rollback says which of them it kept.
 */
final class SchemaUndo {
  private final List<Runnable> undo = new ArrayList<>();
  private final Set<String> kept = new LinkedHashSet<>();

  /** Records that {@code ex} created table {@code t}; a rollback of its block drops it again. */
  static void createdTable(Exec ex, TableDef t) {
    long oid = t.oid;
    onRollback(
        ex,
        (cat, db) -> {
          for (TableDef now : cat.tables(db)) {
            if (now.oid == oid) {
              cat.dropTable(db, now);
              return;
            }
          }
        });
  }

  /** Records that {@code ex} created view {@code id}; a rollback of its block drops it. */
  static void createdView(Exec ex, long id) {
    onRollback(
        ex,
        (cat, db) -> {
          for (ViewDef v : cat.views(db)) {
            if (v.id == id) {
              cat.dropView(db, v.name);
              return;
            }
          }
        });
  }

  /** Records that {@code ex} created index {@code name}; a rollback of its block drops it. */
  static void createdIndex(Exec ex, String name) {
    onRollback(
        ex,
        (cat, db) -> {
          synchronized (cat) {
            for (TableDef owner : cat.tables(db)) {
              IndexDef ix = owner.index(name);
              if (ix != null) {
                TableDef t = owner.copy();
                t.indexes.removeIf(i -> i.name.equals(name));
                cat.save(db, t, t.name);
                cat.clearIndex(ix);
                return;
              }
            }
          }
        });
  }

  /** Inside a block, queues {@code undo} (given the catalog and database of {@code ex}). */
  private static void onRollback(Exec ex, java.util.function.BiConsumer<Catalog, String> undo) {
    if (inBlock(ex)) {
      Catalog cat = ex.catalog();
      String db = ex.db();
      ex.txn.schema().undo.add(() -> undo.accept(cat, db));
    }
  }

  /** Records a schema change a rollback of the block will not undo. */
  static void keptOnRollback(Exec ex, String tag) {
    if (inBlock(ex)) {
      ex.txn.schema().kept.add(tag);
    }
  }

  private static boolean inBlock(Exec ex) {
    return ex.txn != null && (ex.txn.explicit || ex.txn.implicit);
  }

  /** A point to return to: how many creations and kept changes there were. */
  record Mark(int undone, int kept) {}

  Mark mark() {
    return new Mark(undo.size(), kept.size());
  }

  /**
   * Undoes the creations made since {@code mark}, newest first; returns a notice naming the changes
   * made since then that stay, or null.
   */
  String undoTo(Mark mark) {
    for (int i = undo.size() - 1; i >= mark.undone(); i--) {
      undo.remove(i).run();
    }
    List<String> since = new ArrayList<>(kept).subList(mark.kept(), kept.size());
    if (since.isEmpty()) {
      return null;
    }
    return "ROLLBACK TO SAVEPOINT did not undo "
        + String.join(", ", since)
        + ": only CREATE TABLE and CREATE INDEX are transactional";
  }

  /** Undoes the creations, newest first; returns a notice naming the changes kept, or null. */
  String rollback() {
    for (int i = undo.size() - 1; i >= 0; i--) {
      undo.get(i).run();
    }
    undo.clear();
    if (kept.isEmpty()) {
      return null;
    }
    String msg =
        "ROLLBACK did not undo "
            + String.join(", ", kept)
            + ": only CREATE TABLE and CREATE INDEX are transactional";
    kept.clear();
    return msg;
  }
}
