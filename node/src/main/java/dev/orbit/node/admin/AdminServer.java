package dev.orbit.node.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.orbit.node.Node;
import dev.orbit.node.backup.BackupRoutes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The node's admin HTTP API: {@code /livez}, {@code /readyz}, {@code /metrics}, {@code /v1/status}
 * and {@code /v1/backups}. This is the contract the operator talks to.
 */
public final class AdminServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Node node;
  private final HttpServer http;

  public AdminServer(Node node, String host, int port) {
    this.node = node;
    try {
      this.http = HttpServer.create(new InetSocketAddress(host, port), 64);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot listen for admin API on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    http.setExecutor(
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "orbit-admin");
              t.setDaemon(true);
              return t;
            }));
    http.createContext("/livez", ex -> text(ex, 200, "ok\n"));
    http.createContext(
        "/readyz", ex -> text(ex, node.ready() ? 200 : 503, node.ready() ? "ok\n" : "not ready\n"));
    http.createContext(
        "/metrics",
        ex -> text(ex, 200, node.metrics().render(node.storage()) + node.backups().metrics()));
    http.createContext("/v1/status", ex -> json(ex, 200, NodeStatus.of(node)));
    http.createContext("/v1/backups", this::backups);
    http.start();
  }

  public int port() {
    return http.getAddress().getPort();
  }

  private void backups(HttpExchange ex) throws IOException {
    try {
      BackupRoutes.Reply r =
          new BackupRoutes(node.backups(), node.config().backup)
              .handle(
                  ex.getRequestMethod(),
                  ex.getRequestURI().getPath(),
                  query(ex),
                  ex.getRequestMethod().equals("POST") ? readJson(ex.getRequestBody()) : null);
      json(ex, r.status(), r.body());
    } catch (IllegalArgumentException e) {
      json(ex, 400, Map.of("error", String.valueOf(e.getMessage())));
    } catch (RuntimeException e) {
      json(ex, 500, Map.of("error", String.valueOf(e.getMessage())));
    }
  }

  private static JsonNode readJson(InputStream in) {
    try {
      JsonNode n = JSON.readTree(in.readAllBytes());
      if (n == null || !n.isObject()) {
        throw new IllegalArgumentException("request body must be a JSON object");
      }
      return n;
    } catch (IOException e) {
      throw new IllegalArgumentException("request body is not JSON: " + e.getMessage());
    }
  }

  private static Map<String, String> query(HttpExchange ex) {
    Map<String, String> out = new java.util.HashMap<>();
    String q = ex.getRequestURI().getRawQuery();
    if (q != null) {
      for (String kv : q.split("&")) {
        int eq = kv.indexOf('=');
        if (eq > 0) {
          out.put(
              URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
              URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return out;
  }

  private static void text(HttpExchange ex, int status, String body) throws IOException {
    send(
        ex,
        status,
        "text/plain; version=0.0.4; charset=utf-8",
        body.getBytes(StandardCharsets.UTF_8));
  }

  private static void json(HttpExchange ex, int status, Object body) throws IOException {
    send(
        ex,
        status,
        "application/json",
        JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(body));
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    http.stop(0);
    ((java.util.concurrent.ExecutorService) http.getExecutor()).shutdownNow();
  }
}
