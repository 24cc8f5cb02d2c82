package dev.orbit.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/** The Secret keys holding S3 credentials. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CredentialsSecretSpec extends ApiObject {
  @JsonPropertyDescription("Name of the Secret.")
  @Required
  public String name;

  @JsonPropertyDescription("Key of the access key id in the Secret.")
  @Default("accessKeyId")
  public String accessKeyIdKey = "accessKeyId";

  @JsonPropertyDescription("Key of the secret access key in the Secret.")
  @Default("secretAccessKey")
  public String secretAccessKeyKey = "secretAccessKey";
}
