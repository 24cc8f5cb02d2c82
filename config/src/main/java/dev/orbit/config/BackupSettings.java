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

  /**
   * Folders a backup target given to the admin API must lie in (absolute paths; a YAML list or a
   * comma-separated string). Empty: only {@code <dataDir>/backups}.
   */
  @JsonDeserialize(using = PathListDeserializer.class)
  public List<String> allowedRoots = new ArrayList<>();
}
