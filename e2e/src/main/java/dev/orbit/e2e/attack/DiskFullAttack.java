package dev.orbit.e2e.attack;

import static dev.orbit.e2e.attack.Attack.seconds;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A node whose disk fills up (a node of its own, on a small tmpfs; mounting one needs root): writes
 * fail, /readyz fails, reads go on; once space is freed the node takes writes again, by itself or
 * after the restart its /livez asks for (done here as Kubernetes would).
 */
final class DiskFullAttack {
  /** The attack cannot run here. */
  static final class Skipped extends Exception {
    Skipped(String why) {
      super(why);
    }
  }

  private DiskFullAttack() {}

  static Attack attack(Path jar, Path work, List<String> sets, int nofile) {
    return new Attack("full-disk", "hardening", c -> run(jar, work, sets, nofile));
  }

  static boolean exec(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
  }

  static String run(Path jar, Path work, List<String> sets, int nofile) throws Exception {
    Path mount = Files.createDirectories(work.resolve("small-disk"));
    if (!exec("mount", "-t", "tmpfs", "-o", "size=192m", "tmpfs", mount.toString())) {
      throw new Skipped("cannot mount a tmpfs here (needs root)");
    }
    try (TargetNode node = new TargetNode(jar, mount.resolve("data"), sets, nofile)) {
      node.start();
      try (Resp r = new Resp(node.redis, 60_000)) {
        for (int i = 0; i < 500; i++) {
          r.call("SET", "kept:" + i, Dataset.value(i));
        }
      }
      AtomicLong readStall = new AtomicLong();
      Thread reader = reads(node, readStall);
      long start = System.nanoTime();
      fill(mount.resolve("filler"));
      String error = writeUntilRefused(node);
      String readyWhileFull = Http.get(node.admin, "/readyz", null, 30_000)[0];
      Files.delete(mount.resolve("filler"));
      String how = awaitWritesOrRestart(node);
      reader.interrupt();
      String lost = lostKeys(node);
      if (!lost.isEmpty()) {
        throw new IllegalStateException("after the full disk: " + lost);
      }
      return "writes refused ("
          + error
          + "), /readyz "
          + readyWhileFull
          + " while full; after freeing space: "
          + how
          + "; reads on the full node waited at most "
          + readStall.get()
          + " ms; "
          + seconds(start);
    } finally {
      exec("umount", mount.toString());
    }
  }

  static Thread reads(TargetNode node, AtomicLong maxStall) {
    Thread t =
        new Thread(
            () -> {
              try (Resp r = new Resp(node.redis, 120_000)) {
                while (!Thread.currentThread().isInterrupted()) {
                  long s = System.nanoTime();
                  r.call("GET", "kept:7");
                  maxStall.accumulateAndGet((System.nanoTime() - s) / 1_000_000, Math::max);
                  Thread.sleep(20);
                }
              } catch (Exception e) {
                // interrupted, or the node restarted
              }
            });
    t.setDaemon(true);
    t.start();
    return t;
  }

  static void fill(Path file) {
    byte[] chunk = new byte[1 << 16];
    try (OutputStream out = Files.newOutputStream(file)) {
      while (true) {
        out.write(chunk);
      }
    } catch (IOException full) {
      // full
    }
  }

  static String writeUntilRefused(TargetNode node) throws IOException {
    try (Resp r = new Resp(node.redis, 60_000)) {
      String v = "w".repeat(4096);
      for (int i = 0; i < 100_000; i++) {
        if (r.call("SET", "filling:" + i, v) instanceof Resp.Error e) {
          return e.text().length() > 60 ? e.text().substring(0, 60) + "…" : e.text();
        }
      }
    }
    throw new IllegalStateException("the full disk never refused a write");
  }

  static String awaitWritesOrRestart(TargetNode node) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if ("200".equals(Http.get(node.admin, "/readyz", null, 30_000)[0])) {
        return "writes resumed without a restart";
      }
      if ("503".equals(Http.get(node.admin, "/livez", null, 30_000)[0])) {
        node.stop();
        node.start();
        return "/livez asked for a restart; restarted, writes resumed";
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("neither ready again nor asking for a restart in 120 s");
  }

  static String lostKeys(TargetNode node) throws IOException {
    try (Resp r = new Resp(node.redis, 60_000)) {
      for (int i = 0; i < 500; i++) {
        Object v = r.call("GET", "kept:" + i);
        if (!(v instanceof byte[] b) || !new String(b).equals(Dataset.value(i))) {
          return "kept:" + i + " is " + Bystanders.describe(v);
        }
      }
      Object w = r.call("SET", "after-full-disk", "ok");
      return "OK".equals(w) ? "" : "a new write answered " + Bystanders.describe(w);
    }
  }
}
