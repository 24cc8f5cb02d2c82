package dev.orbit.node.backup;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbit.config.NodeConfig;
import java.time.Instant;
import java.util.Map;

/**
 * The {@code /v1/backups} routes of the admin API, independent of the HTTP server: the server
 * passes method, path, query and body and sends the reply.
 *
 * <ul>
 *   <li>{@code POST /v1/backups {"target": URI, "wait": true}}: 201 and the manifest; with {@code
 *       "wait": false}, 202 and the progress at once; 409 while another backup runs
 *   <li>{@code GET /v1/backups?target=URI}: the complete backups in a target
 *   <li>{@code GET /v1/backups/<id>}: progress of a backup this node took since it started
 *   <li>{@code DELETE /v1/backups/<id>?target=URI}: deletes a backup and the files only it used
 *   <li>{@code POST /v1/backups/verify {"target": URI, "id": ID}}: 202, starts verifying that
 *       backup (the newest without id); {@code GET /v1/backups/verify/<vid>}: its outcome
 * </ul>
 */
public final class BackupRoutes {
  private static final String BASE = "/v1/backups";

  private final BackupService service;
  private final NodeConfig.Backup settings;

  public BackupRoutes(BackupService service, NodeConfig.Backup settings) {
    this.service = service;
    this.settings = settings;
  }

  /** An HTTP status and a body to send as JSON. */
  public record Reply(int status, Object body) {}

  public Reply handle(String method, String path, Map<String, String> query, JsonNode body) {
    String rest = path.length() > BASE.length() ? path.substring(BASE.length() + 1) : "";
    try {
      if (rest.isEmpty()) {
        return switch (method) {
          case "POST" -> create(body);
          case "GET" -> {
            try (ObjectStore s = BackupTarget.parse(query.get("target")).open(settings)) {
              yield new Reply(200, Map.of("backups", new BackupCatalog(s).list()));
            }
          }
          default -> error(405, "use GET or POST");
        };
      }
      if (rest.equals("verify") && method.equals("POST")) {
        BackupTarget target = BackupTarget.parse(body.path("target").asText(null));
        return new Reply(202, service.verifications().start(target, body.path("id").asText(null)));
      }
      if (rest.startsWith("verify/") && method.equals("GET")) {
        Verifications.Result r = service.verifications().get(rest.substring("verify/".length()));
        return r == null
            ? error(404, "no verification '" + rest + "' on this node")
            : new Reply(200, r);
      }
      return switch (method) {
        case "GET" -> {
          BackupProgress p = service.progress(rest);
          yield p == null
              ? error(404, "no backup '" + rest + "' was taken by this node since it started")
              : new Reply(200, p.view());
        }
        case "DELETE" -> {
          try (ObjectStore s = BackupTarget.parse(query.get("target")).open(settings)) {
            int removed = new BackupCatalog(s).delete(rest, Instant.now());
            yield new Reply(200, Map.of("id", rest, "objectsRemoved", removed));
          }
        }
        default -> error(405, "use GET or DELETE");
      };
    } catch (BackupService.BackupBusyException e) {
      return error(409, e.getMessage());
    } catch (BackupException e) {
      return error(400, e.getMessage());
    }
  }

  private Reply create(JsonNode body) {
    BackupTarget target = BackupTarget.parse(body.path("target").asText(null));
    if (body.path("wait").asBoolean(true)) {
      return new Reply(201, service.create(target));
    }
    return new Reply(202, service.start(target).view());
  }

  private static Reply error(int status, String message) {
    return new Reply(status, Map.of("error", String.valueOf(message)));
  }
}
