package dev.orbit.operator.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** The operator's own HTTP endpoints: /healthz (alive), /readyz (started), /metrics. */
public final class OpsServer implements AutoCloseable {
  private final HttpServer server;

  private OpsServer(HttpServer server) {
    this.server = server;
  }

  /** Starts serving on {@code port} (0 picks a free one), answering from {@code health}. */
  public static OpsServer start(int port, OperatorHealth health, Supplier<String> metrics)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/healthz", ex -> probe(ex, health::alive, health));
    server.createContext("/readyz", ex -> probe(ex, health::ready, health));
    server.createContext(
        "/metrics",
        ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.get()));
    server.start();
    return new OpsServer(server);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private static void probe(HttpExchange ex, BooleanSupplier check, OperatorHealth health)
      throws IOException {
    boolean ok;
    String why;
    try {
      ok = check.getAsBoolean();
      why = ok ? "" : health.why();
    } catch (RuntimeException e) {
      ok = false;
      why = String.valueOf(e.getMessage());
    }
    respond(
        ex,
        ok ? 200 : 503,
        "text/plain; charset=utf-8",
        ok ? "ok\n" : "not ok" + (why.isEmpty() ? "" : ": " + why) + "\n");
  }

  private static void respond(HttpExchange ex, int code, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(code, bytes.length);
    try (var out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
