package dev.orbit.node.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RecordCacheTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Reads {@code key} the way the store does, with {@code raw} as what RocksDB holds. */
  private static byte[] read(RecordCache c, byte[] key, byte[] raw) {
    RecordCache.Entry seen = c.peek(key);
    if (seen != null && seen.holds(key)) {
      return seen.raw;
    }
    c.fill(key, seen, raw);
    return raw;
  }

  @Test
  void aKeyIsAdmittedOnItsSecondMissAndEmptiedByAWrite() {
    RecordCache c = new RecordCache(1 << 20);
    byte[] k = b("k");
    read(c, k, b("v1"));
    assertFalse(c.peek(k) != null && c.peek(k).holds(k), "not admitted on the first miss");
    read(c, k, b("v1"));
    assertTrue(c.peek(k).holds(k), "admitted on the second");
    assertArrayEquals(b("v1"), read(c, k, b("ignored: served from the cache")));
    c.written(k);
    assertFalse(c.peek(k).holds(k), "a write empties the slot");
    assertArrayEquals(b("v2"), read(c, k, b("v2")));
  }

  @Test
  void aFillThatRacedWithAWriteIsDropped() {
    RecordCache c = new RecordCache(1 << 20);
    byte[] k = b("k");
    read(c, k, b("v1")); // remembered
    RecordCache.Entry seen = c.peek(k); // a reader looks, then reads v1 from RocksDB ...
    c.written(k); // ... while a writer commits v2 and empties the slot
    c.fill(k, seen, b("v1")); // the reader's late fill must not land
    RecordCache.Entry now = c.peek(k);
    assertFalse(now != null && now.holds(k));
  }

  @Test
  void heldBytesStayWithinTheBudget() {
    long budget = 64 << 10;
    RecordCache c = new RecordCache(budget);
    byte[] big = new byte[3000];
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 5000; i++) {
        byte[] k = b("key-" + i);
        read(c, k, big);
        read(c, k, big);
      }
    }
    assertTrue(c.bytes() <= budget, c.bytes() + " > " + budget);
    assertTrue(c.bytes() > budget / 2, "the budget is used: " + c.bytes());
    c.clear();
    assertEquals(0, c.bytes());
    assertNull(c.peek(b("key-1")));
  }
}
