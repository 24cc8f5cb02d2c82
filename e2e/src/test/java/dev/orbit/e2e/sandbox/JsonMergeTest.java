package dev.orbit.e2e.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The RFC 7386 merge the sandbox applies for merge, strategic and apply patches. */
class JsonMergeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void mergesObjectsReplacesListsAndRemovesNulls() throws Exception {
    var target = JSON.readTree("{\"a\":{\"b\":1,\"c\":2},\"l\":[1,2],\"gone\":true}");
    var patch = JSON.readTree("{\"a\":{\"c\":3,\"d\":4},\"l\":[9],\"gone\":null}");
    assertEquals(
        JSON.readTree("{\"a\":{\"b\":1,\"c\":3,\"d\":4},\"l\":[9]}"),
        JsonMerge.merge(target, patch));
  }

  @Test
  void printerColumnPathsFindConditionsByType() throws Exception {
    var o =
        JSON.readTree(
            "{\"status\":{\"readyReplicas\":2,\"conditions\":[{\"type\":\"Progressing\",\"status\":\"False\"},{\"type\":\"Ready\",\"status\":\"True\"}]}}");
    assertEquals(
        "True", JsonPaths.eval(o, ".status.conditions[?(@.type==\"Ready\")].status").asText());
    assertEquals(2, JsonPaths.eval(o, ".status.readyReplicas").asInt());
    assertEquals(
        true, JsonPaths.eval(o, ".status.conditions[?(@.type==\"Gone\")].status").isMissingNode());
  }
}
