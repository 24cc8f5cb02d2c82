package dev.orbit.node.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * The foreign-key checks one statement queued, run in order when the statement ends, as
 * PostgreSQL's non-deferrable RI triggers fire: a row may reference one written later by the same
 * statement, and a whole self-referencing chain may go in one DELETE. NO ACTION lets a referenced
 * key go if a row with that key is there again when the statement ends; RESTRICT does not; CASCADE
 * and SET NULL change the referencing rows then.
 */
final class FkQueue {
  /** A written referencing row (by its key) whose reference is checked at the end. */
  private record Referencing(TableDef child, ForeignKeys.FkDef fk, byte[] key) {}

  /** A referenced key that went: row deleted ({@code now} null) or key changed. */
  private record Referenced(
      TableDef parent, TableDef child, ForeignKeys.FkDef fk, Object[] old, Object[] now) {}

  private final List<Object> events = new ArrayList<>();

  void referencing(Exec ex, TableDef child, ForeignKeys.FkDef fk, byte[] key) {
    ex.memory.charge(64 + key.length);
    events.add(new Referencing(child, fk, key));
  }

  void referenced(
      Exec ex, TableDef parent, TableDef child, ForeignKeys.FkDef fk, Object[] old, Object[] now) {
    ex.memory.charge(64 + QueryMemory.sizeOf(old) + (now == null ? 0 : QueryMemory.sizeOf(now)));
    events.add(new Referenced(parent, child, fk, old, now));
  }

  /** Runs the queued checks in the order their rows were written; the first failure is thrown. */
  void run(Exec ex) {
    try {
      for (int i = 0; i < events.size(); i++) {
        ex.session.checkCancel();
        if (events.get(i) instanceof Referencing r) {
          byte[] now = ex.txn.get(r.key());
          if (now != null) { // a row the statement wrote and then deleted needs nothing
            FkEnforcer.checkReference(ex, r.child(), r.fk(), r.child().decodeRow(now));
          }
        } else {
          Referenced r = (Referenced) events.get(i);
          String action = r.now() == null ? r.fk().onDelete : r.fk().onUpdate;
          if (action.equals("c") || action.equals("n")) {
            // the rows it changes queue their own events, run by this loop after the others
            FkActions.act(ex, r.parent(), r.child(), r.fk(), r.old(), r.now());
          } else {
            FkEnforcer.checkUnreferenced(
                ex, r.parent(), r.child(), r.fk(), r.old(), r.now() == null);
          }
        }
      }
    } finally {
      events.clear();
    }
  }

  boolean isEmpty() {
    return events.isEmpty();
  }
}
