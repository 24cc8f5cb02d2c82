package dev.orbit.node.redis;

import dev.orbit.node.storage.KeyValue;
import dev.orbit.node.storage.MergedScan;
import dev.orbit.node.storage.ProtocolStore;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a {@code redis} store written by earlier builds (every record a string under its plain key)
 * into the current layout, once, before the server starts: each string becomes the metadata record
 * of database 0, then the expiry index is built. Each step is marked in a system record, so a crash
 * part way is taken up again at the next start.
 */
final class FormatUpgrade {
  private static final Logger LOG = LoggerFactory.getLogger(FormatUpgrade.class);
  private static final byte[] FORMAT = KeyLayout.system("format");
  private static final byte[] MOVED = "keys-moved".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CURRENT = "2".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DELETE = new byte[0];
  private static final int SLICE = 10_000;

  private FormatUpgrade() {}

  static void run(ProtocolStore store) {
    byte[] format = store.get(FORMAT);
    if (format != null && Arrays.equals(format, CURRENT)) {
      return;
    }
    if (format == null) {
      if (isEmpty(store) || hasCurrentLayout(store)) {
        // a new store, or one whose clients wrote before its first leader got here: a store of
        // the earlier layout holds raw keys only, and moving today's records would ruin them
        store.put(FORMAT, CURRENT).join();
        return;
      }
      LOG.info("redis: moving strings written by an earlier version into the current layout");
      long n = moveKeys(store);
      store.put(FORMAT, MOVED).join();
      LOG.info("redis: moved {} keys", n);
    }
    long n = indexExpiries(store);
    store.put(FORMAT, CURRENT).join();
    LOG.info("redis: layout upgraded ({} keys with an expiry indexed)", n);
  }

  /**
   * True when a record of today's layout is there: metadata keys start with 'M' and a database id
   * whose first byte is 0 (no raw key of the earlier layout starts with "M\0").
   */
  private static boolean hasCurrentLayout(ProtocolStore store) {
    try (MergedScan s =
        store.scan(new byte[] {KeyLayout.META, 0}, new byte[] {KeyLayout.META, 1})) {
      return s.hasNext();
    }
  }

  private static boolean isEmpty(ProtocolStore store) {
    try (MergedScan s = store.scan(null, null)) {
      return !s.hasNext();
    }
  }

  /** Every old record (not yet under database 0's metadata prefix) moves there. */
  private static long moveKeys(ProtocolStore store) {
    byte[] moved = KeyLayout.dbStart(KeyLayout.META, 0);
    long n = 0;
    List<Map.Entry<byte[], byte[]>> batch = new ArrayList<>();
    try (MergedScan s = store.scan(null, null)) {
      while (s.hasNext()) {
        KeyValue kv = s.next();
        byte[] k = kv.key();
        if (startsWith(k, moved) || Arrays.equals(k, FORMAT)) {
          continue; // moved by a run that stopped part way
        }
        batch.add(new AbstractMap.SimpleEntry<>(KeyLayout.meta(0, k), kv.value()));
        batch.add(new AbstractMap.SimpleEntry<>(k, DELETE));
        n++;
        if (batch.size() >= SLICE) {
          write(store, batch);
        }
      }
    }
    write(store, batch);
    return n;
  }

  private static long indexExpiries(ProtocolStore store) {
    long n = 0;
    List<Map.Entry<byte[], byte[]>> batch = new ArrayList<>();
    try (MergedScan s =
        store.scan(KeyLayout.dbStart(KeyLayout.META, 0), KeyLayout.dbEnd(KeyLayout.META, 0))) {
      while (s.hasNext()) {
        KeyValue kv = s.next();
        long at = Meta.expireAtOf(kv.value());
        if (at != 0) {
          batch.add(
              new AbstractMap.SimpleEntry<>(
                  KeyLayout.expiry(at, 0, KeyLayout.userKey(kv.key())), new byte[1]));
          n++;
          if (batch.size() >= SLICE) {
            write(store, batch);
          }
        }
      }
    }
    write(store, batch);
    return n;
  }

  private static void write(ProtocolStore store, List<Map.Entry<byte[], byte[]>> batch) {
    if (batch.isEmpty()) {
      return;
    }
    batch.sort((a, b) -> Arrays.compareUnsigned(a.getKey(), b.getKey()));
    store.write(batch, v -> v == DELETE).join();
    batch.clear();
  }

  private static boolean startsWith(byte[] k, byte[] prefix) {
    return k.length >= prefix.length
        && Arrays.equals(k, 0, prefix.length, prefix, 0, prefix.length);
  }
}
