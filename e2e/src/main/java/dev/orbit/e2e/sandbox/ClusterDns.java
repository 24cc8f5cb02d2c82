package dev.orbit.e2e.sandbox;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Plays cluster DNS for the node JVMs: every pod gets a hosts file ({@code -Djdk.net.hosts.file},
 * which replaces the JVM's resolver entirely) with {@code localhost}, its own name, every Service
 * ({@code <svc>}, {@code <svc>.<ns>}, {@code <svc>.<ns>.svc}, {@code <svc>.<ns>.svc.cluster.local};
 * the cluster IP, or for a headless Service each endpoint's pod IP) and the pods behind headless
 * Services ({@code <pod>.<svc>.<ns>.svc[.cluster.local]}). The files are rewritten (atomically)
 * whenever a pod or Service changes; the JVM reads the file at each lookup that misses its cache.
 */
final class ClusterDns {
  static final String DOMAIN = "cluster.local";

  /**
   * Security properties for the node JVMs: cache lookups for one second and failures not at all (a
   * JVM caches 30 s and 10 s by default), as a cluster's DNS answers change while pods come and go.
   */
  static final String SECURITY_PROPERTIES =
      "networkaddress.cache.ttl=1\nnetworkaddress.cache.negative.ttl=0\n";

  private static final String MACHINE = machineName();

  private ClusterDns() {}

  /**
   * Writes the hosts file of every pod that has a process; {@code ips} gives a pod's address (by
   * {@code namespace/name}) or null.
   */
  static void write(List<Pod> pods, List<Service> services, Function<String, PodProcess> procs)
      throws IOException {
    var records = records(pods, services, procs);
    for (Pod pod : pods) {
      PodProcess proc = procs.apply(Kubelet.key(pod));
      if (proc != null) {
        writeIfChanged(proc.hostsFile, hostsFile(pod, proc.ip, records));
      }
    }
  }

  /** A name record: address, names, and the namespace whose short names it includes. */
  record Record(String ip, String namespace, List<String> qualified, List<String> shortNames) {}

  static List<Record> records(
      List<Pod> pods, List<Service> services, Function<String, PodProcess> procs) {
    var out = new ArrayList<Record>();
    for (Service svc : services) {
      String ns = svc.getMetadata().getNamespace();
      String name = svc.getMetadata().getName();
      List<String> qualified =
          List.of(name + "." + ns + ".svc." + DOMAIN, name + "." + ns + ".svc");
      List<String> shortNames = List.of(name + "." + ns, name);
      String clusterIp = svc.getSpec().getClusterIP();
      if (clusterIp != null && !clusterIp.isEmpty() && !"None".equals(clusterIp)) {
        out.add(new Record(clusterIp, ns, qualified, shortNames));
        continue;
      }
      if (!"None".equals(clusterIp)) {
        continue;
      }
      for (Pod pod : selected(svc, pods)) {
        PodProcess proc = procs.apply(Kubelet.key(pod));
        if (proc == null) {
          continue;
        }
        out.add(new Record(proc.ip, ns, qualified, shortNames));
        String hostname = pod.getSpec().getHostname();
        if (hostname != null && name.equals(pod.getSpec().getSubdomain())) {
          out.add(
              new Record(
                  proc.ip,
                  ns,
                  List.of(
                      hostname + "." + name + "." + ns + ".svc." + DOMAIN,
                      hostname + "." + name + "." + ns + ".svc"),
                  List.of(hostname + "." + name + "." + ns, hostname + "." + name)));
        }
      }
    }
    out.sort(Comparator.comparing(Record::ip).thenComparing(r -> r.qualified().get(0)));
    return out;
  }

  /** The pods a Service's endpoints hold: selected, and ready unless it publishes not-ready. */
  static List<Pod> selected(Service svc, List<Pod> pods) {
    Map<String, String> selector = svc.getSpec().getSelector();
    if (selector == null || selector.isEmpty()) {
      return List.of();
    }
    boolean notReadyToo = Boolean.TRUE.equals(svc.getSpec().getPublishNotReadyAddresses());
    return pods.stream()
        .filter(p -> p.getMetadata().getNamespace().equals(svc.getMetadata().getNamespace()))
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(
            p ->
                p.getMetadata().getLabels() != null
                    && p.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
        .filter(p -> notReadyToo || StatefulSets.ready(p))
        .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
        .toList();
  }

  static String hostsFile(Pod pod, String ip, List<Record> records) {
    String ns = pod.getMetadata().getNamespace();
    var sb = new StringBuilder();
    sb.append("# written by orbit-sandbox: cluster DNS as pod ")
        .append(Kubelet.key(pod))
        .append(" sees it\n");
    sb.append("127.0.0.1 localhost\n");
    // the pod's own names, as the kubelet writes them into /etc/hosts; the machine's host name
    // too, since the JVM runs under it (InetAddress.getLocalHost)
    String hostname =
        pod.getSpec().getHostname() == null
            ? pod.getMetadata().getName()
            : pod.getSpec().getHostname();
    sb.append(ip);
    String sub = pod.getSpec().getSubdomain();
    if (sub != null) {
      sb.append(' ').append(hostname).append('.').append(sub).append('.').append(ns);
      sb.append(".svc.").append(DOMAIN);
    }
    sb.append(' ').append(hostname);
    if (MACHINE != null && !MACHINE.equals(hostname) && !MACHINE.equals("localhost")) {
      sb.append(' ').append(MACHINE);
    }
    sb.append('\n');
    for (Record r : records) {
      sb.append(r.ip());
      r.qualified().forEach(n -> sb.append(' ').append(n));
      if (r.namespace().equals(ns)) {
        r.shortNames().forEach(n -> sb.append(' ').append(n));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  static void writeIfChanged(Path file, String text) throws IOException {
    if (Files.isRegularFile(file) && Files.readString(file).equals(text)) {
      return;
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static String machineName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return null;
    }
  }
}
