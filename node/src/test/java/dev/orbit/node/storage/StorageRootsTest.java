package dev.orbit.node.storage;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageRootsTest {
  @TempDir Path dir;

  @Test
  void aSecondNodeOnTheSameDataDirIsRefusedNamingThePath() {
    try (StorageEngine first = StorageFixture.open(dir)) {
      StorageException e = assertThrows(StorageException.class, () -> StorageFixture.open(dir));
      assertTrue(e.getMessage().contains("locked by another running orbit-node"), e.getMessage());
      assertTrue(e.getMessage().contains(dir.resolve("wal").toString()), e.getMessage());
    }
  }

  @Test
  void aRootThatIsAFileIsRefused() throws Exception {
    Files.writeString(dir.resolve("hot"), "not a folder");
    StorageException e = assertThrows(StorageException.class, () -> StorageFixture.open(dir));
    assertTrue(
        e.getMessage().contains("storage root 'hot' at " + dir.resolve("hot")), e.getMessage());
    assertTrue(e.getMessage().contains("not a directory"), e.getMessage());
  }

  @Test
  void aRootThatCannotBeCreatedIsRefused() throws Exception {
    Files.writeString(dir.resolve("blocker"), "x");
    StorageException e =
        assertThrows(
            StorageException.class,
            () -> StorageFixture.open(dir, "storage.coldDir=" + dir.resolve("blocker/cold")));
    assertTrue(e.getMessage().contains("storage root 'cold'"), e.getMessage());
    assertTrue(e.getMessage().contains("cannot be created"), e.getMessage());
  }

  @Test
  void anUnwritableRootIsRefused() {
    // /proc is not writable even for root, so this holds in CI containers too
    StorageException e =
        assertThrows(
            StorageException.class, () -> StorageFixture.open(dir, "storage.warmDir=/proc/self"));
    assertTrue(e.getMessage().contains("storage root 'warm' at /proc/self"), e.getMessage());
    assertTrue(e.getMessage().contains("not writable"), e.getMessage());
  }
}
