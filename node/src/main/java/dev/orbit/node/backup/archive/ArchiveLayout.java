package dev.orbit.node.backup.archive;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orbit.node.backup.BackupException;
import dev.orbit.node.backup.ObjectStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where a store's archive lives in a backup target: {@code <clusterUid>/log/<protocol>/} holding
 * {@code segments/<first>-<last>.seg} and {@code progress.json}.
 */
public final class ArchiveLayout {
  static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The archive's state: entries up to {@code lastIndex} are archived; every entry committed at or
   * before {@code coveredAt} (epoch millis) is among them.
   */
  public record Progress(long lastIndex, long lastTerm, long lastEntryTime, long coveredAt) {}

  private ArchiveLayout() {}

  public static String dir(String clusterUid, String protocol) {
    return clusterUid + "/log/" + protocol + "/";
  }

  static String progressKey(String clusterUid, String protocol) {
    return dir(clusterUid, protocol) + "progress.json";
  }

  static String segmentKey(String clusterUid, String protocol, long first, long last) {
    return dir(clusterUid, protocol) + "segments/" + Segment.name(first, last);
  }

  /** The archive's progress, or null when nothing was archived. */
  public static Progress progress(ObjectStore store, String clusterUid, String protocol) {
    byte[] b = store.get(progressKey(clusterUid, protocol));
    if (b == null) {
      return null;
    }
    try {
      return JSON.readValue(b, Progress.class);
    } catch (IOException e) {
      throw new BackupException(
          "archive progress of " + protocol + " in " + store.describe() + " is unreadable", e);
    }
  }

  static void writeProgress(ObjectStore store, String clusterUid, String protocol, Progress p) {
    try {
      store.put(progressKey(clusterUid, protocol), JSON.writeValueAsBytes(p));
    } catch (IOException e) {
      throw new BackupException("cannot encode archive progress: " + e.getMessage(), e);
    }
  }

  /** The segments of a store's archive as (key, first, last), in log order. */
  public static List<SegmentRef> segments(ObjectStore store, String clusterUid, String protocol) {
    List<SegmentRef> out = new ArrayList<>();
    for (String key : store.list(dir(clusterUid, protocol) + "segments/").keySet()) {
      long[] r = Segment.range(key);
      if (r != null) {
        out.add(new SegmentRef(key, r[0], r[1]));
      }
    }
    out.sort(Comparator.comparingLong(SegmentRef::first).thenComparingLong(SegmentRef::last));
    return out;
  }

  /**
   * Deletes the segments of a store's archive whose entries all lie at or below {@code upTo} (every
   * remaining base backup holds them); returns how many went.
   */
  public static int prune(ObjectStore store, String clusterUid, String protocol, long upTo) {
    int n = 0;
    for (SegmentRef s : segments(store, clusterUid, protocol)) {
      if (s.last() <= upTo) {
        store.delete(s.key());
        n++;
      }
    }
    return n;
  }

  /** One archived segment object. */
  public record SegmentRef(String key, long first, long last) {}
}
