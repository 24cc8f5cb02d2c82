package dev.orbit.node.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbit.node.Node;
import dev.orbit.node.replication.Membership;
import java.util.Map;

/**
 * The {@code /v1/replication} routes the operator uses: hand the leadership to another member
 * (switchover, rolling updates) and add or remove members (scaling). Thin: the logic is {@link
 * Membership}'s. Each answer lists, per protocol, what happened; 409 when some group could not.
 */
final class ReplicationRoutes {
  private final Membership membership;

  ReplicationRoutes(Node node) {
    this.membership = new Membership(node.storage().replication());
  }

  /** {@code POST /v1/replication/leader {"to": id, "timeoutMillis": n}}. */
  AdminResponse transfer(AdminRequest r) {
    JsonNode body = r.json();
    String to = required(body, "to");
    long timeout = body.path("timeoutMillis").asLong(10_000);
    return answer(membership.transferLeadership(to, timeout));
  }

  /** {@code POST /v1/replication/members {"id": id, "address": "host:port"}}. */
  AdminResponse add(AdminRequest r) {
    JsonNode body = r.json();
    return answer(membership.add(required(body, "id"), required(body, "address")));
  }

  /** {@code DELETE /v1/replication/members/{id}}. */
  AdminResponse remove(AdminRequest r) {
    return answer(membership.remove(r.param("id")));
  }

  private static String required(JsonNode body, String field) {
    String v = body.path(field).asText("");
    if (v.isBlank()) {
      throw new AdminException(400, "field '" + field + "' is required");
    }
    return v;
  }

  private static AdminResponse answer(Map<String, Membership.Outcome> outcomes) {
    boolean ok = outcomes.values().stream().allMatch(Membership.Outcome::ok);
    return AdminResponse.json(ok ? 200 : 409, Map.of("ok", ok, "groups", outcomes));
  }
}
