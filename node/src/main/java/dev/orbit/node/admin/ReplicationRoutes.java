package dev.orbit.node.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbit.node.Node;
import dev.orbit.node.replication.Membership;
import dev.orbit.node.replication.Replication;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Map;

/**
 * The {@code /v1/replication} routes the operator uses: hand the leadership to another member
 * (switchover, rolling updates) and add or remove members (scaling). Thin: the logic is {@link
 * Membership}'s. Each answer lists, per protocol, what happened; 409 when some group could not.
 */
final class ReplicationRoutes {
  private final Membership membership;
  private final Replication replication;

  ReplicationRoutes(Node node) {
    this.replication = node.storage().replication();
    this.membership = new Membership(replication);
  }

  /**
   * {@code POST /v1/replication/snapshots/{protocol}}: a checkpoint of the store for a member
   * behind the purged log: term, index and files (part, name, size, CRC32C).
   */
  AdminResponse takeSnapshot(AdminRequest r) {
    return AdminResponse.json(200, replication.takeSnapshot(r.param("protocol")));
  }

  /**
   * {@code GET /v1/replication/snapshots/{protocol}/{index}/{part}/{file}?offset=n}: up to 4 MiB of
   * one checkpoint file from {@code offset} (empty at its end); 404 once the checkpoint is gone.
   */
  AdminResponse readSnapshot(AdminRequest r) {
    long index = number(r.param("index"), "index");
    String off = r.query("offset");
    long offset = off == null ? 0 : number(off, "offset");
    try {
      return new AdminResponse(
          200,
          "application/octet-stream",
          replication.readSnapshot(
              r.param("protocol"), index, r.param("part"), r.param("file"), offset));
    } catch (NoSuchFileException e) {
      throw new AdminException(404, "no such snapshot file (a newer one replaced it): " + r.path());
    } catch (IOException e) {
      throw new AdminException(500, "cannot read " + r.path() + ": " + e.getMessage());
    }
  }

  private static long number(String s, String what) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new AdminException(400, what + " must be a number, got '" + s + "'");
    }
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
