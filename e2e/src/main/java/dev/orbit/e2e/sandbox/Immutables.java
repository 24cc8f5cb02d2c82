package dev.orbit.e2e.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ConfigMaps and Secrets marked {@code immutable: true}, as the API server keeps them: their data
 * cannot change, and they cannot be made mutable again (they can only be deleted).
 */
final class Immutables {
  private static final Pattern PATH =
      Pattern.compile("^/api/v1/namespaces/[^/]+/(configmaps|secrets)/([^/]+)$");

  private Immutables() {}

  /** Whether writes to this path are checked. */
  static boolean applies(String bare) {
    return PATH.matcher(bare).matches();
  }

  /** Why {@code next} may not replace {@code stored}, or null when it may. */
  static String refusal(String bare, JsonNode stored, JsonNode next) {
    Matcher m = PATH.matcher(bare);
    if (!m.matches() || stored == null || !stored.path("immutable").asBoolean(false)) {
      return null;
    }
    String kind = m.group(1).equals("configmaps") ? "ConfigMap" : "Secret";
    String what = kind + " \"" + m.group(2) + "\" is invalid: ";
    if (!next.path("immutable").asBoolean(false)) {
      return what + "immutable: Forbidden: field is immutable when `immutable` is set";
    }
    for (String field : List.of("data", "binaryData")) {
      if (!stored.path(field).equals(next.path(field))) {
        return what + field + ": Forbidden: field is immutable when `immutable` is set";
      }
    }
    return null;
  }
}
