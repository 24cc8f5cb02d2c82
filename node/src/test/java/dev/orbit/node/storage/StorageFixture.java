package dev.orbit.node.storage;

import dev.orbit.config.ConfigLoader;
import dev.orbit.config.NodeConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Opens a small storage engine for the redis protocol on a test folder. */
final class StorageFixture {
  private StorageFixture() {}

  static NodeConfig config(Path dir, String... sets) {
    List<String> all =
        new ArrayList<>(List.of("storage.blockCacheSize=8Mi", "storage.writeBufferSize=8Mi"));
    all.addAll(List.of(sets));
    return ConfigLoader.load(null, dir.toString(), all, Map.of());
  }

  static StorageEngine open(Path dir, String... sets) {
    return StorageEngine.open(config(dir, sets), List.of("redis"));
  }

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String s(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }
}
