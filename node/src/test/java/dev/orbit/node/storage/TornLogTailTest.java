package dev.orbit.node.storage;

import static dev.orbit.node.storage.StorageFixture.b;
import static dev.orbit.node.storage.StorageFixture.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that died in the middle of a log append (a full disk, a crash) left a torn last entry in
 * its open log segment, an entry never acknowledged: the restart drops it, keeps every entry before
 * it, and takes writes again.
 */
class TornLogTailTest {
  @TempDir Path dir;

  @Test
  void aTornLastLogEntryIsDroppedAndEveryAcknowledgedWriteKept() throws Exception {
    try (StorageEngine e = StorageFixture.open(dir)) {
      ProtocolStore st = e.store("redis");
      for (int i = 0; i < 100; i++) {
        st.put(b("k" + i), b("v" + i)).join();
      }
    }
    Path segment;
    try (Stream<Path> files = Files.walk(dir.resolve("wal/redis/raft"))) {
      segment =
          files
              .filter(p -> p.getFileName().toString().startsWith("log_inprogress_"))
              .findFirst()
              .orElse(null);
    }
    assertNotNull(segment, "the open log segment");
    byte[] bytes = Files.readAllBytes(segment);
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] == 0) {
      end--; // the segment is preallocated with zeros after its last entry
    }
    try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
      f.seek(end);
      // the start of an entry of 40 bytes, of which only 6 reached the disk
      f.write(new byte[] {40, 10, 3, 8, 1, 16});
    }
    try (StorageEngine e = StorageFixture.open(dir)) {
      ProtocolStore st = e.store("redis");
      for (int i = 0; i < 100; i++) {
        assertEquals("v" + i, s(st.get(b("k" + i))), "acknowledged write " + i);
      }
      st.put(b("after"), b("restart")).join();
      assertEquals("restart", s(st.get(b("after"))));
    }
  }
}
