package dev.orbit.operator.reconciler;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Fake nodes for operator ITs: one HTTP server per pod, on a free port, answering {@code
 * /v1/status} as the node does (one Raft group per protocol store), honouring leadership transfers
 * and recording membership changes.
 */
final class FakeNodes {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> STORES = List.of("postgres", "redis");
  final Map<String, String> leaderOf = new ConcurrentHashMap<>();
  final Map<String, Boolean> down = new ConcurrentHashMap<>();

  /** Per pod, the lag its stores report (default 0: caught up). */
  final Map<String, Long> lagMillis = new ConcurrentHashMap<>();

  /**
   * Pods that archive the log: per store, the error of its last archive pass ("" when it passed).
   */
  final Map<String, Map<String, String>> archive = new ConcurrentHashMap<>();

  final List<String> transfers = new CopyOnWriteArrayList<>();
  final List<String> memberCalls = new CopyOnWriteArrayList<>();

  /** "pod target" of every backup started. */
  final List<String> backups = new CopyOnWriteArrayList<>();

  final java.util.concurrent.atomic.AtomicBoolean refuseMembers =
      new java.util.concurrent.atomic.AtomicBoolean();
  private final Map<String, HttpServer> servers = new ConcurrentHashMap<>();

  void start() {}

  private HttpServer serve(String pod) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    server.createContext(
        "/",
        ex -> {
          String path = ex.getRequestURI().getPath();
          int code = 200;
          Object body;
          if (down.containsKey(pod)) {
            code = 503;
            body = Map.of("error", "down");
          } else if (path.equals("/v1/status")) {
            var groups = new java.util.LinkedHashMap<String, Object>();
            long lag = lagMillis.getOrDefault(pod, 0L);
            for (String store : STORES) {
              String leader = leaderOf.get(store);
              groups.put(
                  store,
                  Map.of(
                      "role", pod.equals(leader) ? "leader" : "follower",
                      "leader", leader == null ? "" : leader,
                      "lagMillis", pod.equals(leader) ? 0 : lag));
            }
            var status = new java.util.LinkedHashMap<String, Object>();
            status.put(
                "replication", Map.of("nodeId", pod, "caughtUp", lag < 10_000, "groups", groups));
            Map<String, String> archived = archive.get(pod);
            if (archived != null) {
              var stores = new java.util.LinkedHashMap<String, Object>();
              archived.forEach(
                  (store, error) -> {
                    var a = new java.util.LinkedHashMap<String, Object>();
                    a.put("lastIndex", 7);
                    a.put("error", error.isEmpty() ? null : error);
                    stores.put(store, a);
                  });
              status.put("archive", stores);
            }
            body = status;
          } else if (path.equals("/v1/replication/leader")) {
            String to = JSON.readTree(ex.getRequestBody()).path("to").asText();
            transfers.add(pod + "->" + to);
            leaderOf.replaceAll((store, l) -> l.equals(pod) ? to : l);
            body = Map.of("ok", true);
          } else if (path.startsWith("/v1/replication/members")) {
            String call;
            if (ex.getRequestMethod().equals("POST")) {
              var req = JSON.readTree(ex.getRequestBody());
              call = "POST " + req.path("id").asText() + " " + req.path("address").asText();
            } else {
              call = "DELETE " + path.substring(path.lastIndexOf('/') + 1);
            }
            memberCalls.add(pod + ": " + call);
            code = refuseMembers.get() ? 409 : 200;
            body = Map.of("ok", !refuseMembers.get());
          } else if (path.equals("/v1/backups") && ex.getRequestMethod().equals("POST")) {
            String target = JSON.readTree(ex.getRequestBody()).path("target").asText();
            backups.add(pod + " " + target);
            code = 202;
            body =
                Map.of("id", "b-" + pod, "phase", "RUNNING", "startedAt", "2026-11-30T01:00:00Z");
          } else if (path.startsWith("/v1/backups/b-")) {
            body = completedBackup(pod);
          } else {
            code = 404;
            body = Map.of("error", "no route");
          }
          byte[] out = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(code, out.length);
          ex.getResponseBody().write(out);
          ex.close();
        });
    server.start();
    return server;
  }

  /** What a node answers for a completed backup it took, as the real node does. */
  private Map<String, Object> completedBackup(String pod) {
    var b = new java.util.LinkedHashMap<String, Object>();
    b.put("phase", "COMPLETED");
    b.put("completedAt", "2026-11-30T01:00:05Z");
    b.put("bytesTotal", 4096);
    b.put("bytesUploaded", 4096);
    b.put("percent", 100.0);
    b.put("sizeBytes", 4096);
    b.put("protocols", STORES);
    b.put("tiers", List.of("hot", "warm", "cold"));
    b.put("snapshotAt", "2026-11-30T01:00:01Z");
    b.put("logIndex", Map.of("postgres", 17, "redis", 42));
    b.put("member", pod);
    b.put("role", leaderOf.containsValue(pod) ? "leader" : "follower");
    b.put("clusterUid", "uid-of-" + pod.substring(0, pod.lastIndexOf('-')));
    return b;
  }

  URI uri(String pod) {
    int port = servers.computeIfAbsent(pod, this::serve).getAddress().getPort();
    return URI.create("http://127.0.0.1:" + port);
  }

  void lead(String pod, String... stores) {
    for (String s : stores) {
      leaderOf.put(s, pod);
    }
  }

  void down(String pod) {
    down.put(pod, true);
  }

  List<String> ledBy(String pod) {
    return STORES.stream().filter(s -> pod.equals(leaderOf.get(s))).toList();
  }

  void stop() {
    servers.values().forEach(s -> s.stop(0));
  }
}
