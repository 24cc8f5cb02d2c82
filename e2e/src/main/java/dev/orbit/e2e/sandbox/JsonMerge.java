package dev.orbit.e2e.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * The JSON merge patch (RFC 7386) the sandbox applies for merge, strategic merge and apply patches:
 * objects merge, lists are replaced, nulls remove; strategic directives ({@code $patch} …) are
 * dropped first.
 */
final class JsonMerge {
  private JsonMerge() {}

  static JsonNode merge(JsonNode target, JsonNode patch) {
    if (!patch.isObject() || !target.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode t = (ObjectNode) target;
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      var e = it.next();
      if (e.getValue().isNull()) {
        t.remove(e.getKey());
      } else if (t.has(e.getKey())) {
        t.set(e.getKey(), merge(t.get(e.getKey()), e.getValue()));
      } else {
        t.set(e.getKey(), e.getValue().deepCopy());
      }
    }
    return t;
  }

  static void stripDirectives(JsonNode node) {
    if (node.isObject()) {
      ((ObjectNode) node)
          .remove(iterable(node.fieldNames()).stream().filter(n -> n.startsWith("$")).toList());
      node.forEach(JsonMerge::stripDirectives);
    } else if (node.isArray()) {
      node.forEach(JsonMerge::stripDirectives);
    }
  }

  private static java.util.List<String> iterable(Iterator<String> it) {
    var list = new java.util.ArrayList<String>();
    it.forEachRemaining(list::add);
    return list;
  }
}
