package dev.orbit.e2e.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Server-side printing: answers {@code kubectl get}'s {@code as=Table} requests with the columns
 * kubectl shows for pods, StatefulSets, Services and claims, and a CRD's printer columns.
 */
final class Tables {
  private static final ObjectMapper JSON = Serialization.jsonMapper();

  private record Column(String name, String type, Function<JsonNode, Object> cell) {}

  private Tables() {}

  static MockResponse answer(SandboxDispatcher store, RecordedRequest request, String bare) {
    String accept = request.getHeader("Accept");
    if (accept == null || !accept.contains("as=Table") || request.getPath().contains("watch=")) {
      return null;
    }
    JsonNode found = store.read(request.getPath());
    if (found == null) {
      return null;
    }
    List<JsonNode> items = new ArrayList<>();
    if (found.has("items")) {
      found.path("items").forEach(items::add);
    } else {
      items.add(found);
    }
    String plural = pluralOf(bare, found.has("items"));
    List<Column> columns = columns(store, plural, bare);
    ObjectNode table = JSON.createObjectNode().put("kind", "Table");
    table.put("apiVersion", "meta.k8s.io/v1");
    table
        .putObject("metadata")
        .put("resourceVersion", found.path("metadata").path("resourceVersion").asText("0"));
    ArrayNode defs = table.putArray("columnDefinitions");
    for (Column c : columns) {
      defs.addObject()
          .put("name", c.name())
          .put("type", c.type())
          .put("format", c.name().equals("Name") ? "name" : "")
          .put("description", "")
          .put("priority", 0);
    }
    ArrayNode rows = table.putArray("rows");
    for (JsonNode item : items) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      for (Column c : columns) {
        cells.addPOJO(c.cell().apply(item));
      }
      ObjectNode object = row.putObject("object");
      object.put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
      object.set("metadata", item.path("metadata").deepCopy());
    }
    return new MockResponse()
        .setResponseCode(200)
        .setHeader("Content-Type", "application/json;as=Table;v=v1;g=meta.k8s.io")
        .setBody(table.toString());
  }

  private static String pluralOf(String bare, boolean list) {
    String[] parts = bare.split("/");
    return list ? parts[parts.length - 1] : parts[parts.length - 2];
  }

  private static List<Column> columns(SandboxDispatcher store, String plural, String bare) {
    var cols = new ArrayList<Column>();
    cols.add(new Column("Name", "string", o -> o.path("metadata").path("name").asText()));
    switch (plural) {
      case "pods" -> {
        cols.add(new Column("Ready", "string", o -> (ready(o) ? "1" : "0") + "/1"));
        cols.add(new Column("Status", "string", Tables::podStatus));
        cols.add(
            new Column(
                "Restarts",
                "integer",
                o ->
                    o.path("status")
                        .path("containerStatuses")
                        .path(0)
                        .path("restartCount")
                        .asInt()));
      }
      case "statefulsets" ->
          cols.add(
              new Column(
                  "Ready",
                  "string",
                  o ->
                      o.path("status").path("readyReplicas").asInt()
                          + "/"
                          + o.path("spec").path("replicas").asInt(1)));
      case "services" -> {
        cols.add(
            new Column("Type", "string", o -> o.path("spec").path("type").asText("ClusterIP")));
        cols.add(
            new Column("Cluster-IP", "string", o -> o.path("spec").path("clusterIP").asText("")));
        cols.add(new Column("Port(s)", "string", Tables::ports));
      }
      case "persistentvolumeclaims" -> {
        cols.add(new Column("Status", "string", o -> o.path("status").path("phase").asText("")));
        cols.add(
            new Column(
                "Capacity",
                "string",
                o -> o.path("status").path("capacity").path("storage").asText("")));
        cols.add(
            new Column(
                "StorageClass",
                "string",
                o -> o.path("spec").path("storageClassName").asText("standard")));
      }
      default -> {
        return crdColumns(store, plural, cols);
      }
    }
    cols.add(new Column("Age", "string", Tables::age));
    return cols;
  }

  private static List<Column> crdColumns(
      SandboxDispatcher store, String plural, List<Column> cols) {
    for (JsonNode crd : new Discovery(store).crds()) {
      if (!crd.path("spec").path("names").path("plural").asText().equals(plural)) {
        continue;
      }
      for (JsonNode pc :
          crd.path("spec").path("versions").path(0).path("additionalPrinterColumns")) {
        String path = pc.path("jsonPath").asText();
        boolean date = "date".equals(pc.path("type").asText());
        cols.add(
            new Column(
                pc.path("name").asText(),
                date ? "string" : pc.path("type").asText("string"),
                o -> {
                  JsonNode v = JsonPaths.eval(o, path);
                  if (v == null || v.isMissingNode()) {
                    return "";
                  }
                  return date ? ageOf(v.asText()) : v.isNumber() ? v.numberValue() : v.asText();
                }));
      }
      return cols;
    }
    cols.add(new Column("Age", "string", Tables::age));
    return cols;
  }

  private static boolean ready(JsonNode pod) {
    for (JsonNode c : pod.path("status").path("conditions")) {
      if ("Ready".equals(c.path("type").asText())) {
        return "True".equals(c.path("status").asText());
      }
    }
    return false;
  }

  private static String podStatus(JsonNode pod) {
    if (pod.path("metadata").has("deletionTimestamp")) {
      return "Terminating";
    }
    JsonNode waiting = pod.path("status").path("containerStatuses").path(0).path("state");
    if (waiting.has("waiting")) {
      return waiting.path("waiting").path("reason").asText("Waiting");
    }
    return pod.path("status").path("phase").asText("Pending");
  }

  private static String ports(JsonNode svc) {
    var out = new ArrayList<String>();
    for (JsonNode p : svc.path("spec").path("ports")) {
      out.add(p.path("port").asText() + "/" + p.path("protocol").asText("TCP"));
    }
    return out.isEmpty() ? "<none>" : String.join(",", out);
  }

  private static String age(JsonNode o) {
    return ageOf(o.path("metadata").path("creationTimestamp").asText());
  }

  static String ageOf(String timestamp) {
    if (timestamp == null || timestamp.isEmpty()) {
      return "<unknown>";
    }
    Duration d = Duration.between(Instant.parse(timestamp), Instant.now());
    long s = Math.max(0, d.getSeconds());
    if (s < 120) {
      return s + "s";
    }
    if (s < 3600) {
      return s / 60 + "m";
    }
    if (s < 48 * 3600) {
      return s / 3600 + "h";
    }
    return s / 86400 + "d";
  }
}
