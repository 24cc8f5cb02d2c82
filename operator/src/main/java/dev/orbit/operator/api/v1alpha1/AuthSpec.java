package dev.orbit.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/** Where the superuser password lives. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AuthSpec extends ApiObject {
  @JsonPropertyDescription(
      "Secret with key 'password'. Default <cluster>-auth. Generated once when absent, never"
          + " rotated by the operator.")
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  private String secretName;

  public String getSecretName() {
    return secretName;
  }

  public void setSecretName(String secretName) {
    this.secretName = secretName;
  }
}
