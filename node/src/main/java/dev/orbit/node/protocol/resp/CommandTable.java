package dev.orbit.node.protocol.resp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Every command the server knows, looked up by name without regard to case or allocation. */
final class CommandTable {
  private static final int MAX_LEN = 24;

  private final Map<String, Cmd> byName = new LinkedHashMap<>();

  /** Buckets by name length and first letter. */
  @SuppressWarnings("unchecked")
  private final List<Cmd>[][] buckets = new List[MAX_LEN + 1][27];

  void add(String name, int arity, int flags, int first, int last, int step, Cmd.Handler h) {
    Cmd c =
        new Cmd(name.toLowerCase(Locale.ROOT), arity, flags, first, last, step, h, new Cmd.Stats());
    if (byName.put(c.name(), c) != null) {
      throw new IllegalStateException("command registered twice: " + name);
    }
    if (c.name().length() <= MAX_LEN) {
      int l = c.name().length();
      int f = letter(c.name().charAt(0));
      if (buckets[l][f] == null) {
        buckets[l][f] = new ArrayList<>(2);
      }
      buckets[l][f].add(c);
    }
  }

  /** A command without keys. */
  void add(String name, int arity, int flags, Cmd.Handler h) {
    add(name, arity, flags, 0, 0, 0, h);
  }

  /** A command with one key, its first argument. */
  void key1(String name, int arity, int flags, Cmd.Handler h) {
    add(name, arity, flags, 1, 1, 1, h);
  }

  private static int letter(int c) {
    c |= 0x20;
    return c >= 'a' && c <= 'z' ? c - 'a' : 26;
  }

  Cmd get(byte[] name) {
    if (name.length == 0 || name.length > MAX_LEN) {
      return null;
    }
    List<Cmd> b = buckets[name.length][letter(name[0])];
    if (b == null) {
      return null;
    }
    for (Cmd c : b) {
      if (equalsIgnoreCase(name, c.name())) {
        return c;
      }
    }
    return null;
  }

  Cmd get(String name) {
    return byName.get(name.toLowerCase(Locale.ROOT));
  }

  Collection<Cmd> all() {
    return byName.values();
  }

  private static boolean equalsIgnoreCase(byte[] b, String lower) {
    for (int i = 0; i < b.length; i++) {
      int c = b[i];
      if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
      }
      if (c != lower.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
