package dev.orbit.e2e.bench;

import dev.orbit.config.ConfigLoader;
import dev.orbit.config.FreePorts;
import dev.orbit.config.NodeConfig;
import dev.orbit.node.metrics.NodeMetrics;
import dev.orbit.node.storage.ProtocolStore;
import dev.orbit.node.storage.StorageEngine;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Time from process start to {@code /readyz} = 200 for a node holding nothing, then each given size
 * of Redis data (written through the store, WAL left to replay), printed side by side. Usage:
 * {@code ReadyTimeBench NODE_JAR [GiB ...]} (default 1 5).
 */
public final class ReadyTimeBench {
  private ReadyTimeBench() {}

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args.length > 0 ? args[0] : "node/target/orbit-node.jar").toAbsolutePath();
    double[] sizes = {1, 5};
    if (args.length > 1) {
      sizes = new double[args.length - 1];
      for (int i = 1; i < args.length; i++) {
        sizes[i - 1] = Double.parseDouble(args[i]);
      }
    }
    Path work = Files.createTempDirectory("orbit-readybench-");
    System.out.printf("%-10s %12s %14s%n", "data", "on disk", "time to ready");
    Path empty = work.resolve("empty");
    System.out.printf("%-10s %12s %12d ms%n", "empty", "0", readyMillis(jar, empty));
    for (double gib : sizes) {
      Path dir = work.resolve(gib + "g");
      fill(dir, (long) (gib * (1L << 30)));
      // the loader's gigabytes of dirty pages are the OS's to write back, not the node's startup:
      // without this the node's first fsync at open waits behind them
      new ProcessBuilder("sync").inheritIO().start().waitFor();
      long onDisk = NodeMetrics.dirSize(dir);
      System.out.printf(
          "%-10s %10d MiB %12d ms%n", gib + " GiB", onDisk >> 20, readyMillis(jar, dir));
    }
    System.out.println("target: <= 2000 ms at 1 GiB and 5 GiB");
    StoreBench.deleteTree(work);
  }

  /** Writes {@code bytes} of 1 KiB random Redis string values; the last memtables stay in WAL. */
  static void fill(Path dir, long bytes) {
    NodeConfig c =
        ConfigLoader.load(null, dir.toString(), List.of("storage.durability=async"), Map.of());
    Random r = new Random(7);
    byte[] payload = new byte[1024];
    try (StorageEngine e = StorageEngine.open(c, List.of("redis"))) {
      ProtocolStore s = e.store("redis");
      // a bounded window of writes in flight: the replicated log refuses more pending requests
      // than its limit ("Failed to acquire a pending write request")
      java.util.ArrayDeque<java.util.concurrent.CompletableFuture<Void>> inFlight =
          new java.util.ArrayDeque<>();
      for (long i = 0, n = bytes / 1024; i < n; i++) {
        r.nextBytes(payload);
        byte[] v =
            ByteBuffer.allocate(9 + payload.length).put((byte) 's').putLong(0).put(payload).array();
        inFlight.add(s.put(("key:" + i).getBytes(), v));
        if (inFlight.size() >= 1024) {
          inFlight.poll().join();
        }
      }
      inFlight.forEach(java.util.concurrent.CompletableFuture::join);
    }
  }

  static long readyMillis(Path jar, Path dataDir) throws Exception {
    int admin = FreePorts.next();
    int redis = FreePorts.next();
    long t0 = System.nanoTime();
    Process p =
        new ProcessBuilder(
                "java",
                "-jar",
                jar.toString(),
                "serve",
                "--data-dir",
                dataDir.toString(),
                "--set",
                "admin.port=" + admin,
                "--set",
                "protocols.redis.port=" + redis)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    HttpClient http = HttpClient.newHttpClient();
    try {
      while (true) {
        if (!p.isAlive()) {
          throw new IllegalStateException("node exited " + p.exitValue());
        }
        try {
          int code =
              http.send(
                      HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin + "/readyz"))
                          .timeout(Duration.ofSeconds(1))
                          .build(),
                      HttpResponse.BodyHandlers.discarding())
                  .statusCode();
          if (code == 200) {
            return (System.nanoTime() - t0) / 1_000_000;
          }
        } catch (java.io.IOException e) {
          // not listening yet
        }
        Thread.sleep(10);
      }
    } finally {
      p.destroy();
      p.waitFor();
    }
  }
}
