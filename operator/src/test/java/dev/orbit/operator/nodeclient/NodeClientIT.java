package dev.orbit.operator.nodeclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The node client against a local HTTP server that plays a node's admin API. */
class NodeClientIT {
  static final String TOKEN = "tok-123";
  HttpServer server;
  final List<String> authorizations = new CopyOnWriteArrayList<>();
  final CountDownLatch release = new CountDownLatch(1);

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/v1/status",
        ex -> {
          String auth = ex.getRequestHeaders().getFirst("Authorization");
          authorizations.add(String.valueOf(auth));
          boolean ok = ("Bearer " + TOKEN).equals(auth);
          byte[] body =
              (ok ? "{\"ready\":true,\"protocols\":{}}" : "unauthorized\n")
                  .getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(ok ? 200 : 401, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    server.createContext(
        "/v1/slow",
        ex -> {
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.stop(0);
  }

  NodeClient client(String token, Duration timeout) {
    return new NodeClient(token, server.getAddress().getPort(), timeout);
  }

  @Test
  void statusOfAPodIsAskedOnItsAddressWithTheBearerToken() throws Exception {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("c-0")
            .endMetadata()
            .withNewStatus()
            .withPodIP("127.0.0.1")
            .endStatus()
            .build();
    var status = client(TOKEN, Duration.ofSeconds(30)).status(pod);
    assertTrue(status.path("ready").asBoolean());
    assertEquals(List.of("Bearer " + TOKEN), authorizations);
  }

  @Test
  void aRefusedTokenIsAnErrorWithTheHttpCode() {
    var e =
        assertThrows(
            NodeClientException.class,
            () -> client("wrong", Duration.ofSeconds(30)).get("127.0.0.1", "/v1/status"));
    assertEquals(401, e.code());
    assertTrue(e.getMessage().contains("unauthorized"), e.getMessage());
    assertFalse(e.getMessage().contains("wrong"), "the token is never in a message");
  }

  @Test
  void aNodeThatDoesNotAnswerTimesOut() {
    long start = System.nanoTime();
    var e =
        assertThrows(
            NodeClientException.class,
            () -> client(TOKEN, Duration.ofMillis(300)).get("127.0.0.1", "/v1/slow"));
    assertEquals(0, e.code());
    assertTrue(e.getMessage().contains("no answer within 300 ms"), e.getMessage());
    assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 20);
  }

  @Test
  void aPodWithoutAnAddressIsAnErrorWithoutARequest() {
    Pod pod = new PodBuilder().withNewMetadata().withName("c-1").endMetadata().build();
    var e =
        assertThrows(
            NodeClientException.class, () -> client(TOKEN, Duration.ofSeconds(30)).status(pod));
    assertTrue(e.getMessage().contains("no IP"), e.getMessage());
    assertTrue(authorizations.isEmpty());
  }

  @Test
  void toStringNeverShowsTheToken() {
    assertFalse(client(TOKEN, Duration.ofSeconds(1)).toString().contains(TOKEN));
  }
}
