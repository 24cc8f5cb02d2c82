package dev.orbit.e2e.attack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the attacks of issue 15 against one orbit-node (limited to 1,024 file descriptors, as in the
 * issue) with bystander clients on every event loop, and prints per attack: survived, bystander max
 * stall, data intact. Usage: {@code AttackMain NODE_JAR [attack ...]} (default: all).
 */
public final class AttackMain {
  static final int NOFILE = 1024;
  static final long STALL_GOAL_MILLIS = 1000;

  /** Limits that fit 1,024 descriptors (the node's startup check says what the defaults need). */
  static final List<String> SETS =
      List.of(
          "protocols.postgres.maxConnections=200",
          "protocols.redis.maxClients=200",
          "protocols.postgres.authenticationTimeout=10s",
          "protocols.redis.authenticationTimeout=10s",
          "storage.blockCacheSize=64Mi",
          "tiering.enabled=false");

  private AttackMain() {}

  record Row(String attack, String fixedBy, String survived, String stall, String intact) {}

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args.length > 0 ? args[0] : "node/target/orbit-node.jar").toAbsolutePath();
    Path work = Files.createTempDirectory("orbit-attack-");
    List<Attack> attacks = new ArrayList<>();
    attacks.addAll(ConnectionAttacks.all());
    attacks.addAll(PgAttacks.all());
    attacks.addAll(RedisAttacks.all());
    attacks.add(DiskFullAttack.attack(jar, work, SETS, NOFILE));
    List<String> chosen = List.of(args).subList(Math.min(1, args.length), args.length);
    if (!chosen.isEmpty()) {
      attacks.removeIf(a -> !chosen.contains(a.name()));
    }
    System.out.println("orbit-node attack run: " + jar + ", ulimit -n " + NOFILE + ", " + SETS);
    System.out.println("load average: " + Files.readString(Path.of("/proc/loadavg")).strip());
    List<Row> rows = new ArrayList<>();
    ExecutorService attacker = Executors.newCachedThreadPool();
    TargetNode node = new TargetNode(jar, work.resolve("node"), SETS, NOFILE);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stopQuietly(node)));
    node.start();
    Dataset.write(node);
    Bystanders bystanders = new Bystanders(node, 4);
    try {
      for (Attack a : attacks) {
        Row row = run(a, node, bystanders, attacker);
        if (!row.survived.equals("yes") && !row.survived.equals("skipped")) {
          // what Kubernetes does once /livez fails or the process is gone
          System.out.println("  restarting the node, as Kubernetes would");
          bystanders.close();
          node.stop();
          node.start();
          String intact = Dataset.verify(node);
          System.out.println(
              "  after the restart, data intact: "
                  + (intact.isEmpty() ? "yes" : "NO (" + intact + ")"));
          row =
              new Row(
                  row.attack,
                  row.fixedBy,
                  row.survived,
                  row.stall,
                  intact.isEmpty() ? "yes" : "NO");
          bystanders = new Bystanders(node, 4);
        }
        rows.add(row);
      }
    } finally {
      bystanders.close();
      node.stop();
      attacker.shutdownNow();
    }
    System.out.println();
    System.out.printf(
        "%-26s %-10s %-9s %-32s %s%n",
        "attack", "fix by", "survived", "bystander max stall", "data intact");
    for (Row r : rows) {
      System.out.printf(
          "%-26s %-10s %-9s %-32s %s%n", r.attack, r.fixedBy, r.survived, r.stall, r.intact);
    }
    System.out.println(
        "goal: every attack survived, bystander stall <= "
            + STALL_GOAL_MILLIS
            + " ms, data intact");
    System.out.println("node log: " + node.log);
  }

  static void stopQuietly(TargetNode node) {
    try {
      node.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static Row run(Attack a, TargetNode node, Bystanders bystanders, ExecutorService attacker)
      throws Exception {
    System.out.println();
    System.out.println(a.name() + " (fix by: " + a.fixedBy() + ")");
    bystanders.reset();
    long warnBefore = node.warnLines();
    Attack.Ctx ctx = new Attack.Ctx(node);
    String note;
    boolean skipped = false;
    Future<String> f = attacker.submit(() -> a.body().run(ctx));
    try {
      note = f.get(5, TimeUnit.MINUTES);
    } catch (TimeoutException e) {
      f.cancel(true);
      note = "did not finish within 5 minutes";
    } catch (ExecutionException e) {
      skipped = e.getCause() instanceof DiskFullAttack.Skipped;
      note = (skipped ? "skipped: " : "failed: ") + e.getCause().getMessage();
    }
    ctx.closeAll();
    long stallMillis = bystanders.maxStallMillis();
    String stall = bystanders.worst() + (stallMillis <= STALL_GOAL_MILLIS ? " ok" : " OVER");
    String failures = bystanders.failures();
    boolean survived = !note.startsWith("failed") && node.alive() && node.awaitHealthy(60);
    String intact = survived ? Dataset.verify(node) : "checked after the restart";
    long warns = node.warnLines() - warnBefore;
    System.out.println("  " + note);
    if (!failures.isEmpty()) {
      System.out.println("  " + failures);
    }
    System.out.printf(
        Locale.ROOT,
        "  survived: %s, bystander max stall: %s, data intact: %s, WARN lines logged: %d%n",
        skipped ? "skipped" : survived ? "yes" : "NO",
        stall,
        intact.isEmpty() ? "yes" : survived ? "NO (" + intact + ")" : intact,
        warns);
    return new Row(
        a.name(),
        a.fixedBy(),
        skipped ? "skipped" : survived ? "yes" : "NO",
        stall,
        intact.isEmpty() ? "yes" : "NO");
  }
}
