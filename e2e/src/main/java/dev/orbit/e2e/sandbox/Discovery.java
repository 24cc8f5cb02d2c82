package dev.orbit.e2e.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * API discovery as kubectl reads it: {@code /version}, {@code /api}, {@code /apis}, and the
 * resource list of each group version, with the installed CRDs' resources added.
 */
final class Discovery {
  private static final ObjectMapper JSON = Serialization.jsonMapper();
  private static final String CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

  /** A resource: plural, kind, namespaced, short names, whether it has a status subresource. */
  record Resource(
      String plural, String kind, boolean namespaced, List<String> shortNames, boolean status) {}

  private static final Map<String, List<Resource>> BUILTIN = new LinkedHashMap<>();

  static {
    BUILTIN.put(
        "v1",
        List.of(
            new Resource("pods", "Pod", true, List.of("po"), true),
            new Resource("services", "Service", true, List.of("svc"), true),
            new Resource("configmaps", "ConfigMap", true, List.of("cm"), false),
            new Resource("secrets", "Secret", true, List.of(), false),
            new Resource("serviceaccounts", "ServiceAccount", true, List.of("sa"), false),
            new Resource(
                "persistentvolumeclaims", "PersistentVolumeClaim", true, List.of("pvc"), true),
            new Resource("persistentvolumes", "PersistentVolume", false, List.of("pv"), true),
            new Resource("namespaces", "Namespace", false, List.of("ns"), true),
            new Resource("events", "Event", true, List.of("ev"), false),
            new Resource("endpoints", "Endpoints", true, List.of("ep"), false),
            new Resource("nodes", "Node", false, List.of("no"), true)));
    BUILTIN.put(
        "apps/v1",
        List.of(
            new Resource("statefulsets", "StatefulSet", true, List.of("sts"), true),
            new Resource("deployments", "Deployment", true, List.of("deploy"), true),
            new Resource("replicasets", "ReplicaSet", true, List.of("rs"), true),
            new Resource("controllerrevisions", "ControllerRevision", true, List.of(), false)));
    BUILTIN.put(
        "policy/v1",
        List.of(
            new Resource(
                "poddisruptionbudgets", "PodDisruptionBudget", true, List.of("pdb"), true)));
    BUILTIN.put(
        "batch/v1",
        List.of(
            new Resource("jobs", "Job", true, List.of(), true),
            new Resource("cronjobs", "CronJob", true, List.of("cj"), true)));
    BUILTIN.put(
        "coordination.k8s.io/v1", List.of(new Resource("leases", "Lease", true, List.of(), false)));
    BUILTIN.put(
        "events.k8s.io/v1", List.of(new Resource("events", "Event", true, List.of("ev"), false)));
    BUILTIN.put(
        "rbac.authorization.k8s.io/v1",
        List.of(
            new Resource("roles", "Role", true, List.of(), false),
            new Resource("rolebindings", "RoleBinding", true, List.of(), false),
            new Resource("clusterroles", "ClusterRole", false, List.of(), false),
            new Resource("clusterrolebindings", "ClusterRoleBinding", false, List.of(), false)));
    BUILTIN.put(
        "apiextensions.k8s.io/v1",
        List.of(
            new Resource(
                "customresourcedefinitions",
                "CustomResourceDefinition",
                false,
                List.of("crd", "crds"),
                true)));
  }

  private static final List<String> IN_ALL = List.of("pods", "services", "statefulsets");

  private final SandboxDispatcher store;

  Discovery(SandboxDispatcher store) {
    this.store = store;
  }

  /** The discovery answer for a GET of this path, or null when it is not a discovery path. */
  MockResponse answer(String path) {
    if (path.equals("/version")) {
      return ok(
          JSON.createObjectNode()
              .put("major", "1")
              .put("minor", "32")
              .put("gitVersion", "v1.32.0-orbit-sandbox")
              .put("platform", "linux/amd64"));
    }
    if (path.equals("/healthz") || path.equals("/livez") || path.equals("/readyz")) {
      return new MockResponse().setResponseCode(200).setBody("ok");
    }
    if (path.equals("/openapi/v3")) {
      return ok(openApiRoot());
    }
    if (path.startsWith("/openapi/v3/")) {
      String gv = path.substring("/openapi/v3/".length()).replaceFirst("^apis?/", "");
      return resources(gv).isEmpty()
          ? SandboxDispatcher.status(404, "NotFound", "no OpenAPI document for " + gv)
          : ok(openApi(gv));
    }
    if (path.startsWith("/openapi")) {
      return SandboxDispatcher.status(404, "NotFound", "no OpenAPI v2 document in the sandbox");
    }
    if (path.equals("/api")) {
      ObjectNode versions = JSON.createObjectNode().put("kind", "APIVersions");
      versions.putArray("versions").add("v1");
      versions.putArray("serverAddressByClientCIDRs");
      return ok(versions);
    }
    if (path.equals("/apis")) {
      return ok(groupList());
    }
    if (path.equals("/api/v1")) {
      return ok(resourceList("v1"));
    }
    String[] parts = path.split("/");
    if (parts.length == 4 && parts[1].equals("apis")) {
      String gv = parts[2] + "/" + parts[3];
      return resources(gv).isEmpty() ? null : ok(resourceList(gv));
    }
    if (parts.length == 3 && parts[1].equals("apis")) {
      for (JsonNode g : groupList().path("groups")) {
        if (g.path("name").asText().equals(parts[2])) {
          return ok(((ObjectNode) g.deepCopy()).put("kind", "APIGroup").put("apiVersion", "v1"));
        }
      }
    }
    return null;
  }

  /** Every resource of a group version ("v1", "apps/v1", "orbit.dev/v1alpha1"). */
  List<Resource> resources(String groupVersion) {
    var list = new ArrayList<>(BUILTIN.getOrDefault(groupVersion, List.of()));
    for (JsonNode crd : crds()) {
      JsonNode spec = crd.path("spec");
      for (JsonNode v : spec.path("versions")) {
        if ((spec.path("group").asText() + "/" + v.path("name").asText()).equals(groupVersion)) {
          var shortNames = new ArrayList<String>();
          spec.path("names").path("shortNames").forEach(s -> shortNames.add(s.asText()));
          list.add(
              new Resource(
                  spec.path("names").path("plural").asText(),
                  spec.path("names").path("kind").asText(),
                  "Namespaced".equals(spec.path("scope").asText()),
                  shortNames,
                  v.path("subresources").has("status")));
        }
      }
    }
    return list;
  }

  /** The installed CRDs as stored. */
  List<JsonNode> crds() {
    JsonNode list = store.read(CRDS);
    var crds = new ArrayList<JsonNode>();
    if (list != null) {
      list.path("items").forEach(crds::add);
    }
    return crds;
  }

  private ObjectNode groupList() {
    var groups = new LinkedHashMap<String, List<String>>();
    BUILTIN.keySet().stream()
        .filter(gv -> gv.contains("/"))
        .forEach(gv -> groups.computeIfAbsent(gv.split("/")[0], g -> new ArrayList<>()).add(gv));
    for (JsonNode crd : crds()) {
      String group = crd.path("spec").path("group").asText();
      for (JsonNode v : crd.path("spec").path("versions")) {
        var versions = groups.computeIfAbsent(group, g -> new ArrayList<>());
        String gv = group + "/" + v.path("name").asText();
        if (!versions.contains(gv)) {
          versions.add(gv);
        }
      }
    }
    ObjectNode root = JSON.createObjectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
    ArrayNode array = root.putArray("groups");
    groups.forEach(
        (name, versions) -> {
          ObjectNode g = array.addObject().put("name", name);
          ArrayNode vs = g.putArray("versions");
          for (String gv : versions) {
            vs.addObject().put("groupVersion", gv).put("version", gv.split("/")[1]);
          }
          g.putObject("preferredVersion")
              .put("groupVersion", versions.get(0))
              .put("version", versions.get(0).split("/")[1]);
        });
    return root;
  }

  private ObjectNode resourceList(String groupVersion) {
    ObjectNode root =
        JSON.createObjectNode()
            .put("kind", "APIResourceList")
            .put("apiVersion", "v1")
            .put("groupVersion", groupVersion);
    ArrayNode array = root.putArray("resources");
    for (Resource r : resources(groupVersion)) {
      ObjectNode o =
          array
              .addObject()
              .put("name", r.plural())
              .put("singularName", r.kind().toLowerCase())
              .put("namespaced", r.namespaced())
              .put("kind", r.kind());
      ArrayNode verbs = o.putArray("verbs");
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch")
          .forEach(verbs::add);
      ArrayNode shortNames = o.putArray("shortNames");
      r.shortNames().forEach(shortNames::add);
      if (IN_ALL.contains(r.plural())) {
        o.putArray("categories").add("all");
      }
      if (r.status()) {
        ObjectNode s =
            array
                .addObject()
                .put("name", r.plural() + "/status")
                .put("singularName", "")
                .put("namespaced", r.namespaced())
                .put("kind", r.kind());
        s.putArray("verbs").add("get").add("patch").add("update");
      }
    }
    return root;
  }

  /**
   * The OpenAPI v3 index: one document per group version. The documents carry no schemas, only each
   * resource's PATCH operation with the {@code fieldValidation} parameter, which is how kubectl
   * learns that the server validates (so it needs no schema of its own).
   */
  private ObjectNode openApiRoot() {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode paths = root.putObject("paths");
    var gvs = new ArrayList<>(List.of("v1"));
    groupList()
        .path("groups")
        .forEach(g -> g.path("versions").forEach(v -> gvs.add(v.path("groupVersion").asText())));
    for (String gv : gvs) {
      String p = (gv.contains("/") ? "apis/" : "api/") + gv;
      paths
          .putObject(p)
          .put(
              "serverRelativeURL",
              "/openapi/v3/" + p + "?hash=" + Integer.toHexString(resources(gv).hashCode()));
    }
    return root;
  }

  private ObjectNode openApi(String gv) {
    ObjectNode doc = JSON.createObjectNode().put("openapi", "3.0.0");
    doc.putObject("info").put("title", "Kubernetes").put("version", "v1.32.0");
    ObjectNode paths = doc.putObject("paths");
    String group = gv.contains("/") ? gv.split("/")[0] : "";
    String version = gv.contains("/") ? gv.split("/")[1] : gv;
    String prefix = (gv.contains("/") ? "/apis/" : "/api/") + gv;
    for (Resource r : resources(gv)) {
      String p =
          prefix + (r.namespaced() ? "/namespaces/{namespace}/" : "/") + r.plural() + "/{name}";
      ObjectNode patch = paths.putObject(p).putObject("patch");
      patch
          .putObject("x-kubernetes-group-version-kind")
          .put("group", group)
          .put("version", version)
          .put("kind", r.kind());
      patch.put("x-kubernetes-action", "patch");
      patch
          .putArray("parameters")
          .addObject()
          .put("name", "fieldValidation")
          .put("in", "query")
          .putObject("schema")
          .put("type", "string");
      patch.putObject("responses").putObject("200").put("description", "OK");
    }
    return doc;
  }

  private static MockResponse ok(JsonNode body) {
    return new MockResponse()
        .setResponseCode(200)
        .setHeader("Content-Type", "application/json")
        .setBody(body.toString());
  }
}
