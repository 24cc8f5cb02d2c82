package dev.orbit.node.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.node.TestNode;
import dev.orbit.node.cli.MainRunner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With admin.token set, only health and metrics are open; the CLI sends the token. */
class AdminAuthIT {
  static final String TOKEN = "4dm1n-t0ken-for-tests";

  @TempDir Path dir;

  static HttpResponse<String> send(String url, String method, String body, String auth)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void everyEndpointButHealthAndMetricsNeedsTheToken() throws Exception {
    try (TestNode n = TestNode.start(dir.resolve("data"), "admin.token=" + TOKEN)) {
      String url = n.adminUrl();
      for (String open : new String[] {"/livez", "/readyz", "/metrics"}) {
        assertEquals(200, send(url + open, "GET", null, null).statusCode(), open);
      }
      HttpResponse<String> none = send(url + "/v1/status", "GET", null, null);
      assertEquals(401, none.statusCode());
      assertEquals("Bearer realm=\"orbit\"", none.headers().firstValue("WWW-Authenticate").get());
      assertEquals(401, send(url + "/v1/status", "GET", null, "Bearer wrong").statusCode());
      assertEquals(401, send(url + "/v1/status", "GET", null, "Basic " + TOKEN).statusCode());
      HttpResponse<String> status = send(url + "/v1/status", "GET", null, "Bearer " + TOKEN);
      assertEquals(200, status.statusCode());
      assertFalse(status.body().contains(TOKEN), "the token is never shown");

      String target = "file://" + dir.resolve("data/backups");
      HttpResponse<String> backup =
          send(url + "/v1/backups", "POST", "{\"target\":\"" + target + "\"}", null);
      assertEquals(401, backup.statusCode());
      assertFalse(Files.exists(dir.resolve("data/backups")), "nothing was written");

      MainRunner.Result cli = MainRunner.run("backup", "create", "--node", url, "--target", target);
      assertEquals(1, cli.code());
      assertTrue(cli.err().contains("401"), cli.err());
      MainRunner.Result withToken =
          MainRunner.run("backup", "create", "--node", url, "--target", target, "--token", TOKEN);
      assertEquals(0, withToken.code(), withToken.err());
      assertTrue(withToken.out().contains("\"id\""), withToken.out());
    }
  }

  @Test
  void backupTargetsOutsideTheAllowedRootsAreRefused() throws Exception {
    try (TestNode n = TestNode.start(dir.resolve("data"))) {
      HttpResponse<String> r =
          send(
              n.adminUrl() + "/v1/backups",
              "POST",
              "{\"target\":\"file://" + dir.resolve("elsewhere") + "\"}",
              null);
      assertEquals(403, r.statusCode());
      assertTrue(r.body().contains("backup.allowedRoots"), r.body());
      assertFalse(Files.exists(dir.resolve("elsewhere")));
      HttpResponse<String> list =
          send(n.adminUrl() + "/v1/backups?target=file:///etc", "GET", null, null);
      assertEquals(403, list.statusCode());
    }
  }
}
