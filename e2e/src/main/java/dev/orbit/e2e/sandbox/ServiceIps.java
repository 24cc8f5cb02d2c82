package dev.orbit.e2e.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import java.util.ArrayList;
import java.util.regex.Pattern;

/**
 * Cluster IPs as the API server assigns them: a Service created without {@code spec.clusterIP} gets
 * a fresh address of the sandbox's block ({@code None} stays headless); an update that leaves it
 * out keeps the assigned one, and an update that changes it is refused (it is immutable).
 */
final class ServiceIps {
  private static final Pattern SERVICE =
      Pattern.compile("^/api/v1/namespaces/[^/]+/services(/[^/]+)?$");

  private final SandboxDispatcher store;
  private final Addresses addresses;

  ServiceIps(SandboxDispatcher store, Addresses addresses) {
    this.store = store;
    this.addresses = addresses;
  }

  static boolean isService(String bare) {
    return SERVICE.matcher(bare).matches();
  }

  /** Fills in the cluster IP of a Service being written; a refusal message, or null. */
  String assign(HttpMethod method, String bare, JsonNode service) {
    if (addresses == null || !service.path("spec").isObject()) {
      return null;
    }
    ObjectNode spec = (ObjectNode) service.path("spec");
    String want = spec.path("clusterIP").asText("");
    if (method == HttpMethod.PUT) {
      JsonNode stored = store.read(bare);
      String have = stored == null ? "" : stored.path("spec").path("clusterIP").asText("");
      if (!have.isEmpty() && want.isEmpty()) {
        spec.put("clusterIP", have);
        spec.set("clusterIPs", stored.path("spec").path("clusterIPs").deepCopy());
        return null;
      }
      if (!have.isEmpty() && !have.equals(want)) {
        return "Service \""
            + service.path("metadata").path("name").asText()
            + "\" is invalid: spec.clusterIP: Invalid value: \""
            + want
            + "\": field is immutable";
      }
    }
    if (want.isEmpty()) {
      var ports = new ArrayList<Integer>();
      spec.path("ports").forEach(p -> ports.add(p.path("port").asInt()));
      want = addresses.allocate(ports);
      spec.put("clusterIP", want);
    }
    spec.putArray("clusterIPs").add(want);
    return null;
  }
}
