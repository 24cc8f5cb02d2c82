package dev.orbit.node.cql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** User-defined types read back from the catalog's JSON, each resolved with the types it uses. */
final class TypeJson {
  private TypeJson() {}

  /** Every type of keyspace {@code ks} from its stored form ({@code fields}, {@code types}). */
  static Map<String, CqlType> resolveAll(String ks, Map<String, Map<String, Object>> stored) {
    Map<String, CqlType> done = new HashMap<>();
    for (String name : stored.keySet()) {
      resolve(ks, name, stored, done, 0);
    }
    return done;
  }

  @SuppressWarnings("unchecked")
  private static CqlType resolve(
      String ks,
      String name,
      Map<String, Map<String, Object>> stored,
      Map<String, CqlType> done,
      int depth) {
    CqlType t = done.get(name);
    if (t != null) {
      return t;
    }
    Map<String, Object> m = stored.get(name);
    if (m == null || depth > stored.size()) {
      return null; // a type is created after the ones it uses, so this never happens
    }
    List<CqlType> types = new ArrayList<>();
    for (String s : (List<String>) m.get("types")) {
      types.add(new Tokens(s).type().resolve(ks, n -> resolve(ks, n, stored, done, depth + 1)));
    }
    t = CqlType.udt(ks, name, (List<String>) m.get("fields"), types);
    done.put(name, t);
    return t;
  }
}
