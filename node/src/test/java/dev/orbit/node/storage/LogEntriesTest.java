package dev.orbit.node.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class LogEntriesTest {
  private static byte[] entry(long time, int valueBytes) {
    return new LogOps.Writer(64)
        .op(LogOps.TIME)
        .l(time)
        .put("k".getBytes(), 7, time, new byte[valueBytes])
        .toBytes();
  }

  private static long timeOf(byte[] e) {
    return LogEntries.appendTime(ByteBuffer.wrap(e));
  }

  @Test
  void anEntryCarriesTheLeadersAppendTime() {
    assertEquals(1_795_000_000_123L, timeOf(entry(1_795_000_000_123L, 3)));
  }

  @Test
  void aLargeWriteSetSentInPartsCarriesItsTimeInItsFirstPartOnly() {
    byte[] big = entry(42_000L, 100);
    assertEquals(42_000L, timeOf(Parts.part(9, big, 1, 40)), "first part");
    assertEquals(-1, timeOf(Parts.part(9, big, 41, 40)), "a later part");
    assertEquals(-1, timeOf(Parts.join(9, big)), "the join");
  }

  @Test
  void entriesWithoutATimeHaveNone() {
    assertEquals(-1, timeOf(new LogOps.Writer(8).op(LogOps.ABORT).l(0).toBytes()));
    assertEquals(-1, timeOf(new byte[] {LogOps.FORMAT, LogOps.TIME, 1}));
    assertEquals(-1, timeOf(new byte[] {7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7}));
  }
}
