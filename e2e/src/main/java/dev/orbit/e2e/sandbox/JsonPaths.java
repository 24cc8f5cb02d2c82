package dev.orbit.e2e.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSONPath subset CRD printer columns use: {@code .a.b} and a filter {@code
 * .list[?(@.key=="value")].field}.
 */
final class JsonPaths {
  private static final Pattern FILTER =
      Pattern.compile("([^\\[]*)\\[\\?\\(@\\.([\\w]+)==\"([^\"]*)\"\\)\\](.*)");

  private JsonPaths() {}

  static JsonNode eval(JsonNode root, String path) {
    Matcher m = FILTER.matcher(path);
    if (m.matches()) {
      JsonNode list = dotted(root, m.group(1));
      for (JsonNode item : list) {
        if (m.group(3).equals(item.path(m.group(2)).asText())) {
          return dotted(item, m.group(4));
        }
      }
      return MissingNode.getInstance();
    }
    return dotted(root, path);
  }

  private static JsonNode dotted(JsonNode node, String path) {
    for (String part : path.split("\\.")) {
      if (!part.isEmpty()) {
        node = node.path(part);
      }
    }
    return node;
  }
}
