package dev.orbit.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** Verification of the newest completed backup on a schedule; the result is BackupVerified. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VerifySpec extends ApiObject {
  @JsonPropertyDescription(
      "Cron schedule in UTC of verifications: the newest backup is restored into a scratch folder,"
          + " every file's checksums verified and each protocol's record count compared with the"
          + " manifest.")
  @Required
  public String schedule;
}
