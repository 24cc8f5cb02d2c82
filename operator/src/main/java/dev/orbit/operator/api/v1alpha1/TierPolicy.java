package dev.orbit.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** When data moves into a tier and how that tier compresses it. */
public class TierPolicy extends ApiObject {
  @JsonPropertyDescription("Minimum age of a record before it moves to this tier, e.g. 48h.")
  @Pattern(Rules.DURATION)
  @Size(min = Rules.DURATION_MIN_LENGTH, max = Rules.DURATION_MAX_LENGTH)
  private String minAge;

  @JsonPropertyDescription("Block compression of this tier.")
  private Compression compression;

  public TierPolicy() {}

  public TierPolicy(String minAge, Compression compression) {
    this.minAge = minAge;
    this.compression = compression;
  }

  public String getMinAge() {
    return minAge;
  }

  public void setMinAge(String minAge) {
    this.minAge = minAge;
  }

  public Compression getCompression() {
    return compression;
  }

  public void setCompression(Compression compression) {
    this.compression = compression;
  }
}
