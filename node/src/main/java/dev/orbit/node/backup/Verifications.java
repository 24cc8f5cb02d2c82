package dev.orbit.node.backup;

import dev.orbit.config.BackupSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Verifications of backups run by the node for the operator: the backup is restored into a scratch
 * folder on the node's hot volume, every block checksum verified, and each database's record count
 * compared with the manifest. One at a time; the outcome is kept for {@code GET}.
 */
public final class Verifications {
  private static final int KEEP_RECENT = 16;

  private final BackupSettings settings;
  private final Path scratch;
  private final Clock clock;
  private final AtomicBoolean running = new AtomicBoolean();
  private final Map<String, Result> recent = new LinkedHashMap<>();
  private int seq;

  Verifications(BackupSettings settings, Path scratch, Clock clock) {
    this.settings = settings;
    this.scratch = scratch;
    this.clock = clock;
  }

  /** One verification: RUNNING, COMPLETED (records per protocol) or FAILED (error). */
  public record Result(
      String id,
      String target,
      String backupId,
      String phase,
      String startedAt,
      String completedAt,
      Integer databases,
      Map<String, Long> records,
      String error) {}

  /** Starts verifying backup {@code backupId} (newest when null) of {@code target}. */
  public synchronized Result start(BackupTarget target, String backupId) {
    if (!running.compareAndSet(false, true)) {
      throw new BackupService.BackupBusyException("a verification is already running on this node");
    }
    String id = "verify-" + (++seq) + "-" + clock.millis();
    Result r =
        new Result(
            id,
            target.uri(),
            backupId,
            "RUNNING",
            clock.instant().toString(),
            null,
            null,
            null,
            null);
    remember(r);
    Thread t =
        new Thread(
            () -> {
              Result done;
              try {
                BackupRestore.Verified v =
                    new BackupRestore(settings, new PrintStream(PrintStream.nullOutputStream()))
                        .verify(target, backupId, scratch.resolve(id));
                done =
                    new Result(
                        id,
                        target.uri(),
                        v.id(),
                        "COMPLETED",
                        r.startedAt(),
                        clock.instant().toString(),
                        v.databases(),
                        v.records(),
                        null);
              } catch (RuntimeException e) {
                done =
                    new Result(
                        id,
                        target.uri(),
                        backupId,
                        "FAILED",
                        r.startedAt(),
                        clock.instant().toString(),
                        null,
                        null,
                        String.valueOf(e.getMessage()));
              }
              remember(done);
              running.set(false);
            },
            "orbit-" + id);
    t.setDaemon(true);
    t.start();
    return r;
  }

  public synchronized Result get(String id) {
    return recent.get(id);
  }

  private synchronized void remember(Result r) {
    recent.put(r.id(), r);
    while (recent.size() > KEEP_RECENT) {
      recent.remove(recent.keySet().iterator().next());
    }
  }
}
