package dev.orbit.node.protocol.resp;

import java.util.ArrayList;
import java.util.List;

/** Where the keys of commands with a {@code numkeys} argument are. */
final class KeyFinders {
  private KeyFinders() {}

  /** {@code numkeys} at {@code at}, the keys right after it; nothing when it is not a number. */
  static Cmd.KeyFinder numkeys(int at) {
    return a -> {
      if (a.size() <= at) {
        return List.of();
      }
      Long n = Args.tryLong(a.get(at));
      if (n == null || n < 1 || n > a.size() - at - 1) {
        return List.of();
      }
      return new ArrayList<>(a.subList(at + 1, (int) (at + 1 + n)));
    };
  }

  /** As {@link #numkeys}, plus the key at {@code dest} (ZUNIONSTORE dest numkeys …). */
  static Cmd.KeyFinder destAndNumkeys(int dest, int at) {
    return a -> {
      List<byte[]> keys = new ArrayList<>(numkeys(at).keys(a));
      if (a.size() > dest) {
        keys.add(a.get(dest));
      }
      return keys;
    };
  }
}
