package dev.orbit.node.sql;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A session's compiled simple-query statements by {@link LiteralShape}: a statement that differs
 * from an earlier one only in literal values skips parsing and planning. A compiled statement
 * follows schema changes as a prepared one does (recompiled when the catalog changed).
 */
final class StatementCache {
  private static final int CAPACITY = 256;
  private static final int[] NO_OIDS = new int[0];
  private static final Object[] NO_PARAMS = new Object[0];

  private final Map<String, Session.Prepared> compiled =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Session.Prepared> eldest) {
          return size() > CAPACITY;
        }
      };

  /** Shapes that compiled only with their literals in place: they take the plain path. */
  private final Set<String> plainOnly = new HashSet<>();

  Session.Bound prepare(Session session, String sql) {
    LiteralShape shape = LiteralShape.of(sql);
    if (shape == null || plainOnly.contains(shape.key())) {
      return new Session.Bound(session.prepare(sql, NO_OIDS), NO_PARAMS);
    }
    Session.Prepared p = compiled.get(shape.key());
    if (p == null) {
      try {
        p = session.prepareShape(shape);
      } catch (SqlException e) {
        // the statement itself may be wrong (its error comes from the plain path), or a literal
        // is needed in place: then remember to keep this shape's literals in the text
        Session.Prepared plain = session.prepare(sql, NO_OIDS);
        if (plainOnly.size() < CAPACITY) {
          plainOnly.add(shape.key());
        }
        return new Session.Bound(plain, NO_PARAMS);
      }
      compiled.put(shape.key(), p);
    }
    return new Session.Bound(p, shape.values());
  }
}
