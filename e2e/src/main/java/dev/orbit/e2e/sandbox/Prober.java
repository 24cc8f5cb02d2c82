package dev.orbit.e2e.sandbox;

import io.fabric8.kubernetes.api.model.Probe;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A container's startup and liveness probes as the kubelet runs them: HTTP GETs on the pod's
 * address every {@code periodSeconds} (the first after {@code initialDelaySeconds}), each bounded
 * by {@code timeoutSeconds}, 2xx/3xx a success; the liveness probe starts once the startup probe
 * succeeded, and {@code failureThreshold} failures in a row of either mean the container is killed.
 * Probes run asynchronously, so a hung node never stalls the sandbox's loop.
 */
final class Prober {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  /** One HTTP probe with the Kubernetes defaults for unset fields. */
  record Spec(
      String name,
      String path,
      int port,
      Duration initialDelay,
      Duration period,
      Duration timeout,
      int failureThreshold) {

    /** The probe's spec, or null when it has no {@code httpGet} (other kinds are not run). */
    static Spec of(String name, Probe p, Map<String, Integer> portNames) {
      if (p == null || p.getHttpGet() == null || p.getHttpGet().getPort() == null) {
        return null;
      }
      var port = p.getHttpGet().getPort();
      int number =
          port.getStrVal() != null
              ? portNames.getOrDefault(port.getStrVal(), -1)
              : port.getIntVal();
      return new Spec(
          name,
          p.getHttpGet().getPath() == null ? "/" : p.getHttpGet().getPath(),
          number,
          Duration.ofSeconds(or(p.getInitialDelaySeconds(), 0)),
          Duration.ofSeconds(or(p.getPeriodSeconds(), 10)),
          Duration.ofSeconds(or(p.getTimeoutSeconds(), 1)),
          or(p.getFailureThreshold(), 3));
    }

    private static int or(Integer v, int dflt) {
      return v == null ? dflt : v;
    }
  }

  private final Spec startup;
  private final Spec liveness;
  private boolean started;
  private int failures;
  private Instant next = Instant.MAX;
  private CompletableFuture<String> inFlight;

  Prober(Spec startup, Spec liveness) {
    this.startup = startup;
    this.liveness = liveness;
  }

  /** A new run of the container began: probing starts over. */
  synchronized void reset(Instant startedAt) {
    started = startup == null;
    failures = 0;
    inFlight = null;
    Spec s = current();
    next = s == null ? Instant.MAX : startedAt.plus(s.initialDelay());
  }

  private Spec current() {
    return started ? liveness : startup;
  }

  /**
   * Collects a finished probe and sends the next one when due. Returns null while the container is
   * healthy, else why the kubelet kills it (as its event says: "Liveness probe failed: …").
   */
  synchronized String check(String ip, Instant now) {
    Spec s = current();
    if (s == null) {
      return null;
    }
    if (inFlight != null && inFlight.isDone()) {
      String failure = inFlight.join();
      inFlight = null;
      if (failure == null) {
        failures = 0;
        if (!started) {
          started = true;
          s = current();
          if (s == null) {
            return null;
          }
          next = now;
        }
      } else if (++failures >= s.failureThreshold()) {
        failures = 0;
        next = Instant.MAX; // until the next run of the container
        return s.name() + " probe failed: " + failure;
      }
    }
    if (inFlight == null && !now.isBefore(next)) {
      inFlight = probe(ip, s);
      next = now.plus(s.period());
    }
    return null;
  }

  private static CompletableFuture<String> probe(String ip, Spec s) {
    var req =
        HttpRequest.newBuilder(URI.create("http://" + ip + ":" + s.port() + s.path()))
            .timeout(s.timeout())
            .build();
    return HTTP.sendAsync(req, HttpResponse.BodyHandlers.discarding())
        .handle(
            (r, e) -> {
              if (e != null) {
                Throwable c = e.getCause() == null ? e : e.getCause();
                return c instanceof HttpTimeoutException
                    ? "Get \"" + req.uri() + "\": timeout after " + s.timeout().toSeconds() + "s"
                    : "Get \"" + req.uri() + "\": " + c;
              }
              int code = r.statusCode();
              return code >= 200 && code < 400
                  ? null
                  : "HTTP probe failed with statuscode: " + code;
            });
  }
}
