package dev.orbit.e2e.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the API server does with a custom resource before it stores it, from the CRD version's
 * structural schema: drops fields the schema does not know (each named in a warning), applies
 * defaults, checks types, required fields, enums, patterns, bounds and lengths, and then the CEL
 * rules ({@code x-kubernetes-validations}). Messages read as the API server writes them.
 */
final class CrdSchema {
  private final JsonNode root;

  /** What admission found: the object as it would be stored, warnings, and errors. */
  record Result(ObjectNode object, List<String> unknownFields, List<String> errors) {}

  CrdSchema(JsonNode openApiV3Schema) {
    this.root = openApiV3Schema;
  }

  /** The schema of one version of a stored CRD, or null when it has none. */
  static CrdSchema of(JsonNode crd, String version) {
    for (JsonNode v : crd.path("spec").path("versions")) {
      if (v.path("name").asText().equals(version)) {
        JsonNode schema = v.path("schema").path("openAPIV3Schema");
        return schema.isObject() ? new CrdSchema(schema) : null;
      }
    }
    return null;
  }

  /**
   * Admits {@code object} (changed in place: pruned and defaulted); {@code old} is the stored
   * object on an update, else null.
   */
  Result admit(ObjectNode object, JsonNode old) {
    var unknown = new ArrayList<String>();
    var errors = new ArrayList<String>();
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      var e = it.next();
      String key = e.getKey();
      if (key.equals("apiVersion") || key.equals("kind") || key.equals("metadata")) {
        continue;
      }
      JsonNode schema = root.path("properties").path(key);
      if (schema.isMissingNode()) {
        unknown.add(key);
        it.remove();
      } else {
        walk(e.getValue(), schema, old == null ? null : old.get(key), key, unknown, errors);
      }
    }
    if (errors.isEmpty()) {
      rules(object, root, old, "", errors);
    }
    return new Result(object, unknown, errors);
  }

  private void walk(
      JsonNode value,
      JsonNode schema,
      JsonNode old,
      String path,
      List<String> unknown,
      List<String> errors) {
    if (value.isNull()) {
      if (!schema.path("nullable").asBoolean(false)) {
        errors.add(
            path
                + ": Invalid value: \"null\": "
                + path
                + " in body must be of type "
                + type(schema));
      }
      return;
    }
    int before = errors.size();
    checkType(value, schema, path, errors);
    if (errors.size() > before) {
      return;
    }
    if (value.isObject()) {
      walkObject((ObjectNode) value, schema, old, path, unknown, errors);
    } else if (value.isArray()) {
      JsonNode items = schema.path("items");
      int i = 0;
      for (JsonNode item : value) {
        if (items.isObject()) {
          walk(item, items, null, path + "[" + i + "]", unknown, errors);
        }
        i++;
      }
    } else {
      checkScalar(value, schema, path, errors);
    }
    if (errors.size() == before) {
      rules(value, schema, old, path, errors);
    }
  }

  private void walkObject(
      ObjectNode value,
      JsonNode schema,
      JsonNode old,
      String path,
      List<String> unknown,
      List<String> errors) {
    JsonNode props = schema.path("properties");
    JsonNode additional = schema.path("additionalProperties");
    boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      var e = it.next();
      String child = path + "." + e.getKey();
      JsonNode oldChild = old == null ? null : old.get(e.getKey());
      if (props.has(e.getKey())) {
        walk(e.getValue(), props.get(e.getKey()), oldChild, child, unknown, errors);
      } else if (additional.isObject()) {
        walk(e.getValue(), additional, oldChild, child, unknown, errors);
      } else if (!preserve && !additional.asBoolean(false)) {
        unknown.add(child);
        it.remove();
      }
    }
    // defaults for absent properties, as the API server applies them
    for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
      var p = it.next();
      if (!value.has(p.getKey()) && p.getValue().has("default")) {
        value.set(p.getKey(), p.getValue().get("default").deepCopy());
      }
    }
    for (JsonNode required : schema.path("required")) {
      if (!value.has(required.asText())) {
        errors.add(path + "." + required.asText() + ": Required value");
      }
    }
  }

  private static void checkType(JsonNode value, JsonNode schema, String path, List<String> errors) {
    if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
      if (!value.isIntegralNumber() && !value.isTextual()) {
        errors.add(
            path
                + ": Invalid value: \""
                + kind(value)
                + "\": "
                + path
                + " in body must be of type integer or string");
      }
      return;
    }
    String type = schema.path("type").asText("");
    boolean ok =
        switch (type) {
          case "object" -> value.isObject();
          case "array" -> value.isArray();
          case "string" -> value.isTextual();
          case "integer" -> value.isIntegralNumber();
          case "number" -> value.isNumber();
          case "boolean" -> value.isBoolean();
          default -> true;
        };
    if (!ok) {
      errors.add(
          path
              + ": Invalid value: \""
              + kind(value)
              + "\": "
              + path
              + " in body must be of type "
              + type
              + ": \""
              + kind(value)
              + "\"");
    }
  }

  private static void checkScalar(
      JsonNode value, JsonNode schema, String path, List<String> errors) {
    String shown = value.isTextual() ? "\"" + value.asText() + "\"" : value.toString();
    JsonNode allowed = schema.path("enum");
    if (allowed.isArray() && allowed.size() > 0) {
      boolean in = false;
      var names = new ArrayList<String>();
      for (JsonNode a : allowed) {
        in |= a.equals(value);
        names.add(a.isTextual() ? "\"" + a.asText() + "\"" : a.toString());
      }
      if (!in) {
        errors.add(
            path
                + ": Unsupported value: "
                + shown
                + ": supported values: "
                + String.join(", ", names));
        return;
      }
    }
    if (value.isTextual()) {
      String s = value.asText();
      if (schema.has("pattern")
          && !Pattern.compile(schema.get("pattern").asText()).matcher(s).find()) {
        errors.add(
            path
                + ": Invalid value: "
                + shown
                + ": "
                + path
                + " in body should match '"
                + schema.get("pattern").asText()
                + "'");
      }
      if (schema.has("maxLength") && s.length() > schema.get("maxLength").asInt()) {
        errors.add(
            path
                + ": Too long: may not be more than "
                + schema.get("maxLength").asInt()
                + " bytes");
      }
      if (schema.has("minLength") && s.length() < schema.get("minLength").asInt()) {
        errors.add(
            path
                + ": Invalid value: "
                + shown
                + ": "
                + path
                + " in body should be at least "
                + schema.get("minLength").asInt()
                + " chars long");
      }
    }
    if (value.isNumber()) {
      BigDecimal n = value.decimalValue();
      if (schema.has("minimum") && n.compareTo(schema.get("minimum").decimalValue()) < 0) {
        errors.add(
            path
                + ": Invalid value: "
                + shown
                + ": "
                + path
                + " in body should be greater than or equal to "
                + schema.get("minimum").asText());
      }
      if (schema.has("maximum") && n.compareTo(schema.get("maximum").decimalValue()) > 0) {
        errors.add(
            path
                + ": Invalid value: "
                + shown
                + ": "
                + path
                + " in body should be less than or equal to "
                + schema.get("maximum").asText());
      }
    }
  }

  /** The CEL rules of a schema node, on a value that passed its schema. */
  private static void rules(
      JsonNode value, JsonNode schema, JsonNode old, String path, List<String> errors) {
    JsonNode rules = schema.path("x-kubernetes-validations");
    if (!rules.isArray()) {
      return;
    }
    for (JsonNode r : rules) {
      String rule = r.path("rule").asText();
      if (CelRules.readsOldSelf(rule) && old == null) {
        continue;
      }
      String where =
          (path.isEmpty() ? "" : path + ": ") + "Invalid value: \"" + kind(value) + "\": ";
      try {
        if (!CelRules.holds(rule, value, old)) {
          String message = r.path("message").asText("");
          errors.add(where + (message.isEmpty() ? "failed rule: " + rule : message));
        }
      } catch (IllegalArgumentException e) {
        errors.add(where + "rule " + rule + " failed: " + e.getMessage());
      }
    }
  }

  private static String type(JsonNode schema) {
    return schema.path("type").asText("object");
  }

  private static String kind(JsonNode value) {
    if (value.isObject()) {
      return "object";
    }
    if (value.isArray()) {
      return "array";
    }
    if (value.isTextual()) {
      return "string";
    }
    if (value.isIntegralNumber()) {
      return "integer";
    }
    if (value.isNumber()) {
      return "number";
    }
    if (value.isBoolean()) {
      return "boolean";
    }
    return "null";
  }

  /** An array of the messages, for a Status' causes. */
  static ArrayNode causes(List<String> errors, com.fasterxml.jackson.databind.ObjectMapper json) {
    ArrayNode causes = json.createArrayNode();
    for (String e : errors) {
      // "path: what" as the API server splits it: kubectl prints "field: message"
      int colon = e.indexOf(": ");
      boolean hasField = colon > 0 && !e.startsWith("Invalid value");
      var c = causes.addObject().put("reason", "FieldValueInvalid");
      c.put("message", hasField ? e.substring(colon + 2) : e);
      if (hasField) {
        c.put("field", e.substring(0, colon));
      }
    }
    return causes;
  }
}
