package dev.orbit.node.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.Map;

/**
 * One admin request, complete: method, path, the values of the route's {@code {name}} segments, the
 * query parameters, the body and the client's address.
 */
public record AdminRequest(
    String method,
    String path,
    Map<String, String> params,
    Map<String, String> query,
    byte[] body,
    SocketAddress remote) {

  /** The value of path segment {@code {name}}. */
  public String param(String name) {
    return params.get(name);
  }

  /** A query parameter, or null. */
  public String query(String name) {
    return query.get(name);
  }

  /** The body as a JSON object; anything else is a 400. */
  public JsonNode json() {
    try {
      JsonNode n = AdminResponse.JSON.readTree(body);
      if (n == null || !n.isObject()) {
        throw new AdminException(400, "request body must be a JSON object");
      }
      return n;
    } catch (IOException e) {
      throw new AdminException(400, "request body is not JSON: " + e.getMessage());
    }
  }
}
