package dev.orbit.operator.dependent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares an object as the operator wants it with the object as the API server has it, on the
 * fields the operator sets: every field of the desired object must be there with the same value,
 * while fields only the actual object has (what the API server defaults or assigns: a cluster IP, a
 * probe's success threshold) are left alone. Quantities compare by amount ({@code 1000m} is {@code
 * 1}), labels and annotations may have more keys than ours, and maps whose every key matters
 * (selectors, ConfigMap data, node selectors) must have exactly our keys. Empty desired lists and
 * maps match absent ones (the API server drops them).
 */
final class OwnedFields {
  private static final ObjectMapper JSON = Serialization.jsonMapper();

  /** Maps (by path, list indexes as {@code []}) whose extra keys are drift, not defaults. */
  static final Set<String> EXACT_MAPS =
      Set.of(
          "spec.selector",
          "spec.selector.matchLabels",
          "spec.template.spec.nodeSelector",
          "data",
          "binaryData");

  private OwnedFields() {}

  /** The paths where {@code actual} differs from {@code desired}; empty when it matches. */
  static List<String> drift(HasMetadata desired, HasMetadata actual) {
    JsonNode want = JSON.valueToTree(desired);
    JsonNode have = JSON.valueToTree(actual);
    var out = new ArrayList<String>();
    compare(
        want.path("metadata").path("labels"),
        have.path("metadata").path("labels"),
        "metadata.labels",
        out);
    compare(
        want.path("metadata").path("annotations"),
        have.path("metadata").path("annotations"),
        "metadata.annotations",
        out);
    for (Iterator<Map.Entry<String, JsonNode>> it = want.fields(); it.hasNext(); ) {
      var e = it.next();
      if (!Set.of("metadata", "status", "apiVersion", "kind").contains(e.getKey())) {
        compare(e.getValue(), have.path(e.getKey()), e.getKey(), out);
      }
    }
    return out;
  }

  private static void compare(JsonNode want, JsonNode have, String path, List<String> out) {
    if (want == null || want.isNull() || want.isMissingNode()) {
      return;
    }
    if (want.isObject()) {
      if (want.isEmpty() && (have.isMissingNode() || have.isNull())) {
        return;
      }
      if (!have.isObject()) {
        out.add(path);
        return;
      }
      if (EXACT_MAPS.contains(path.replaceAll("\\[\\d+]", "[]"))) {
        for (Iterator<String> keys = have.fieldNames(); keys.hasNext(); ) {
          String k = keys.next();
          if (!want.has(k)) {
            out.add(path + "." + k);
          }
        }
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = want.fields(); it.hasNext(); ) {
        var e = it.next();
        compare(e.getValue(), have.path(e.getKey()), path + "." + e.getKey(), out);
      }
      return;
    }
    if (want.isArray()) {
      if (want.isEmpty() && (have.isMissingNode() || have.isNull() || have.isEmpty())) {
        return;
      }
      if (!have.isArray() || have.size() != want.size()) {
        out.add(path);
        return;
      }
      for (int i = 0; i < want.size(); i++) {
        compare(want.get(i), have.get(i), path + "[" + i + "]", out);
      }
      return;
    }
    if (!sameScalar(want, have)) {
      out.add(path);
    }
  }

  private static boolean sameScalar(JsonNode want, JsonNode have) {
    if (have.isMissingNode() || have.isNull()) {
      return false;
    }
    if (want.equals(have)) {
      return true;
    }
    if (want.isNumber() && have.isNumber()) {
      return want.decimalValue().compareTo(have.decimalValue()) == 0;
    }
    // quantities the API server writes in its canonical form (1000m -> 1, 1024Mi -> 1Gi)
    BigDecimal a = amount(want.asText());
    BigDecimal b = amount(have.asText());
    return a != null && b != null && a.compareTo(b) == 0;
  }

  private static BigDecimal amount(String text) {
    if (text.isEmpty() || !Character.isDigit(text.charAt(0)) && text.charAt(0) != '.') {
      return null;
    }
    try {
      return Quantity.getAmountInBytes(new Quantity(text));
    } catch (RuntimeException e) {
      return null;
    }
  }
}
