package dev.orbit.node.backup.archive;

import dev.orbit.config.BackupSettings;
import dev.orbit.node.backup.BackupTarget;
import dev.orbit.node.backup.ObjectStore;
import dev.orbit.node.backup.TargetOwner;
import dev.orbit.node.replication.CommittedLog;
import dev.orbit.node.storage.LogEntries;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Continuous archiving: every {@code backup.archive.interval}, the leader of each store uploads the
 * entries committed since the last pass as segments, then the progress. Every member holds its log
 * purge at the archived index (a follower reads it from the target), so no entry is purged before
 * it is archived and a new leader continues where the old one stopped.
 */
public final class LogArchiver implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LogArchiver.class);

  /** Segments are cut at about this size (each is one object put). */
  static final int SEGMENT_BYTES = 16 << 20;

  /** One store's archiving state, as {@code /v1/status} and metrics show it. */
  public record State(
      long lastIndex, long lastEntryTime, long coveredAt, long commitIndex, String error) {
    public long lagEntries() {
      return Math.max(0, commitIndex - lastIndex);
    }
  }

  private final BackupSettings.Archive settings;
  private final String clusterUid;
  private volatile boolean claimed;
  private final ObjectStore store;
  private final Map<String, CommittedLog> logs;
  private final Clock clock;
  private final Map<String, Tracked> tracked = new LinkedHashMap<>();
  private final ScheduledExecutorService timer;

  private static final class Tracked {
    volatile long archived = -1; // purge floor
    volatile boolean loaded;
    volatile State state = new State(-1, -1, 0, -1, null);
  }

  public LogArchiver(BackupSettings settings, Map<String, CommittedLog> logs, Clock clock) {
    this.settings = settings.archive;
    this.clusterUid = settings.clusterUid();
    this.store = BackupTarget.parse(settings.archive.target).open(settings);
    this.logs = logs;
    this.clock = clock;
    for (Map.Entry<String, CommittedLog> e : logs.entrySet()) {
      Tracked t = new Tracked();
      tracked.put(e.getKey(), t);
      e.getValue().holdPurgeAbove(() -> t.archived);
    }
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "orbit-log-archiver");
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts the periodic passes (the first one at once). */
  public LogArchiver start() {
    long ms = settings.interval.toMillis();
    timer.scheduleWithFixedDelay(this::passQuietly, 0, ms, TimeUnit.MILLISECONDS);
    return this;
  }

  /** Archives what every store this member leads has committed; refreshes followers' floors. */
  public synchronized void pass() {
    for (Map.Entry<String, CommittedLog> e : logs.entrySet()) {
      Tracked t = tracked.get(e.getKey());
      try {
        archive(e.getKey(), e.getValue(), t);
      } catch (RuntimeException ex) {
        State s = t.state;
        t.state =
            new State(
                s.lastIndex(), s.lastEntryTime(), s.coveredAt(), s.commitIndex(), ex.getMessage());
        LOG.warn("archiving the {} log into {}: {}", e.getKey(), store.describe(), ex.getMessage());
      }
    }
  }

  private void passQuietly() {
    try {
      pass();
    } catch (RuntimeException e) {
      LOG.warn("archive pass failed: {}", e.toString());
    }
  }

  private void archive(String protocol, CommittedLog log, Tracked t) {
    String uid = clusterUid;
    long now = clock.millis(); // every entry committed before now is at or below commit
    long commit = log.commitIndex();
    ArchiveLayout.Progress p = ArchiveLayout.progress(store, uid, protocol);
    long archived = p == null ? -1 : p.lastIndex(); // Raft logs start at index 0
    if (!log.leads()) {
      t.archived = archived;
      t.state = stateOf(p, commit, null);
      return;
    }
    if (!claimed) {
      TargetOwner.claim(store, uid, clock.instant());
      claimed = true;
    }
    if (archived > commit) {
      throw new IllegalStateException(
          "the archive holds entries up to "
              + archived
              + " but this log has committed only "
              + commit
              + ": it belongs to another history of this cluster (give a restored cluster a new"
              + " backup.archive.clusterUid)");
    }
    long next = archived + 1;
    if (next < log.startIndex()) {
      if (p != null) {
        throw new IllegalStateException(
            "log entries "
                + next
                + ".."
                + (log.startIndex() - 1)
                + " were purged before they were archived");
      }
      next = log.startIndex(); // archiving starts where this log starts: a base backup covers more
    }
    long lastTerm = p == null ? 0 : p.lastTerm();
    long lastTime = p == null ? -1 : p.lastEntryTime();
    while (next <= commit) {
      List<ArchivedEntry> seg = new ArrayList<>();
      int bytes = 0;
      while (next <= commit && bytes < SEGMENT_BYTES) {
        CommittedLog.Entry e = log.entry(next);
        if (e == null) {
          throw new IllegalStateException("log entry " + next + " is no longer in the log");
        }
        byte[] data = null;
        long time = -1;
        if (e.data() != null) {
          ByteBuffer d = e.data();
          time = LogEntries.appendTime(d);
          data = new byte[d.remaining()];
          d.duplicate().get(data);
          bytes += data.length;
        }
        seg.add(new ArchivedEntry(e.index(), e.term(), time, data));
        next++;
      }
      ArchivedEntry last = seg.get(seg.size() - 1);
      store.put(
          ArchiveLayout.segmentKey(uid, protocol, seg.get(0).index(), last.index()),
          Segment.encode(seg));
      lastTerm = last.term();
      for (ArchivedEntry e : seg) {
        lastTime = Math.max(lastTime, e.time());
      }
      p =
          new ArchiveLayout.Progress(
              last.index(), lastTerm, lastTime, p == null ? 0 : p.coveredAt());
      ArchiveLayout.writeProgress(store, uid, protocol, p);
      t.archived = last.index();
    }
    if (commit < 0) {
      t.state = stateOf(p, commit, null); // nothing committed yet; the pass itself worked
      return;
    }
    p = new ArchiveLayout.Progress(commit, lastTerm, lastTime, now);
    ArchiveLayout.writeProgress(store, uid, protocol, p);
    t.archived = commit;
    t.state = stateOf(p, commit, null);
  }

  private static State stateOf(ArchiveLayout.Progress p, long commit, String error) {
    return p == null
        ? new State(-1, -1, 0, commit, error)
        : new State(p.lastIndex(), p.lastEntryTime(), p.coveredAt(), commit, error);
  }

  /** Per protocol: last archived index and time, lag, last error. */
  public Map<String, State> status() {
    Map<String, State> out = new LinkedHashMap<>();
    tracked.forEach((p, t) -> out.put(p, t.state));
    return out;
  }

  /** {@code orbit_archive_*} lines for {@code /metrics}. */
  public String metrics() {
    StringBuilder sb = new StringBuilder();
    sb.append("# HELP orbit_archive_last_index last log index archived, per store\n")
        .append("# TYPE orbit_archive_last_index gauge\n");
    status().forEach((p, s) -> line(sb, "orbit_archive_last_index", p, s.lastIndex()));
    sb.append("# HELP orbit_archive_lag_entries committed entries not archived yet\n")
        .append("# TYPE orbit_archive_lag_entries gauge\n");
    status().forEach((p, s) -> line(sb, "orbit_archive_lag_entries", p, s.lagEntries()));
    sb.append(
            "# HELP orbit_archive_covered_seconds every entry committed up to this time (epoch"
                + " seconds) is archived\n")
        .append("# TYPE orbit_archive_covered_seconds gauge\n");
    status().forEach((p, s) -> line(sb, "orbit_archive_covered_seconds", p, s.coveredAt() / 1000));
    sb.append("# HELP orbit_archive_failing 1 while the last archive pass of the store failed\n")
        .append("# TYPE orbit_archive_failing gauge\n");
    status().forEach((p, s) -> line(sb, "orbit_archive_failing", p, s.error() == null ? 0 : 1));
    return sb.toString();
  }

  private static void line(StringBuilder sb, String name, String protocol, long v) {
    sb.append(name).append("{protocol=\"").append(protocol).append("\"} ").append(v).append('\n');
  }

  /** The time a {@link State#coveredAt()} stands for (for messages). */
  static String at(long millis) {
    return millis <= 0 ? "never" : Instant.ofEpochMilli(millis).toString();
  }

  /** Stops the passes (what is not archived yet stays in the log for the next start). */
  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    store.close();
  }
}
