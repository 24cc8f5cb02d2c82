package dev.orbit.e2e.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Reads YAML or JSON (JSON is YAML) into a tree. */
final class Yaml {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Yaml() {}

  static JsonNode read(String text) {
    try {
      return YAML.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("not YAML or JSON: " + e.getMessage(), e);
    }
  }
}
