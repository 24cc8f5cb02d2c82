package dev.orbit.node.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orbit.node.TestNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

class AdminApiIT {
  @TempDir Path dir;

  static HttpResponse<String> get(String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> post(String url, String body) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthStatusAndMetricsDescribeTheNode() throws Exception {
    try (TestNode n = TestNode.start(dir, "storage.durability=sync");
        Jedis j = new Jedis("127.0.0.1", n.redisPort())) {
      for (int i = 0; i < 25; i++) {
        j.set("k" + i, "v");
      }
      j.get("k1");
      assertEquals(200, get(n.adminUrl() + "/livez").statusCode());
      assertEquals(200, get(n.adminUrl() + "/readyz").statusCode());

      JsonNode status = new ObjectMapper().readTree(get(n.adminUrl() + "/v1/status").body());
      assertTrue(status.at("/node/ready").asBoolean());
      assertEquals(n.redisPort(), status.at("/protocols/redis/port").asInt());
      assertTrue(status.at("/protocols/redis/serving").asBoolean());
      assertEquals(dir.resolve("hot").toString(), status.at("/tiers/hot/path").asText());
      assertEquals(dir.resolve("wal").toString(), status.at("/tiers/wal/path").asText());
      assertEquals("2d", status.at("/tiering/warm/minAge").asText(), "48h");
      assertEquals("sync", status.at("/durability").asText());

      String metrics = get(n.adminUrl() + "/metrics").body();
      assertTrue(metrics.contains("orbit_requests_total{protocol=\"redis\"} 26"), metrics);
      assertTrue(
          metrics.contains("orbit_request_duration_seconds_count{protocol=\"redis\"} 26"), metrics);
      assertTrue(
          metrics.contains("orbit_storage_bytes{protocol=\"redis\",tier=\"cold\"}"), metrics);
      assertTrue(
          metrics.contains("orbit_records_estimate{protocol=\"redis\",tier=\"hot\"}"), metrics);
      assertTrue(metrics.matches("(?s).*orbit_wal_bytes\\{protocol=\"redis\"} [1-9].*"), metrics);
      assertTrue(
          metrics.matches("(?s).*orbit_record_cache_misses_total\\{protocol=\"redis\"} [1-9].*"),
          metrics);
      j.get("k1"); // the second miss admits k1 to the record cache; the third read hits it
      j.get("k1");
      metrics = get(n.adminUrl() + "/metrics").body();
      assertTrue(
          metrics.contains("orbit_record_cache_hits_total{protocol=\"redis\"} 1\n"), metrics);
    }
  }

  @Test
  void badBackupRequestsGetAClearError() throws Exception {
    try (TestNode n = TestNode.start(dir)) {
      HttpResponse<String> noTarget = post(n.adminUrl() + "/v1/backups", "{}");
      assertEquals(400, noTarget.statusCode());
      assertTrue(noTarget.body().contains("backup target is required"), noTarget.body());
      HttpResponse<String> notJson = post(n.adminUrl() + "/v1/backups", "target=x");
      assertEquals(400, notJson.statusCode());
      assertTrue(notJson.body().contains("not JSON"), notJson.body());
      HttpResponse<String> scheme =
          post(n.adminUrl() + "/v1/backups", "{\"target\":\"ftp://host/x\"}");
      assertEquals(400, scheme.statusCode());
      assertTrue(scheme.body().contains("not supported"), scheme.body());
    }
  }
}
