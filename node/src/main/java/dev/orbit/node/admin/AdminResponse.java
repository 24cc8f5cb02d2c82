package dev.orbit.node.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The answer to an admin request: status, content type and body. */
public record AdminResponse(int status, String contentType, byte[] body) {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";

  public static AdminResponse text(int status, String body) {
    return new AdminResponse(status, TEXT, body.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code body} as pretty-printed JSON. */
  public static AdminResponse json(int status, Object body) {
    try {
      return new AdminResponse(
          status,
          "application/json",
          JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
    }
  }

  /** {@code {"error": message}}. */
  public static AdminResponse error(int status, String message) {
    return json(status, Map.of("error", String.valueOf(message)));
  }
}
