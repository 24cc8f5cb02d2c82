package dev.orbit.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.ArrayList;
import java.util.List;

/** Backup settings: where the admin API may write backups. */
public final class BackupSettings {
  /**
   * Folders a backup target given to the admin API must lie in (absolute paths; a YAML list or a
   * comma-separated string). Empty: only {@code <dataDir>/backups}.
   */
  @JsonDeserialize(using = PathListDeserializer.class)
  public List<String> allowedRoots = new ArrayList<>();
}
