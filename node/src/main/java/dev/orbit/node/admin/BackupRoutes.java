package dev.orbit.node.admin;

import dev.orbit.node.Node;
import dev.orbit.node.backup.BackupException;
import dev.orbit.node.backup.BackupService;
import dev.orbit.node.backup.BackupTarget;
import java.util.Map;

/** {@code POST /v1/backups} (make a backup) and {@code GET /v1/backups?target=} (list them). */
final class BackupRoutes {
  private final Node node;
  private final BackupRoots roots;

  BackupRoutes(Node node) {
    this.node = node;
    this.roots = new BackupRoots(node.config());
  }

  AdminResponse create(AdminRequest r) {
    BackupTarget target = target(r.json().path("target").asText(null));
    try {
      return AdminResponse.json(201, node.backups().create(target));
    } catch (BackupException e) {
      throw new AdminException(400, e.getMessage());
    }
  }

  AdminResponse list(AdminRequest r) {
    BackupTarget target = target(r.query("target"));
    try {
      return AdminResponse.json(200, Map.of("backups", BackupService.list(target)));
    } catch (BackupException e) {
      throw new AdminException(400, e.getMessage());
    }
  }

  private BackupTarget target(String text) {
    BackupTarget t;
    try {
      t = BackupTarget.parse(text);
    } catch (BackupException e) {
      throw new AdminException(400, e.getMessage());
    }
    roots.check(t);
    return t;
  }
}
