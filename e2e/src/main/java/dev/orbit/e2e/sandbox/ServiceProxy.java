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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays kube-proxy: every port of every Service with a selector listens on a localhost port (for
 * the user; {@code orbit-sandbox up} prints them) and, for a Service with a cluster IP, on that
 * address and the Service's own port (for the pods). Each connection goes to the first ready pod
 * (lowest name) the selector picks at connect time, on the pod's address and target port.
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

  /** Where a connection goes: a pod's address and port. */
  record Target(String ip, int port) {}

  private final Map<String, Listener> listeners = new ConcurrentHashMap<>();
  private final Map<String, Listener> clusterIps = new ConcurrentHashMap<>();
  private final Map<String, Integer> preferred;
  private final ExecutorService pool =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "service-proxy");
            t.setDaemon(true);
            return t;
          });
  private volatile Map<String, List<Target>> targets = Map.of();

  ServiceProxy(Map<String, Integer> preferred) {
    this.preferred = preferred;
  }

  /** Opens listeners for new Service ports, closes those of removed ones, refreshes targets. */
  void tick(List<Service> services, List<Pod> pods, Function<String, PodProcess> processes) {
    var next = new TreeMap<String, List<Target>>();
    var live = new HashSet<String>();
    var liveVips = new HashSet<String>();
    for (Service svc : services) {
      var selector = svc.getSpec().getSelector();
      if (selector == null || selector.isEmpty()) {
        continue;
      }
      List<Pod> chosen = ClusterDns.selected(svc, pods);
      String clusterIp = svc.getSpec().getClusterIP();
      boolean vip = clusterIp != null && !clusterIp.isEmpty() && !"None".equals(clusterIp);
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
        var to = new ArrayList<Target>();
        for (Pod p : chosen) {
          PodProcess proc = processes.apply(Kubelet.key(p));
          if (proc != null && proc.port(target) > 0) {
            to.add(new Target(proc.ip, proc.port(target)));
          }
        }
        next.put(ep.key(), to);
        listeners.computeIfAbsent(ep.key(), k -> open(ep, null));
        if (vip) {
          String vipKey = ep.key() + "@" + clusterIp;
          liveVips.add(vipKey);
          clusterIps.computeIfAbsent(vipKey, k -> open(ep, clusterIp));
        }
      }
    }
    targets = next;
    closeAllBut(listeners, live);
    closeAllBut(clusterIps, liveVips);
  }

  private static void closeAllBut(Map<String, Listener> open, Set<String> live) {
    for (String k : new ArrayList<>(open.keySet())) {
      if (!live.contains(k)) {
        Listener l = open.remove(k);
        if (l != null) {
          l.close();
        }
      }
    }
  }

  /** The forwarded localhost ports, sorted by key. */
  List<Endpoint> endpoints() {
    return listeners.values().stream()
        .filter(l -> l != null)
        .map(l -> l.endpoint)
        .sorted(Comparator.comparing(Endpoint::key))
        .toList();
  }

  /**
   * A listener for a Service port: on localhost (a preferred or free port) when {@code clusterIp}
   * is null, else on the cluster IP and the Service's port; null when that cannot be bound.
   */
  private Listener open(Endpoint ep, String clusterIp) {
    ServerSocket server;
    try {
      if (clusterIp != null) {
        server = bind(InetAddress.getByName(clusterIp), ep.servicePort());
      } else {
        Integer want = preferred.get(ep.key());
        try {
          server = bind(InetAddress.getLoopbackAddress(), want == null ? 0 : want);
        } catch (IOException e) {
          server = bind(InetAddress.getLoopbackAddress(), 0);
        }
      }
    } catch (IOException e) {
      LOG.warn("cannot listen for {} ({}): {}", ep.key(), clusterIp, e.toString());
      return null;
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
    LOG.info(
        "{}: {}:{} -> {}",
        ep.portName(),
        clusterIp == null ? "localhost" : clusterIp,
        server.getLocalPort(),
        ep.service());
    return l;
  }

  private static ServerSocket bind(InetAddress address, int port) throws IOException {
    var s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(address, port));
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
      List<Target> to = targets.getOrDefault(endpoint.key(), List.of());
      if (to.isEmpty()) {
        closeQuietly(client);
        return;
      }
      try {
        Socket upstream = new Socket(InetAddress.getByName(to.get(0).ip()), to.get(0).port());
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
    clusterIps.values().forEach(Listener::close);
    clusterIps.clear();
    pool.shutdownNow();
  }
}
