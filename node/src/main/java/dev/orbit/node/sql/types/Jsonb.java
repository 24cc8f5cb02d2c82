package dev.orbit.node.sql.types;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** A jsonb value: a normalized JSON tree (see {@link Json}) with jsonb's equality and ordering. */
public record Jsonb(Object root) implements Comparable<Jsonb> {
  public static Jsonb parse(String text) {
    return new Jsonb(Json.parseJsonb(text));
  }

  @Override
  public String toString() {
    return Json.toText(root);
  }

  private static int rank(Object v) {
    if (v instanceof Map) {
      return 5;
    }
    if (v instanceof List) {
      return 4;
    }
    if (v instanceof Boolean) {
      return 3;
    }
    if (v instanceof BigDecimal) {
      return 2;
    }
    if (v instanceof String) {
      return 1;
    }
    return 0;
  }

  public static int compareNodes(Object a, Object b) {
    int ra = rank(a);
    int rb = rank(b);
    if (ra != rb) {
      return Integer.compare(ra, rb);
    }
    switch (ra) {
      case 5 -> {
        Map<?, ?> x = (Map<?, ?>) a;
        Map<?, ?> y = (Map<?, ?>) b;
        if (x.size() != y.size()) {
          return Integer.compare(x.size(), y.size());
        }
        Iterator<? extends Map.Entry<?, ?>> i = x.entrySet().iterator();
        Iterator<? extends Map.Entry<?, ?>> j = y.entrySet().iterator();
        while (i.hasNext()) {
          Map.Entry<?, ?> e = i.next();
          Map.Entry<?, ?> f = j.next();
          int c = Json.compareKeys((String) e.getKey(), (String) f.getKey());
          if (c != 0) {
            return c;
          }
          c = compareNodes(e.getValue(), f.getValue());
          if (c != 0) {
            return c;
          }
        }
        return 0;
      }
      case 4 -> {
        List<?> x = (List<?>) a;
        List<?> y = (List<?>) b;
        if (x.size() != y.size()) {
          return Integer.compare(x.size(), y.size());
        }
        for (int k = 0; k < x.size(); k++) {
          int c = compareNodes(x.get(k), y.get(k));
          if (c != 0) {
            return c;
          }
        }
        return 0;
      }
      case 3 -> {
        return Boolean.compare((Boolean) a, (Boolean) b);
      }
      case 2 -> {
        return ((BigDecimal) a).compareTo((BigDecimal) b);
      }
      case 1 -> {
        return ((String) a).compareTo((String) b);
      }
      default -> {
        return 0;
      }
    }
  }

  @Override
  public int compareTo(Jsonb o) {
    return compareNodes(root, o.root);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Jsonb j && compareNodes(root, j.root) == 0;
  }

  @Override
  public int hashCode() {
    return hash(root);
  }

  private static int hash(Object v) {
    if (v instanceof Map<?, ?> m) {
      int h = 17;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        h = h * 31 + e.getKey().hashCode() * 7 + hash(e.getValue());
      }
      return h;
    }
    if (v instanceof List<?> l) {
      int h = 19;
      for (Object x : l) {
        h = h * 31 + hash(x);
      }
      return h;
    }
    if (v instanceof BigDecimal d) {
      return d.signum() == 0 ? 0 : d.stripTrailingZeros().hashCode();
    }
    return v == null ? 0 : v.hashCode();
  }
}
