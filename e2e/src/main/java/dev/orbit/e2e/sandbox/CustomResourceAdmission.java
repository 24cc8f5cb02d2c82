package dev.orbit.e2e.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Admission of custom resources (not their status) as a real API server does it, from the CRD of
 * their kind: unknown fields are dropped with a {@code Warning} header each ({@code
 * fieldValidation=Warn}, the default), refused ({@code Strict}, as {@code kubectl apply} asks by
 * default) or dropped silently ({@code Ignore}); then defaults, the schema and the CEL rules; a
 * manifest that breaks one is refused with 422 Invalid and the rule's message.
 */
final class CustomResourceAdmission {
  private static final ObjectMapper JSON = Serialization.jsonMapper();
  private static final Pattern PATH =
      Pattern.compile("^/apis/([^/]+)/([^/]+)/(?:namespaces/[^/]+/)?([^/]+)(?:/([^/]+))?$");

  private final Discovery discovery;

  /** The outcome: the object to store and warnings, or the response that refuses it. */
  record Decision(ObjectNode object, List<String> warnings, MockResponse refusal) {}

  CustomResourceAdmission(Discovery discovery) {
    this.discovery = discovery;
  }

  /** The CRD schema of a custom resource path (not a subresource), or null for other paths. */
  Target target(String bare) {
    Matcher m = PATH.matcher(bare);
    if (!m.matches()) {
      return null;
    }
    for (JsonNode crd : discovery.crds()) {
      JsonNode spec = crd.path("spec");
      if (spec.path("group").asText().equals(m.group(1))
          && spec.path("names").path("plural").asText().equals(m.group(3))) {
        CrdSchema schema = CrdSchema.of(crd, m.group(2));
        return schema == null
            ? null
            : new Target(schema, spec.path("names").path("kind").asText(), m.group(1));
      }
    }
    return null;
  }

  /** A custom resource kind's schema, kind and group. */
  record Target(CrdSchema schema, String kind, String group) {}

  /**
   * Admits {@code object} for storing; {@code old} is the stored version on an update, {@code
   * query} the request's query string (for {@code fieldValidation}).
   */
  Decision admit(Target target, ObjectNode object, JsonNode old, String query) {
    var result = target.schema().admit(object, old);
    String name = object.path("metadata").path("name").asText("");
    String validation = fieldValidation(query);
    if (!result.unknownFields().isEmpty() && validation.equals("Strict")) {
      var fields = result.unknownFields().stream().map(f -> "unknown field \"" + f + "\"").toList();
      return new Decision(
          null,
          List.of(),
          SandboxDispatcher.status(
              400,
              "BadRequest",
              target.kind()
                  + " in version \""
                  + object.path("apiVersion").asText().replaceFirst("^.*/", "")
                  + "\" cannot be handled as a "
                  + target.kind()
                  + ": strict decoding error: "
                  + String.join(", ", fields)));
    }
    if (!result.errors().isEmpty()) {
      String qualified = target.kind() + "." + target.group() + " \"" + name + "\" is invalid: ";
      String list =
          result.errors().size() == 1
              ? result.errors().get(0)
              : "[" + String.join(", ", result.errors()) + "]";
      MockResponse refusal = SandboxDispatcher.status(422, "Invalid", qualified + list);
      ObjectNode status = (ObjectNode) Yaml.read(refusal.getBody().readUtf8());
      ObjectNode details = status.putObject("details");
      details.put("name", name).put("group", target.group()).put("kind", target.kind());
      details.set("causes", CrdSchema.causes(result.errors(), JSON));
      refusal.setBody(status.toString());
      return new Decision(null, List.of(), refusal);
    }
    var warnings =
        validation.equals("Ignore")
            ? List.<String>of()
            : result.unknownFields().stream().map(f -> "unknown field \"" + f + "\"").toList();
    return new Decision(result.object(), warnings, null);
  }

  /** Adds one {@code Warning} header per warning, as kubectl prints them. */
  static MockResponse withWarnings(MockResponse response, List<String> warnings) {
    for (String w : warnings) {
      response.addHeader("Warning", "299 - \"" + w.replace("\"", "\\\"") + "\"");
    }
    return response;
  }

  private static String fieldValidation(String query) {
    if (query != null) {
      for (String p : query.split("&")) {
        if (p.startsWith("fieldValidation=")) {
          return p.substring("fieldValidation=".length());
        }
      }
    }
    return "Warn";
  }
}
