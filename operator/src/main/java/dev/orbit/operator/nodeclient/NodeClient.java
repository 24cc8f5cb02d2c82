package dev.orbit.operator.nodeclient;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;

/**
 * The operator's client of a node's admin API ({@code /v1/...} on the pod's address and admin
 * port): every request carries {@code Authorization: Bearer <token>} (the cluster's admin token)
 * and is bounded by a connect timeout and a request timeout. One client per cluster token; it is
 * thread-safe.
 */
public final class NodeClient {
  /** How long to wait for a TCP connection to a node. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  /** How long to wait for a whole answer. */
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .connectTimeout(CONNECT_TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private final String token;
  private final int port;
  private final Duration timeout;

  /**
   * @param token the admin token (from {@link AdminToken#of}); sent, never logged
   * @param port the admin port of the nodes
   * @param timeout bound of each request
   */
  public NodeClient(String token, int port, Duration timeout) {
    this.token = Objects.requireNonNull(token, "token");
    this.port = port;
    this.timeout = timeout;
  }

  /** A client on the standard admin port with the standard timeout. */
  public NodeClient(String token, int port) {
    this(token, port, REQUEST_TIMEOUT);
  }

  /** {@code GET /v1/status} of a pod (by its pod IP). */
  public JsonNode status(Pod pod) throws NodeClientException {
    String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
    if (ip == null || ip.isBlank()) {
      throw new NodeClientException(
          pod.getMetadata().getName(), 0, "the pod has no IP yet (not started)");
    }
    return get(ip, "/v1/status");
  }

  /** {@code GET path} on a node's admin API at {@code host}; the answer's JSON. */
  public JsonNode get(String host, String path) throws NodeClientException {
    URI uri = URI.create("http://" + hostPart(host) + ":" + port + path);
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<String> response;
    try {
      response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new NodeClientException(host, 0, "no answer within " + timeout.toMillis() + " ms");
    } catch (IOException e) {
      throw new NodeClientException(host, 0, "cannot reach " + uri + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NodeClientException(host, 0, "interrupted");
    }
    if (response.statusCode() / 100 != 2) {
      throw new NodeClientException(host, response.statusCode(), firstLine(response.body()));
    }
    try {
      return JSON.readTree(response.body());
    } catch (JsonProcessingException e) {
      throw new NodeClientException(host, response.statusCode(), "answer is not JSON");
    }
  }

  private static String hostPart(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  private static String firstLine(String body) {
    if (body == null || body.isBlank()) {
      return "(empty answer)";
    }
    String line = body.strip().lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }

  @Override
  public String toString() {
    return "NodeClient{port=" + port + ", timeout=" + timeout + "}";
  }
}
