package dev.orbit.e2e.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The fabric8 CRUD dispatcher, extended with what {@code kubectl} and a kubelet need: discovery,
 * JSON merge / strategic merge / server-side apply patches (all applied as a JSON merge patch),
 * status subresources on the built-in kinds, and orphaning deletes.
 */
final class SandboxDispatcher extends KubernetesCrudDispatcher {
  private static final ObjectMapper JSON = Serialization.jsonMapper();
  private static final Pattern BUILTIN_WITH_STATUS =
      Pattern.compile(
          "^/(api/v1|apis/apps/v1|apis/policy/v1|apis/batch/v1)/.*"
              + "(pods|persistentvolumeclaims|services|statefulsets|deployments"
              + "|poddisruptionbudgets|jobs|namespaces)(/[^/]+)?(/status)?$");

  private static final Pattern POD_LOG =
      Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/]+)/log$");

  private final Discovery discovery;
  private volatile java.util.function.BiFunction<String, String, String> podLogs =
      (ns, pod) -> null;
  private final Set<String> orphanedUids = ConcurrentHashMap.newKeySet();
  private final ServiceIps serviceIps;
  private final CustomResourceAdmission admission;

  SandboxDispatcher(Addresses addresses) {
    this.discovery = new Discovery(this);
    this.serviceIps = new ServiceIps(this, addresses);
    this.admission = new CustomResourceAdmission(discovery);
  }

  /** Where {@code kubectl logs} reads a pod's log: (namespace, pod) → text, or null. */
  void podLogs(java.util.function.BiFunction<String, String, String> logs) {
    this.podLogs = logs;
  }

  /** Uids of objects deleted with {@code propagationPolicy: Orphan}: their dependents stay. */
  Set<String> orphanedUids() {
    return orphanedUids;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String path = request.getPath();
    String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    try {
      var cr =
          switch (request.method()) {
            case POST, PUT, PATCH -> admission.target(bare);
            default -> null;
          };
      if (cr != null) {
        return writeCustomResource(request, bare, cr);
      }
      switch (request.method()) {
        case GET -> {
          MockResponse discovered = discovery.answer(bare);
          if (discovered != null) {
            return discovered;
          }
          var log = POD_LOG.matcher(bare);
          if (log.matches()) {
            String text = podLogs.apply(log.group(1), log.group(2));
            return text == null
                ? status(404, "NotFound", "no log for pod " + log.group(2))
                : new MockResponse()
                    .setResponseCode(200)
                    .setHeader("Content-Type", "text/plain")
                    .setBody(text);
          }
          if (path.contains("watch=true") && request.getHeader("Upgrade") == null) {
            return status(
                400,
                "BadRequest",
                "the sandbox serves watches over WebSocket only (as the fabric8 client uses them);"
                    + " kubectl get -w and kubectl wait need HTTP streaming: poll with kubectl get");
          }
          MockResponse table = Tables.answer(this, request, bare);
          if (table != null) {
            return table;
          }
        }
        case PATCH -> {
          String type = request.getHeader("Content-Type");
          if (type != null && !type.contains("json-patch")) {
            return mergePatch(request, bare, type.contains("apply-patch"));
          }
          try {
            if (Immutables.applies(bare) && read(bare) != null) {
              JsonNode next =
                  io.fabric8.zjsonpatch.JsonPatch.apply(
                      JSON.readTree(request.getBody().getBytes()), read(bare));
              String refused = Immutables.refusal(bare, read(bare), next);
              if (refused != null) {
                return status(422, "Invalid", refused);
              }
            }
            return json(super.dispatch(request));
          } catch (RuntimeException e) {
            // a JSON patch that does not fit the stored object (stale array index, missing path)
            return status(422, "Invalid", "the patch does not apply: " + e.getMessage());
          }
        }
        case POST, PUT -> {
          if (request.method() == HttpMethod.PUT && Immutables.applies(bare)) {
            String refused =
                Immutables.refusal(bare, read(bare), JSON.readTree(request.getBody().getBytes()));
            if (refused != null) {
              return status(422, "Invalid", refused);
            }
          }
          if (isSecret(bare)) {
            return json(super.dispatch(withSecretData(request)));
          }
          if (ServiceIps.isService(bare)) {
            JsonNode body = JSON.readTree(request.getBody().getBytes());
            String refused = serviceIps.assign(request.method(), bare, body);
            if (refused != null) {
              return status(422, "Invalid", refused);
            }
            return json(super.dispatch(request(request.method(), request.getPath(), body)));
          }
        }
        case DELETE -> recordOrphaning(request, bare);
        default -> {}
      }
      return json(super.dispatch(request));
    } catch (Exception e) {
      return status(500, "InternalError", String.valueOf(e.getMessage()));
    }
  }

  @Override
  public boolean isStatusSubresourceEnabledForResource(String path) {
    String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    return BUILTIN_WITH_STATUS.matcher(bare).matches()
        || super.isStatusSubresourceEnabledForResource(path);
  }

  /** Reads an object as the API stores it; null when absent. */
  JsonNode read(String bare) {
    MockResponse r = super.handleGet(bare);
    if (r.code() != 200) {
      return null;
    }
    try {
      return JSON.readTree(r.getBody().readUtf8());
    } catch (Exception e) {
      throw new IllegalStateException("stored object is not JSON: " + bare, e);
    }
  }

  private void recordOrphaning(RecordedRequest request, String bare) {
    String body = request.getBody() == null ? "" : new String(request.getBody().getBytes());
    if (!body.contains("Orphan")) {
      return;
    }
    JsonNode current = read(bare);
    if (current != null) {
      orphanedUids.add(current.path("metadata").path("uid").asText());
    }
  }

  /**
   * Merge, strategic merge and apply patches: the patch is merged into the stored object (RFC 7386;
   * strategic directives dropped, lists replaced) and written back with PUT semantics; an apply
   * patch of an absent object creates it.
   */
  private MockResponse mergePatch(RecordedRequest request, String bare, boolean apply)
      throws Exception {
    JsonNode patch = Yaml.read(new String(request.getBody().getBytes()));
    JsonMerge.stripDirectives(patch);
    for (int attempt = 0; ; attempt++) {
      JsonNode current = read(bare.endsWith("/status") ? bare.replaceAll("/status$", "") : bare);
      if (current == null) {
        if (!apply) {
          return status(404, "NotFound", bare + " not found");
        }
        String collection = bare.substring(0, bare.lastIndexOf('/'));
        var create = request(HttpMethod.POST, collection, patch);
        return json(super.dispatch(isSecret(collection) ? withSecretData(create) : create));
      }
      JsonNode merged = JsonMerge.merge(current.deepCopy(), patch);
      String refused = Immutables.refusal(bare, current, merged);
      if (refused != null) {
        return status(422, "Invalid", refused);
      }
      ((ObjectNode) merged.path("metadata"))
          .put("resourceVersion", current.path("metadata").path("resourceVersion").asText());
      var put = request(HttpMethod.PUT, bare, merged);
      MockResponse r = super.dispatch(isSecret(bare) ? withSecretData(put) : put);
      if (r.code() != 409 || attempt >= 5) {
        return json(r);
      }
    }
  }

  /**
   * Creates, replaces or patches a custom resource through admission (see {@link
   * CustomResourceAdmission}): the object as it would be after the request is admitted first, then
   * written with PUT or POST semantics; a conflicting concurrent write is retried for patches.
   */
  private MockResponse writeCustomResource(
      RecordedRequest request, String bare, CustomResourceAdmission.Target cr) throws Exception {
    String path = request.getPath();
    String query = path.contains("?") ? path.substring(path.indexOf('?') + 1) : "";
    JsonNode body = Yaml.read(new String(request.getBody().getBytes()));
    for (int attempt = 0; ; attempt++) {
      JsonNode current = request.method() == HttpMethod.POST ? null : read(bare);
      ObjectNode next;
      HttpMethod method = current == null ? HttpMethod.POST : HttpMethod.PUT;
      String target = bare;
      if (request.method() != HttpMethod.PATCH) {
        next = (ObjectNode) body.deepCopy();
        method = request.method();
      } else {
        String type = String.valueOf(request.getHeader("Content-Type"));
        if (current == null && !type.contains("apply-patch")) {
          return status(404, "NotFound", bare + " not found");
        }
        if (current == null) {
          next = (ObjectNode) body.deepCopy();
          target = bare.substring(0, bare.lastIndexOf('/'));
        } else if (type.contains("json-patch")) {
          try {
            next = (ObjectNode) io.fabric8.zjsonpatch.JsonPatch.apply(body, current);
          } catch (RuntimeException e) {
            return status(422, "Invalid", "the patch does not apply: " + e.getMessage());
          }
        } else {
          JsonNode patch = body.deepCopy();
          JsonMerge.stripDirectives(patch);
          next = (ObjectNode) JsonMerge.merge(current.deepCopy(), patch);
        }
        if (current != null) {
          ((ObjectNode) next.path("metadata"))
              .put("resourceVersion", current.path("metadata").path("resourceVersion").asText());
        }
      }
      var decision = admission.admit(cr, next, current, query);
      if (decision.refusal() != null) {
        return decision.refusal();
      }
      MockResponse r = super.dispatch(request(method, target, decision.object()));
      if (r.code() != 409 || request.method() != HttpMethod.PATCH || attempt >= 5) {
        return CustomResourceAdmission.withWarnings(json(r), decision.warnings());
      }
    }
  }

  private static boolean isSecret(String bare) {
    return bare.matches("^/api/v1/namespaces/[^/]+/secrets(/[^/]+)?$");
  }

  /** As the API server does: a Secret's {@code stringData} is stored base64-encoded in data. */
  private static RecordedRequest withSecretData(RecordedRequest request) throws Exception {
    JsonNode secret = JSON.readTree(request.getBody().getBytes());
    JsonNode strings = secret.path("stringData");
    if (!strings.isObject()) {
      return request;
    }
    ObjectNode data =
        secret.path("data").isObject()
            ? (ObjectNode) secret.path("data")
            : ((ObjectNode) secret).putObject("data");
    strings
        .fields()
        .forEachRemaining(
            e ->
                data.put(
                    e.getKey(),
                    java.util.Base64.getEncoder()
                        .encodeToString(
                            e.getValue()
                                .asText()
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    ((ObjectNode) secret).remove("stringData");
    return request(request.method(), request.getPath(), secret);
  }

  private static RecordedRequest request(HttpMethod method, String path, JsonNode body)
      throws Exception {
    Headers headers = Headers.builder().add("Content-Type", "application/json").build();
    return new RecordedRequest(
        "HTTP/1.1", method, path, headers, new Buffer(JSON.writeValueAsBytes(body)));
  }

  private static MockResponse json(MockResponse r) {
    if (r.code() == 404 && (r.getBody() == null || r.getBody().size() == 0)) {
      return status(404, "NotFound", "the server could not find the requested resource");
    }
    if (r.getWebSocketListener() == null && r.header("Content-Type") == null) {
      r.setHeader("Content-Type", "application/json");
    }
    return r;
  }

  static MockResponse status(int code, String reason, String message) {
    ObjectNode s = JSON.createObjectNode();
    s.put("kind", "Status").put("apiVersion", "v1").put("status", "Failure");
    s.put("message", message).put("reason", reason).put("code", code);
    s.putObject("metadata");
    return new MockResponse()
        .setResponseCode(code)
        .setHeader("Content-Type", "application/json")
        .setBody(s.toString());
  }
}
