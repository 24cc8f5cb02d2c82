package dev.orbit.node.storage;

import static dev.orbit.node.storage.StorageFixture.b;
import static dev.orbit.node.storage.StorageFixture.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadViewTest {
  @TempDir Path dir;

  private static long future() {
    return System.currentTimeMillis() + 60_000;
  }

  private static void moveAll(ProtocolStore st, Tier from) {
    while (st.moveOlderThan(from, future(), 1000)[0] == 1000) {
      // until a partial batch says nothing older is left
    }
  }

  private static List<String> scan(ReadView v) {
    List<String> out = new ArrayList<>();
    try (MergedScan it = v.scan(null, null)) {
      while (it.hasNext()) {
        KeyValue kv = it.next();
        out.add(s(kv.key()) + "=" + s(kv.value()));
      }
    }
    return out;
  }

  @Test
  void writesCommittedAfterTheViewAreInvisibleToIt() {
    try (StorageEngine e = StorageFixture.open(dir)) {
      ProtocolStore st = e.store("redis");
      st.put(b("a"), b("1")).join();
      st.put(b("c"), b("3")).join();
      try (ReadView v = st.openView()) {
        st.put(b("a"), b("changed")).join();
        st.put(b("b"), b("new")).join();
        st.delete(b("c")).durable().join();
        assertEquals("1", s(v.get(b("a"))));
        assertNull(v.get(b("b")));
        assertEquals("3", s(v.get(b("c"))));
        assertEquals(List.of("a=1", "c=3"), scan(v));
        assertEquals("changed", s(st.get(b("a"))), "the store itself moved on");
      }
    }
  }

  @Test
  void theViewStaysConsistentAcrossTierMovesAndLaterWrites() {
    try (StorageEngine e = StorageFixture.open(dir)) {
      ProtocolStore st = e.store("redis");
      for (int i = 0; i < 300; i++) {
        st.put(b(String.format("k%03d", i)), b("v" + i)).join();
      }
      try (ReadView v = st.openView()) {
        moveAll(st, Tier.HOT); // every record now in warm
        st.put(b("k001"), b("after")).join(); // hot copy shadows the warm one for new reads
        st.delete(b("k002")).durable().join(); // tombstone in hot
        moveAll(st, Tier.HOT);
        moveAll(st, Tier.WARM); // everything (and the tombstone's effect) now in cold
        st.put(b("k300"), b("late")).join();
        assertEquals(Tier.COLD, st.tierOf(b("k000")));
        assertEquals("v1", s(v.get(b("k001"))));
        assertEquals("v2", s(v.get(b("k002"))));
        assertNull(v.get(b("k300")));
        List<String> rows = scan(v);
        assertEquals(300, rows.size());
        assertEquals("k001=v1", rows.get(1));
        assertEquals("k002=v2", rows.get(2));
        assertEquals("k299=v299", rows.get(299));
      }
      assertEquals("after", s(st.get(b("k001"))));
      assertNull(st.get(b("k002")));
    }
  }

  @Test
  void snapshotsAreReleasedOnlyWhenTheOwnerAndEveryRunningScanAreDone() {
    try (StorageEngine e = StorageFixture.open(dir)) {
      ProtocolStore st = e.store("redis");
      st.put(b("a"), b("1")).join();
      st.put(b("b"), b("2")).join();
      ReadView v = st.openView();
      assertEquals(1, st.openViews());
      MergedScan running = v.scan(null, null);
      v.close();
      assertFalse(v.released(), "a running scan keeps the snapshots");
      assertThrows(StorageException.class, () -> v.get(b("a")), "no new read after close");
      st.put(b("a"), b("changed")).join();
      assertEquals("a", s(running.next().key()));
      assertEquals("b", s(running.next().key()));
      assertFalse(running.hasNext());
      running.close();
      assertTrue(v.released());
      assertEquals(0, st.openViews());
    }
  }

  @Test
  void closingTheStoreReleasesTheViewsOfIdleOwners() {
    ReadView v;
    try (StorageEngine e = StorageFixture.open(dir)) {
      ProtocolStore st = e.store("redis");
      st.put(b("a"), b("1")).join();
      v = st.openView();
    }
    assertTrue(v.released());
    assertThrows(StorageException.class, () -> v.get(b("a")));
    v.close(); // the owner ending later is harmless
  }
}
