package dev.orbit.node.cql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PurgeTest {
  private static final int NOW = 1_000_000;
  private static final long TS = 5_000L;

  private static Cell live(long ts) {
    return new Cell(ts, 0, 0, new byte[] {1});
  }

  @Test
  void anExpiredCellBecomesATombstoneAndLeavesAfterGcGrace() {
    Row r = new Row();
    r.cells.put(1, new Cell(TS, NOW - 10, 5, new byte[] {1}));
    assertTrue(Purge.purge(r, Row.NONE, NOW, NOW, 60));
    assertTrue(r.cells.get(1).tombstone());
    assertFalse(Purge.purge(r, Row.NONE, NOW, NOW, 60));
    assertTrue(Purge.purge(r, Row.NONE, NOW, NOW + 100, 60));
    assertTrue(Purge.empty(r));
  }

  @Test
  void tombstonesAndDeletionsStayUntilTheirRecordIsOlderThanGcGrace() {
    Row r = new Row();
    r.deletedAt = TS;
    r.cells.put(1, new Cell(TS + 1, 0, 0, null));
    r.ranges.add(new RangeTombstone(new byte[] {1}, null, TS));
    assertFalse(Purge.purge(r, Row.NONE, NOW - 30, NOW, 60));
    assertEquals(TS, r.deletedAt);
    assertTrue(Purge.purge(r, Row.NONE, NOW - 61, NOW, 60));
    assertTrue(Purge.empty(r));
  }

  @Test
  void dataShadowedByThePartitionHeaderGoesAtOnceAndLiveDataStays() {
    Row r = new Row();
    r.marker = live(TS);
    r.cells.put(1, live(TS));
    r.cells.put(2, live(TS + 10));
    assertTrue(Purge.purge(r, TS, NOW, NOW, 864000));
    assertNull(r.marker);
    assertEquals(1, r.cells.size());
    assertFalse(Purge.empty(r));
    assertFalse(Purge.purge(r, TS, NOW, NOW, 864000));
  }
}
