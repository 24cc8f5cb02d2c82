package dev.orbit.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.ArrayList;
import java.util.List;

/**
 * Backup settings: where the admin API may write {@code file://} backups, how many files travel at
 * once, the multipart part size, and the S3 client of {@code s3://} targets.
 */
public final class BackupSettings {
  public int concurrency = 4;
  public NodeConfig.ByteSize partSize = new NodeConfig.ByteSize(64L << 20);
  public NodeConfig.S3 s3 = new NodeConfig.S3();
  public Archive archive = new Archive();

  /**
   * Folders a backup target given to the admin API must lie in (absolute paths; a YAML list or a
   * comma-separated string). Empty: only {@code <dataDir>/backups}.
   */
  @JsonDeserialize(using = PathListDeserializer.class)
  public List<String> allowedRoots = new ArrayList<>();

  /**
   * The uid of the cluster this node belongs to (the operator sets its OrbitCluster's uid); empty:
   * a standalone node. Backups record it, a target this node writes is claimed for it ({@code
   * owner.json}), and a restore of another cluster's backup must name that cluster.
   */
  public String clusterUid = "";

  /** The cluster uid: {@code archive.clusterUid}, else {@code clusterUid}; null when neither. */
  public String clusterUid() {
    if (archive != null && archive.clusterUid != null && !archive.clusterUid.isBlank()) {
      return archive.clusterUid;
    }
    return clusterUid == null || clusterUid.isBlank() ? null : clusterUid;
  }

  /**
   * Continuous archiving of every store's committed log (point-in-time recovery): the leader of
   * each store uploads entries committed since its last pass to {@code
   * <target>/<clusterUid>/log/<protocol>/} at least every {@code interval}; every member keeps log
   * entries not yet archived (its log is purged behind snapshots only up to the archived index).
   */
  public static final class Archive {
    /** {@code file:///…} or {@code s3://bucket/prefix}; empty: no archiving. */
    public String target = "";

    public java.time.Duration interval = java.time.Duration.ofMinutes(1);

    /**
     * The cluster's unique id (the operator sets its OrbitCluster's uid); with target, this or
     * {@code backup.clusterUid} is required.
     */
    public String clusterUid = "";

    public boolean enabled() {
      return target != null && !target.isBlank();
    }
  }
}
