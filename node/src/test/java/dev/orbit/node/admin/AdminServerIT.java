package dev.orbit.node.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.node.TestNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin server under the attacks of issue 15: stalled request lines and bodies, huge bodies,
 * too many connections. Health endpoints keep answering; the attackers are cut off.
 */
class AdminServerIT {
  /** Far longer than an answer takes; the old server never answered at all. */
  static final Duration PATIENCE = Duration.ofSeconds(30);

  @TempDir Path dir;

  static HttpResponse<String> get(String url) throws Exception {
    return HttpClient.newBuilder()
        .connectTimeout(PATIENCE)
        .build()
        .send(
            HttpRequest.newBuilder(URI.create(url)).timeout(PATIENCE).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  static int port(TestNode n) {
    return n.admin.port();
  }

  @Test
  void stalledRequestsDoNotDelayHealthAndAreCutOffByTheTimeouts() throws Exception {
    try (TestNode n =
        TestNode.start(dir, "admin.headerTimeout=2s", "admin.bodyTimeout=2s", "admin.workers=1")) {
      List<RawClient> stalled = new ArrayList<>();
      stalled.add(new RawClient(port(n)).send("GET /livez HT"));
      stalled.add(new RawClient(port(n)).send("GET /readyz HTTP/1.1\r\nHost: x\r\n"));
      stalled.add(
          new RawClient(port(n))
              .send(
                  "POST /v1/backups HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n0123456789"));
      for (String path : List.of("/livez", "/readyz", "/metrics", "/v1/status")) {
        assertEquals(200, get(n.adminUrl() + path).statusCode(), path);
      }
      for (RawClient c : stalled) {
        String answer = c.readUntilClosed(30);
        assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
        c.close();
      }
      assertEquals(2, n.node.metrics().connections().droppedCount("admin", "header_timeout"));
      assertEquals(1, n.node.metrics().connections().droppedCount("admin", "body_timeout"));
      assertEquals(200, get(n.adminUrl() + "/livez").statusCode());
    }
  }

  @Test
  void aHugeBodyIsRefusedFromItsHeadersWithoutBeingRead() throws Exception {
    try (TestNode n = TestNode.start(dir);
        RawClient c = new RawClient(port(n))) {
      String answer =
          c.send(
                  "POST /v1/backups HTTP/1.1\r\nHost: x\r\nContent-Length: "
                      + (600L << 20)
                      + "\r\n\r\n{\"target\":")
              .readUntilClosed(30);
      assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
      assertTrue(answer.contains("admin.maxBodySize"), answer);
      try (RawClient chunked = new RawClient(port(n))) {
        chunked.send("POST /v1/backups HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
        String chunk = "x".repeat(64 << 10);
        String reply = null;
        try {
          for (int i = 0; i < 20; i++) { // 1.25 MiB, past the 1 MiB limit
            chunked.send(Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n");
          }
        } catch (java.io.IOException closedWhileSending) {
          // the server answered and closed while the client was still sending
        }
        reply = chunked.readUntilClosed(30);
        assertTrue(reply.isEmpty() || reply.startsWith("HTTP/1.1 413"), reply);
      }
      assertEquals(200, get(n.adminUrl() + "/livez").statusCode());
    }
  }

  @Test
  void unknownPathsMethodsAndMalformedRequestsGetTheirStatus() throws Exception {
    try (TestNode n = TestNode.start(dir)) {
      assertEquals(404, get(n.adminUrl() + "/nothing").statusCode());
      HttpResponse<String> wrongMethod =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(n.adminUrl() + "/v1/status")).DELETE().build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(405, wrongMethod.statusCode());
      assertEquals("GET", wrongMethod.headers().firstValue("Allow").orElse(""));
      try (RawClient c = new RawClient(port(n))) {
        String answer =
            c.send("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\n\r\n").readUntilClosed(30);
        assertTrue(answer.startsWith("HTTP/1.1 414"), answer);
      }
      try (RawClient c = new RawClient(port(n))) {
        String answer =
            c.send("GET /livez HTTP/1.1\r\nX: " + "b".repeat(20_000) + "\r\n\r\n")
                .readUntilClosed(30);
        assertTrue(answer.startsWith("HTTP/1.1 431"), answer);
      }
    }
  }

  @Test
  void atTheConnectionLimitTheLongestWaitingConnectionMakesRoom() throws Exception {
    try (TestNode n = TestNode.start(dir, "admin.maxConnections=2");
        RawClient a = new RawClient(port(n));
        RawClient b = new RawClient(port(n))) {
      long before = n.admin.readsSeen();
      a.send("GET /livez HT");
      b.send("GET /readyz HTTP/1.1\r\n");
      // both partial requests reached the server before the third connection comes: otherwise
      // the oldest connection is still idle as far as the server knows, and is closed unanswered
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (n.admin.readsSeen() < before + 2 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertTrue(n.admin.readsSeen() >= before + 2, "the server read both partial requests");
      HttpResponse<String> probe = get(n.adminUrl() + "/livez"); // a third connection
      assertEquals(200, probe.statusCode());
      String evicted = a.readUntilClosed(30);
      assertTrue(evicted.startsWith("HTTP/1.1 408"), evicted);
      assertEquals(1, n.node.metrics().connections().droppedCount("admin", "evicted"));
    }
  }
}
