package dev.orbit.node.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.config.ConfigLoader;
import dev.orbit.config.NodeConfig;
import dev.orbit.node.metrics.NodeMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Handlers that take long fill the worker pool; health endpoints do not wait behind them. */
class AdminLanesIT {
  @Test
  void slowHandlersNeverDelayHealthAndABusyPoolAnswers503() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AdminRoutes routes =
        new AdminRoutes()
            .add("GET", "/livez", AdminRoutes.Access.OPEN, AdminRoutes.Lane.LOOP, r -> ok())
            .add("GET", "/metrics", AdminRoutes.Access.OPEN, AdminRoutes.Lane.HEALTH, r -> ok())
            .get(
                "/slow",
                r -> {
                  release.await(5, TimeUnit.MINUTES);
                  return ok();
                });
    NodeConfig.Admin config =
        ConfigLoader.load(null, null, List.of("admin.workers=1"), Map.of()).admin;
    try (AdminServer server =
        new AdminServer(routes, config, "127.0.0.1", 0, null, new NodeMetrics())) {
      String base = "http://127.0.0.1:" + server.port();
      HttpClient client = HttpClient.newHttpClient();
      List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
      for (int i = 0; i < 6; i++) { // one running, four queued, one too many
        slow.add(
            client.sendAsync(
                HttpRequest.newBuilder(URI.create(base + "/slow")).build(),
                HttpResponse.BodyHandlers.ofString()));
      }
      CompletableFuture.anyOf(slow.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
      assertEquals(
          200,
          client.send(get(base + "/livez"), HttpResponse.BodyHandlers.ofString()).statusCode());
      assertEquals(
          200,
          client.send(get(base + "/metrics"), HttpResponse.BodyHandlers.ofString()).statusCode());
      release.countDown();
      int ok = 0;
      int busy = 0;
      for (CompletableFuture<HttpResponse<String>> f : slow) {
        int status = f.get(30, TimeUnit.SECONDS).statusCode();
        ok += status == 200 ? 1 : 0;
        busy += status == 503 ? 1 : 0;
      }
      assertEquals(5, ok);
      assertEquals(1, busy);
    }
  }

  @Test
  void whenEveryConnectionIsBusyANewOneGets503() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(2);
    AdminRoutes routes =
        new AdminRoutes()
            .get(
                "/slow",
                r -> {
                  started.countDown();
                  release.await(5, TimeUnit.MINUTES);
                  return ok();
                });
    NodeConfig.Admin config =
        ConfigLoader.load(null, null, List.of("admin.maxConnections=2"), Map.of()).admin;
    try (AdminServer server =
        new AdminServer(routes, config, "127.0.0.1", 0, null, new NodeMetrics())) {
      List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        slow.add(
            HttpClient.newHttpClient()
                .sendAsync(
                    get("http://127.0.0.1:" + server.port() + "/slow"),
                    HttpResponse.BodyHandlers.ofString()));
      }
      assertTrue(started.await(30, TimeUnit.SECONDS), "both requests are being handled");
      try (RawClient third = new RawClient(server.port())) {
        String refused = third.readUntilClosed(30);
        assertTrue(refused.startsWith("HTTP/1.1 503"), refused);
        assertTrue(refused.contains("too many admin connections"), refused);
      }
      release.countDown();
      for (CompletableFuture<HttpResponse<String>> f : slow) {
        assertEquals(200, f.get(30, TimeUnit.SECONDS).statusCode());
      }
    } finally {
      release.countDown();
    }
  }

  static HttpRequest get(String url) {
    return HttpRequest.newBuilder(URI.create(url))
        .timeout(java.time.Duration.ofSeconds(30))
        .build();
  }

  static AdminResponse ok() {
    return AdminResponse.text(200, "ok\n");
  }
}
