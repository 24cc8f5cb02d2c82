package dev.orbit.node.backup;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What a backup of this node is doing: phase, bytes to send and sent, files. Shown at {@code
 * /v1/backups/<id>} and as {@code orbit_backup_*} metrics.
 */
public final class BackupProgress {
  /** Where a backup is. */
  public enum Phase {
    RUNNING,
    COMPLETED,
    FAILED
  }

  private final String id;
  private final String target;
  private final String startedAt;
  private final AtomicLong bytesTotal = new AtomicLong();
  private final AtomicLong bytesUploaded = new AtomicLong();
  private final AtomicLong bytesSkipped = new AtomicLong();
  private volatile int files;
  private volatile Phase phase = Phase.RUNNING;
  private volatile String error;
  private volatile BackupManifest manifest;

  BackupProgress(String id, String target, String startedAt) {
    this.id = id;
    this.target = target;
    this.startedAt = startedAt;
  }

  /** A point-in-time copy for JSON. */
  public record View(
      String id,
      String target,
      String phase,
      String startedAt,
      String completedAt,
      long bytesTotal,
      long bytesUploaded,
      long bytesUnchanged,
      double percent,
      int files,
      long sizeBytes,
      java.util.List<String> protocols,
      java.util.List<String> tiers,
      String snapshotAt,
      java.util.Map<String, Long> logIndex,
      String clusterUid,
      String member,
      String role,
      String error) {}

  public View view() {
    long total = bytesTotal.get();
    long done = bytesUploaded.get() + bytesSkipped.get();
    BackupManifest m = manifest;
    double pct =
        phase == Phase.COMPLETED ? 100.0 : total == 0 ? 0.0 : Math.min(99.9, 100.0 * done / total);
    return new View(
        id,
        target,
        phase.name(),
        startedAt,
        m == null ? null : m.completedAt(),
        total,
        bytesUploaded.get(),
        bytesSkipped.get(),
        Math.round(pct * 10) / 10.0,
        files,
        m == null ? 0 : m.sizeBytes(),
        m == null ? java.util.List.of() : m.protocols(),
        m == null ? java.util.List.of() : m.tiers(),
        m == null ? null : m.snapshotAt(),
        m == null || m.logIndex() == null ? java.util.Map.of() : m.logIndex(),
        m == null ? null : m.clusterUid(),
        m == null ? null : m.member(),
        m == null ? null : m.role(),
        error);
  }

  public String id() {
    return id;
  }

  public Phase phase() {
    return phase;
  }

  long bytesTotal() {
    return bytesTotal.get();
  }

  long bytesUploaded() {
    return bytesUploaded.get();
  }

  void planned(long bytes, int fileCount) {
    bytesTotal.set(bytes);
    files = fileCount;
  }

  void sent(long n) {
    bytesUploaded.addAndGet(n);
  }

  void unchanged(long n) {
    bytesSkipped.addAndGet(n);
  }

  void completed(BackupManifest m) {
    manifest = m;
    phase = Phase.COMPLETED;
  }

  void failed(String message) {
    error = message;
    phase = Phase.FAILED;
  }
}
