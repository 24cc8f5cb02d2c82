package dev.orbit.node.storage;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What happens to a store beneath its users: it becomes the leader (or stops being it), and, on a
 * member that is not the leader, changes arrive from the log. Caches built from stored data (the
 * SQL catalog) use it to stay true on every member.
 */
public final class StoreEvents {
  private record KeyListener(byte[] prefix, Runnable onChange) {}

  private final List<Consumer<Boolean>> roles = new CopyOnWriteArrayList<>();
  private final List<KeyListener> keys = new CopyOnWriteArrayList<>();

  /** {@code listener} gets true when this member became the leader ready for writes, else false. */
  public void onRoleChange(Consumer<Boolean> listener) {
    roles.add(listener);
  }

  /**
   * {@code onChange} runs on the apply thread after an entry applied on a member that is not the
   * leader wrote a key starting with {@code prefix} (or cleared a range).
   */
  public void onAppliedFromLog(byte[] prefix, Runnable onChange) {
    keys.add(new KeyListener(prefix.clone(), onChange));
  }

  /** Role listeners run on their own thread: they may write, which needs the log running. */
  private final java.util.concurrent.ExecutorService roleThread =
      java.util.concurrent.Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "orbit-store-role");
            t.setDaemon(true);
            return t;
          });

  void roleChanged(boolean leaderReady) {
    if (roles.isEmpty()) {
      return;
    }
    roleThread.execute(
        () -> {
          for (Consumer<Boolean> l : roles) {
            try {
              l.accept(leaderReady);
            } catch (RuntimeException e) {
              org.slf4j.LoggerFactory.getLogger(StoreEvents.class)
                  .warn("a role listener failed: {}", e.toString());
            }
          }
        });
  }

  /** Runs {@code task} on the role listeners' thread, after the role changes queued before it. */
  void onRoleThread(Runnable task) {
    roleThread.execute(task);
  }

  void close() {
    roleThread.shutdownNow();
  }

  /** Keys written by an applied entry; an empty list stands for a cleared range (any key). */
  void appliedFromLog(List<byte[]> written) {
    for (KeyListener l : keys) {
      if (written.isEmpty() || touches(written, l.prefix())) {
        l.onChange().run();
      }
    }
  }

  private static boolean touches(List<byte[]> written, byte[] prefix) {
    for (byte[] k : written) {
      if (k.length >= prefix.length
          && Arrays.equals(k, 0, prefix.length, prefix, 0, prefix.length)) {
        return true;
      }
    }
    return false;
  }
}
