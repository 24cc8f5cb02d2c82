package dev.orbit.operator.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The node admin API calls of backups: start a backup, read its progress, delete one, start and
 * read a verification, each with the cluster's admin token. Every call is short; long work runs on
 * the node and is polled. (The shared {@code NodeClient} reads; these calls also write and need the
 * HTTP status.)
 */
public final class BackupNodeClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(3))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private final String token;

  /** A client sending {@code token} (null: none, for nodes without one). */
  public BackupNodeClient(String token) {
    this.token = token;
  }

  /** The client of cluster {@code cluster}'s nodes, with the token of its admin token Secret. */
  public static BackupNodeClient of(
      io.fabric8.kubernetes.client.KubernetesClient client, String ns, String cluster) {
    // the Secret's name as Names.adminTokenSecret gives it
    var secret = client.secrets().inNamespace(ns).withName(cluster + "-admin-token").get();
    return new BackupNodeClient(dev.orbit.operator.nodeclient.AdminToken.of(secret).orElse(null));
  }

  /** An answer: HTTP status and JSON body. */
  public record Answer(int status, JsonNode body) {
    public String error() {
      return body.path("error").asText("HTTP " + status);
    }
  }

  public Answer startBackup(URI admin, String target) throws IOException {
    return send(admin, "POST", "/v1/backups", Map.of("target", target, "wait", false));
  }

  public Answer progress(URI admin, String id) throws IOException {
    return send(admin, "GET", "/v1/backups/" + id, null);
  }

  public Answer delete(URI admin, String id, String target) throws IOException {
    return send(admin, "DELETE", "/v1/backups/" + id + "?target=" + enc(target), null);
  }

  public Answer startVerify(URI admin, String target, String id) throws IOException {
    return send(admin, "POST", "/v1/backups/verify", Map.of("target", target, "id", id));
  }

  public Answer verification(URI admin, String vid) throws IOException {
    return send(admin, "GET", "/v1/backups/verify/" + vid, null);
  }

  /** {@code GET /v1/status}: the node's state, with each replication group's role and leader. */
  public Answer status(URI admin) throws IOException {
    return send(admin, "GET", "/v1/status", null);
  }

  /** {@code POST /v1/replication/leader}: the groups this node leads go to member {@code to}. */
  public Answer transferLeadership(URI admin, String to) throws IOException {
    return send(admin, "POST", "/v1/replication/leader", Map.of("to", to, "timeoutMillis", 10_000));
  }

  /** {@code POST /v1/replication/members}: the groups this node leads add member {@code id}. */
  public Answer addMember(URI admin, String id, String address) throws IOException {
    return send(admin, "POST", "/v1/replication/members", Map.of("id", id, "address", address));
  }

  /** {@code DELETE /v1/replication/members/{id}}: the groups this node leads drop {@code id}. */
  public Answer removeMember(URI admin, String id) throws IOException {
    return send(admin, "DELETE", "/v1/replication/members/" + id, null);
  }

  private Answer send(URI admin, String method, String path, Object body) throws IOException {
    var b =
        HttpRequest.newBuilder(admin.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    try {
      HttpResponse<byte[]> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      JsonNode n = r.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(r.body());
      return new Answer(r.statusCode(), n);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
