package dev.orbit.node.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.node.TestNode;
import io.netty.channel.EventLoopGroup;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A wedged event loop fails /readyz, then /livez, is counted, and recovers when it runs again. */
class LoopWatchdogIT {
  @TempDir Path dir;

  static HttpResponse<String> get(String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  /** Polls {@code url} until it answers {@code status} (generous deadline). */
  static HttpResponse<String> await(String url, int status) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      HttpResponse<String> r = get(url);
      if (r.statusCode() == status || System.nanoTime() > deadline) {
        return r;
      }
      Thread.sleep(50);
    }
  }

  @Test
  void aStalledLoopFailsReadinessThenLivenessAndRecovers() throws Exception {
    EventLoopGroup group = NettyTransport.group(1, "wedged");
    CountDownLatch release = new CountDownLatch(1);
    try (TestNode n =
        TestNode.start(dir, "watchdog.readinessStall=500ms", "watchdog.livenessStall=2s")) {
      assertEquals(200, get(n.adminUrl() + "/readyz").statusCode());
      n.node.watchdog().watch("test", group);
      group.execute(
          () -> {
            try {
              release.await(5, TimeUnit.MINUTES); // a handler stuck on the event loop
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
      HttpResponse<String> unready = await(n.adminUrl() + "/readyz", 503);
      assertEquals(503, unready.statusCode());
      assertTrue(unready.body().contains("event loop test-0 stalled"), unready.body());
      HttpResponse<String> dead = await(n.adminUrl() + "/livez", 503);
      assertEquals(503, dead.statusCode());
      String metrics = get(n.adminUrl() + "/metrics").body();
      assertTrue(metrics.contains("orbit_event_loop_stalls_total{loop=\"test-0\"} 1"), metrics);
      assertTrue(metrics.contains("orbit_event_loop_lag_seconds{loop=\"redis-io-0\"}"), metrics);

      release.countDown();
      assertEquals(200, await(n.adminUrl() + "/livez", 200).statusCode());
      assertEquals(200, await(n.adminUrl() + "/readyz", 200).statusCode());
      n.node.watchdog().unwatch(group);
    } finally {
      release.countDown();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }
}
