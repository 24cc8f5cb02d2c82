package dev.orbit.node.backup;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which cluster a backup target belongs to: {@code owner.json} at its root names the uid of the
 * cluster whose backups and log archive it holds. A node writes (a backup, an archive pass) only
 * into a target of its own cluster, and claims a target that has no owner yet; a restore of a
 * backup another cluster took must name that cluster.
 */
public final class TargetOwner {
  public static final String KEY = "owner.json";

  private TargetOwner() {}

  /** The uid {@code owner.json} names, or null when the target has none. */
  public static String of(ObjectStore store) {
    byte[] b = store.get(KEY);
    if (b == null) {
      return null;
    }
    try {
      JsonNode n = BackupCatalog.JSON.readTree(b);
      return n.path("clusterUid").asText(null);
    } catch (IOException e) {
      throw new BackupException(
          "cannot read " + store.describe() + "/" + KEY + ": " + e.getMessage(), e);
    }
  }

  /**
   * Refuses writing into {@code store} unless it belongs to cluster {@code uid}; claims it when it
   * has no owner and no backup of another cluster. A node without a cluster uid (standalone)
   * neither checks nor claims.
   */
  public static void claim(ObjectStore store, String uid, Instant now) {
    if (uid == null) {
      return;
    }
    String owner = of(store);
    if (owner == null) {
      // a target written before owner.json existed: its backups name their cluster
      for (BackupManifest m : new BackupCatalog(store).list()) {
        if (m.clusterUid() != null && !m.clusterUid().equals(uid)) {
          throw refused(store, m.clusterUid() + " (backup " + m.id() + ")", uid);
        }
      }
      Map<String, String> body = new LinkedHashMap<>();
      body.put("clusterUid", uid);
      body.put("claimedAt", now.toString());
      try {
        store.put(KEY, BackupCatalog.JSON.writeValueAsBytes(body));
      } catch (IOException e) {
        throw new BackupException("cannot write " + KEY + ": " + e.getMessage(), e);
      }
    } else if (!owner.equals(uid)) {
      throw refused(store, owner, uid);
    }
  }

  private static BackupException refused(ObjectStore store, String owner, String uid) {
    return new BackupException(
        "backup target "
            + store.describe()
            + " belongs to cluster "
            + owner
            + ", not to this node's cluster "
            + uid
            + ": a cluster writes only into a target of its own; give this cluster another target"
            + " (another prefix, or bucket)");
  }

  /**
   * Refuses restoring backup {@code m} of {@code where} into cluster {@code uid} when another
   * cluster took it, unless {@code fromCluster} names that cluster. Nothing is checked when the
   * backup or the restoring node records no cluster.
   */
  public static void checkRestore(BackupManifest m, String where, String uid, String fromCluster) {
    String source = m.clusterUid();
    if (fromCluster != null && source != null && !fromCluster.equals(source)) {
      throw new BackupException(
          "backup "
              + m.id()
              + " in "
              + where
              + " belongs to cluster "
              + source
              + ", not to cluster "
              + fromCluster
              + " named to restore from");
    }
    if (source == null || uid == null || source.equals(uid) || source.equals(fromCluster)) {
      return;
    }
    throw new BackupException(
        "backup "
            + m.id()
            + " in "
            + where
            + " belongs to cluster "
            + source
            + ", not to this cluster "
            + uid
            + ": to restore another cluster's backup, name it (orbit-node restore --from-cluster "
            + source
            + ", or spec.bootstrap.fromBackup.clusterUid)");
  }
}
