package dev.orbit.e2e.sandbox;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays kube-proxy: every port of every Service with a selector listens on a localhost port and
 * forwards each connection to the first ready pod (lowest name) the selector picks at connect time.
 */
final class ServiceProxy implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceProxy.class);

  /** A forwarded Service port: {@code namespace/service/portName} on a local port. */
  record Endpoint(
      String namespace, String service, String portName, int servicePort, int localPort) {
    String key() {
      return namespace + "/" + service + "/" + portName;
    }
  }

  private final Map<String, Listener> listeners = new ConcurrentHashMap<>();
  private final Map<String, Integer> preferred;
  private final ExecutorService pool =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "service-proxy");
            t.setDaemon(true);
            return t;
          });
  private volatile Map<String, List<Integer>> targets = Map.of();

  ServiceProxy(Map<String, Integer> preferred) {
    this.preferred = preferred;
  }

  /** Opens listeners for new Service ports, closes those of removed ones, refreshes targets. */
  void tick(List<Service> services, List<Pod> pods, Function<String, PodProcess> processes) {
    var next = new TreeMap<String, List<Integer>>();
    var live = new ArrayList<String>();
    for (Service svc : services) {
      var selector = svc.getSpec().getSelector();
      if (selector == null || selector.isEmpty()) {
        continue;
      }
      boolean notReadyToo = Boolean.TRUE.equals(svc.getSpec().getPublishNotReadyAddresses());
      var chosen =
          pods.stream()
              .filter(p -> p.getMetadata().getNamespace().equals(svc.getMetadata().getNamespace()))
              .filter(
                  p ->
                      p.getMetadata().getLabels() != null
                          && p.getMetadata()
                              .getLabels()
                              .entrySet()
                              .containsAll(selector.entrySet()))
              .filter(p -> notReadyToo || StatefulSets.ready(p))
              .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
              .toList();
      for (ServicePort sp : svc.getSpec().getPorts()) {
        String portName = sp.getName() == null ? String.valueOf(sp.getPort()) : sp.getName();
        var ep =
            new Endpoint(
                svc.getMetadata().getNamespace(),
                svc.getMetadata().getName(),
                portName,
                sp.getPort(),
                0);
        live.add(ep.key());
        String target =
            sp.getTargetPort() == null
                ? String.valueOf(sp.getPort())
                : sp.getTargetPort().getStrVal() != null
                    ? sp.getTargetPort().getStrVal()
                    : String.valueOf(sp.getTargetPort().getIntVal());
        var ports = new ArrayList<Integer>();
        for (Pod p : chosen) {
          PodProcess proc = processes.apply(Kubelet.key(p));
          if (proc != null && proc.localPort(target) > 0) {
            ports.add(proc.localPort(target));
          }
        }
        next.put(ep.key(), ports);
        listeners.computeIfAbsent(ep.key(), k -> open(ep));
      }
    }
    targets = next;
    for (String k : new ArrayList<>(listeners.keySet())) {
      if (!live.contains(k)) {
        listeners.remove(k).close();
      }
    }
  }

  /** The forwarded ports, sorted by key. */
  List<Endpoint> endpoints() {
    return listeners.values().stream()
        .map(l -> l.endpoint)
        .sorted(Comparator.comparing(Endpoint::key))
        .toList();
  }

  private Listener open(Endpoint ep) {
    ServerSocket server;
    Integer want = preferred.get(ep.key());
    try {
      server = bind(want == null ? 0 : want);
    } catch (IOException e) {
      try {
        server = bind(0);
      } catch (IOException e2) {
        throw new IllegalStateException("cannot listen for " + ep.key(), e2);
      }
    }
    var l =
        new Listener(
            new Endpoint(
                ep.namespace(),
                ep.service(),
                ep.portName(),
                ep.servicePort(),
                server.getLocalPort()),
            server);
    pool.execute(l::accept);
    LOG.info("{}: localhost:{} -> {}", ep.portName(), server.getLocalPort(), ep.service());
    return l;
  }

  private static ServerSocket bind(int port) throws IOException {
    var s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    return s;
  }

  private final class Listener implements AutoCloseable {
    final Endpoint endpoint;
    final ServerSocket server;
    final List<Socket> open = new ArrayList<>();

    Listener(Endpoint endpoint, ServerSocket server) {
      this.endpoint = endpoint;
      this.server = server;
    }

    void accept() {
      while (!server.isClosed()) {
        try {
          Socket client = server.accept();
          pool.execute(() -> forward(client));
        } catch (IOException e) {
          return; // closed
        }
      }
    }

    private void forward(Socket client) {
      List<Integer> ports = targets.getOrDefault(endpoint.key(), List.of());
      if (ports.isEmpty()) {
        closeQuietly(client);
        return;
      }
      try {
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), ports.get(0));
        synchronized (open) {
          open.removeIf(Socket::isClosed);
          open.add(client);
          open.add(upstream);
        }
        pool.execute(() -> pump(upstream, client));
        pump(client, upstream);
      } catch (IOException e) {
        closeQuietly(client);
      }
    }

    @Override
    public void close() {
      closeQuietly(server);
      synchronized (open) {
        open.forEach(ServiceProxy::closeQuietly);
        open.clear();
      }
    }
  }

  private static void pump(Socket from, Socket to) {
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      byte[] buf = new byte[16384];
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // peer closed
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    listeners.values().forEach(Listener::close);
    listeners.clear();
    pool.shutdownNow();
  }
}
