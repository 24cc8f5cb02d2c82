package dev.orbit.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The node's tier policy: age-based moves hot → warm → cold. */
@ValidationRule(
    value = Rules.WARM_BEFORE_COLD,
    message =
        "tiering.cold.minAge must not be shorter than tiering.warm.minAge"
            + " (when omitted: warm 48h, cold 720h)")
public class TieringSpec extends ApiObject {
  @JsonPropertyDescription("Whether the node moves data between tiers.")
  @Default("true")
  private Boolean enabled = true;

  @JsonPropertyDescription("How often the node looks for data to move, e.g. 1m.")
  @Default("1m")
  @Pattern(Rules.DURATION)
  @Size(min = Rules.DURATION_MIN_LENGTH, max = Rules.DURATION_MAX_LENGTH)
  private String interval = "1m";

  @JsonPropertyDescription("Warm tier policy (default minAge 48h, lz4).")
  private TierPolicy warm = new TierPolicy("48h", Compression.LZ4);

  @JsonPropertyDescription("Cold tier policy (default minAge 720h, zstd).")
  private TierPolicy cold = new TierPolicy("720h", Compression.ZSTD);

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public String getInterval() {
    return interval;
  }

  public void setInterval(String interval) {
    this.interval = interval;
  }

  public TierPolicy getWarm() {
    return warm;
  }

  public void setWarm(TierPolicy warm) {
    this.warm = warm;
  }

  public TierPolicy getCold() {
    return cold;
  }

  public void setCold(TierPolicy cold) {
    this.cold = cold;
  }
}
