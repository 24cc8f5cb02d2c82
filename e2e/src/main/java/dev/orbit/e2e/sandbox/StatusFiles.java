package dev.orbit.e2e.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files {@code orbit-sandbox status} shows and the next run reads: {@code status.txt} (API,
 * kubeconfig, forwarded ports, pods with pid and log) and {@code ports.json}.
 */
final class StatusFiles {
  private static final ObjectMapper JSON = Serialization.jsonMapper();

  private StatusFiles() {}

  static List<String> endpointLines(ServiceProxy proxy) {
    var lines = new ArrayList<String>();
    for (var e : proxy.endpoints()) {
      lines.add(
          e.portName()
              + ": localhost:"
              + e.localPort()
              + " -> "
              + e.service()
              + (e.namespace().equals("default") ? "" : " (namespace " + e.namespace() + ")"));
    }
    return lines;
  }

  static void write(
      Path stateDir,
      String apiUrl,
      Path kubeconfig,
      ServiceProxy proxy,
      Kubelet kubelet,
      List<Pod> pods)
      throws IOException {
    ObjectNode ports = JSON.createObjectNode();
    proxy.endpoints().forEach(e -> ports.put(e.key(), e.localPort()));
    writeIfChanged(
        stateDir.resolve("ports.json"),
        JSON.writerWithDefaultPrettyPrinter().writeValueAsString(ports));
    var lines = new ArrayList<String>();
    lines.add("api: " + apiUrl);
    lines.add("kubeconfig: " + kubeconfig);
    lines.addAll(endpointLines(proxy));
    for (Pod p : pods) {
      PodProcess proc = kubelet.process(Kubelet.key(p));
      lines.add(
          "pod "
              + Kubelet.key(p)
              + ": "
              + (StatefulSets.ready(p) ? "ready" : "not ready")
              + (proc == null ? "" : " ip " + proc.ip + " pid " + proc.pid() + " log " + proc.log));
    }
    writeIfChanged(stateDir.resolve("status.txt"), String.join("\n", lines) + "\n");
  }

  private static void writeIfChanged(Path file, String text) throws IOException {
    if (!Files.isRegularFile(file) || !Files.readString(file).equals(text)) {
      Files.writeString(file, text);
    }
  }

  /** The local ports of the last run, so Services keep their ports across down and up. */
  static Map<String, Integer> readPorts(Path stateDir) throws IOException {
    Path file = stateDir.resolve("ports.json");
    var map = new LinkedHashMap<String, Integer>();
    if (Files.isRegularFile(file)) {
      JSON.readTree(Files.readString(file))
          .fields()
          .forEachRemaining(e -> map.put(e.getKey(), e.getValue().asInt()));
    }
    return map;
  }
}
