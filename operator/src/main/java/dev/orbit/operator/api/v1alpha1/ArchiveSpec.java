package dev.orbit.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/** Continuous archiving of the committed log, for restores to a point in time. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ArchiveSpec extends ApiObject {
  @JsonPropertyDescription(
      "Archive every store's committed log into the backup target, under <target>/<cluster"
          + " uid>/log/<protocol>/, so a new cluster can be restored to any point in time after"
          + " the oldest kept backup (bootstrap.fromBackup.targetTime). The log is not purged"
          + " behind snapshots before it is archived: an unreachable target makes the log grow.")
  public Boolean enabled;

  @JsonPropertyDescription(
      "How often the leader of each store uploads what was committed since its last upload"
          + " (default 1m): a restore can reach at most this far back from a failure.")
  @Pattern(Rules.DURATION)
  public String interval;
}
