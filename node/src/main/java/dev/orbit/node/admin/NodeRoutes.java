package dev.orbit.node.admin;

import dev.orbit.node.Node;
import java.util.List;

/**
 * Every endpoint of the node's admin API, in one place. Add an endpoint with one line here and its
 * logic in a class of your area.
 */
final class NodeRoutes {
  private NodeRoutes() {}

  static AdminRoutes of(Node node) {
    BackupRoutes backups = new BackupRoutes(node);
    ReplicationRoutes replication = new ReplicationRoutes(node);
    return new AdminRoutes()
        .add("GET", "/livez", AdminRoutes.Access.OPEN, AdminRoutes.Lane.LOOP, r -> live(node))
        .add("GET", "/readyz", AdminRoutes.Access.OPEN, AdminRoutes.Lane.LOOP, r -> ready(node))
        .add(
            "GET",
            "/metrics",
            AdminRoutes.Access.OPEN,
            AdminRoutes.Lane.HEALTH,
            r -> AdminResponse.text(200, node.metrics().render(node.storage())))
        .get("/v1/status", r -> AdminResponse.json(200, NodeStatus.of(node)))
        .post("/v1/backups", backups::create)
        .get("/v1/backups", backups::list)
        .post("/v1/backups/verify", backups::verify)
        .get("/v1/backups/verify/{id}", backups::verification)
        .get("/v1/backups/{id}", backups::progress)
        .delete("/v1/backups/{id}", backups::delete)
        .post("/v1/replication/leader", replication::transfer)
        .post("/v1/replication/members", replication::add)
        .delete("/v1/replication/members/{id}", replication::remove)
        .post("/v1/replication/snapshots/{protocol}", replication::takeSnapshot)
        .get(
            "/v1/replication/snapshots/{protocol}/{index}/{part}/{file}",
            replication::readSnapshot);
  }

  private static AdminResponse live(Node node) {
    List<String> problems = node.livenessProblems();
    return problems.isEmpty()
        ? AdminResponse.text(200, "ok\n")
        : AdminResponse.text(503, String.join("\n", problems) + "\n");
  }

  private static AdminResponse ready(Node node) {
    List<String> problems = node.readinessProblems();
    return problems.isEmpty()
        ? AdminResponse.text(200, "ok\n")
        : AdminResponse.text(503, "not ready: " + String.join("; ", problems) + "\n");
  }
}
