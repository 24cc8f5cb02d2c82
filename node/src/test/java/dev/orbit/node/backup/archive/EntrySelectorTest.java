package dev.orbit.node.backup.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.node.backup.BackupException;
import dev.orbit.node.backup.archive.EntrySelector.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntrySelectorTest {
  private static ArchivedEntry at(long index, long time) {
    return new ArchivedEntry(index, 1, time, new byte[] {1});
  }

  private static List<Verdict> feed(EntrySelector s, ArchivedEntry... entries) {
    List<Verdict> out = new ArrayList<>();
    for (ArchivedEntry e : entries) {
      out.add(s.offer(e));
    }
    return out;
  }

  @Test
  void appliesEntriesAppendedUpToTheTargetTimeAndStopsAtTheFirstLaterOne() {
    EntrySelector s = new EntrySelector("redis", 3, 1_000);
    assertEquals(
        List.of(Verdict.SKIP, Verdict.APPLY, Verdict.APPLY, Verdict.STOP, Verdict.STOP),
        feed(s, at(3, 100), at(4, 500), at(5, 1_000), at(6, 1_001), at(7, 900)));
    assertEquals(5, s.lastApplied());
    assertTrue(s.reachedTarget());
  }

  @Test
  void anEntryWithoutATimeOrWithAnEarlierClockCountsAsAppendedWithItsPredecessor() {
    EntrySelector s = new EntrySelector("redis", 0, 1_000);
    // entry 2 is a Raft entry (no time); entry 4's leader clock stepped back after entry 3
    assertEquals(
        List.of(Verdict.APPLY, Verdict.APPLY, Verdict.STOP, Verdict.STOP),
        feed(s, at(1, 900), at(2, -1), at(3, 1_200), at(4, 950)));
    assertEquals(2, s.lastApplied());
  }

  @Test
  void withoutATargetTimeEveryEntryIsAppliedAndTheTargetIsNeverReached() {
    EntrySelector s = new EntrySelector("postgres", 0, Long.MAX_VALUE);
    assertEquals(
        List.of(Verdict.APPLY, Verdict.APPLY), feed(s, at(1, 5), at(2, Long.MAX_VALUE - 1)));
    assertEquals(2, s.lastApplied());
    assertFalse(s.reachedTarget());
  }

  @Test
  void entriesOfOverlappingSegmentsAreAppliedOnce() {
    EntrySelector s = new EntrySelector("redis", 0, Long.MAX_VALUE);
    assertEquals(
        List.of(Verdict.APPLY, Verdict.APPLY, Verdict.SKIP, Verdict.SKIP, Verdict.APPLY),
        feed(s, at(1, 1), at(2, 2), at(1, 1), at(2, 2), at(3, 3)));
  }

  @Test
  void aHoleInTheArchiveIsRefusedNamingTheMissingEntries() {
    EntrySelector s = new EntrySelector("redis", 10, Long.MAX_VALUE);
    s.offer(at(11, 1));
    BackupException e = assertThrows(BackupException.class, () -> s.offer(at(14, 2)));
    assertTrue(e.getMessage().contains("lacks entries 12..13"), e.getMessage());
  }

  @Test
  void segmentsRoundTripAndADamagedOneIsRefused() {
    List<ArchivedEntry> in = List.of(at(7, 70), new ArchivedEntry(8, 2, -1, null), at(9, 90));
    byte[] bytes = Segment.encode(in);
    List<ArchivedEntry> out = Segment.decode("s", bytes);
    assertEquals(3, out.size());
    assertEquals(8, out.get(1).index());
    assertEquals(null, out.get(1).data());
    assertEquals(90, out.get(2).time());
    bytes[10] ^= 1;
    assertThrows(BackupException.class, () -> Segment.decode("s", bytes));
    org.junit.jupiter.api.Assertions.assertArrayEquals(
        new long[] {7, 9}, Segment.range("x/log/redis/segments/" + Segment.name(7, 9)));
  }
}
