package dev.orbit.node.admin;

import dev.orbit.node.Node;
import dev.orbit.node.backup.BackupCatalog;
import dev.orbit.node.backup.BackupException;
import dev.orbit.node.backup.BackupProgress;
import dev.orbit.node.backup.BackupService;
import dev.orbit.node.backup.BackupTarget;
import dev.orbit.node.backup.ObjectStore;
import dev.orbit.node.backup.Verifications;
import java.time.Instant;
import java.util.Map;

/**
 * The {@code /v1/backups} routes: make a backup (at once or in the background), list, progress,
 * delete, verify. Thin: the work is the backup package's. A {@code file://} target must lie in
 * {@code backup.allowedRoots}.
 */
final class BackupRoutes {
  private final Node node;
  private final BackupRoots roots;

  BackupRoutes(Node node) {
    this.node = node;
    this.roots = new BackupRoots(node.config());
  }

  /** {@code POST /v1/backups {"target": URI, "wait": true}}: 201 + manifest, or 202 + progress. */
  AdminResponse create(AdminRequest r) {
    BackupTarget target = target(r.json().path("target").asText(null));
    return backupCall(
        () ->
            r.json().path("wait").asBoolean(true)
                ? AdminResponse.json(201, node.backups().create(target))
                : AdminResponse.json(202, node.backups().start(target).view()));
  }

  /** {@code GET /v1/backups?target=URI}: the complete backups in a target. */
  AdminResponse list(AdminRequest r) {
    BackupTarget target = target(r.query("target"));
    return backupCall(
        () -> {
          try (ObjectStore s = target.open(node.config().backup)) {
            return AdminResponse.json(200, Map.of("backups", new BackupCatalog(s).list()));
          }
        });
  }

  /** {@code GET /v1/backups/{id}}: progress of a backup this node took since it started. */
  AdminResponse progress(AdminRequest r) {
    BackupProgress p = node.backups().progress(r.param("id"));
    if (p == null) {
      throw new AdminException(
          404, "no backup '" + r.param("id") + "' was taken by this node since it started");
    }
    return AdminResponse.json(200, p.view());
  }

  /** {@code DELETE /v1/backups/{id}?target=URI}: the backup and the files only it used. */
  AdminResponse delete(AdminRequest r) {
    BackupTarget target = target(r.query("target"));
    String id = r.param("id");
    return backupCall(
        () -> {
          try (ObjectStore s = target.open(node.config().backup)) {
            int removed = new BackupCatalog(s).delete(id, Instant.now());
            return AdminResponse.json(200, Map.of("id", id, "objectsRemoved", removed));
          }
        });
  }

  /** {@code POST /v1/backups/verify {"target": URI, "id": ID}}: 202, verification started. */
  AdminResponse verify(AdminRequest r) {
    BackupTarget target = target(r.json().path("target").asText(null));
    String id = r.json().path("id").asText(null);
    return backupCall(
        () -> AdminResponse.json(202, node.backups().verifications().start(target, id)));
  }

  /** {@code GET /v1/backups/verify/{id}}: the outcome of a verification. */
  AdminResponse verification(AdminRequest r) {
    Verifications.Result v = node.backups().verifications().get(r.param("id"));
    if (v == null) {
      throw new AdminException(404, "no verification '" + r.param("id") + "' on this node");
    }
    return AdminResponse.json(200, v);
  }

  private interface Call {
    AdminResponse run();
  }

  /** A refused second backup is 409; any other backup failure 400 with its reason. */
  private static AdminResponse backupCall(Call c) {
    try {
      return c.run();
    } catch (BackupService.BackupBusyException e) {
      throw new AdminException(409, e.getMessage());
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
    if (!t.isS3()) {
      roots.check(t);
    }
    return t;
  }
}
