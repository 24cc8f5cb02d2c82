package dev.orbit.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** A list of paths written as a YAML list or, from env and {@code --set}, as "a,b,c". */
final class PathListDeserializer extends JsonDeserializer<List<String>> {
  @Override
  public List<String> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    List<String> out = new ArrayList<>();
    if (p.currentToken() == JsonToken.START_ARRAY) {
      while (p.nextToken() != JsonToken.END_ARRAY) {
        add(out, p.getValueAsString());
      }
      return out;
    }
    String text = p.getValueAsString();
    if (text != null) {
      for (String part : text.split(",")) {
        add(out, part);
      }
    }
    return out;
  }

  private static void add(List<String> out, String s) {
    if (s != null && !s.isBlank()) {
      out.add(s.trim());
    }
  }
}
