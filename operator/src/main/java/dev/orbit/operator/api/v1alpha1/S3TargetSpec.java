package dev.orbit.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** An S3 bucket as a backup target; backups of cluster c in namespace n go to prefix/n/c/. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class S3TargetSpec extends ApiObject {
  @JsonPropertyDescription(
      "URL of an S3-compatible endpoint, e.g. http://minio.storage:9000; AWS S3 when omitted.")
  @Pattern("^https?://.+")
  public String endpoint;

  @JsonPropertyDescription("Bucket name; it must exist.")
  @Required
  @Pattern("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
  public String bucket;

  @JsonPropertyDescription("Key prefix inside the bucket (no leading or trailing slash).")
  @Pattern("^([^/].*[^/]|[^/])?$")
  public String prefix;

  @JsonPropertyDescription("Signing region.")
  @Default("us-east-1")
  public String region = "us-east-1";

  @JsonPropertyDescription(
      "Path-style requests (http://host/bucket/key), which most S3-compatible stores need.")
  @Default("false")
  public Boolean forcePathStyle = false;

  @JsonPropertyDescription(
      "Only send and check checksums where the S3 API requires them, for S3-compatible stores"
          + " that reject the AWS SDK's default checksum headers.")
  @Default("false")
  public Boolean checksumsWhenRequired = false;

  @JsonPropertyDescription(
      "Secret (same namespace) with the access key id and secret access key; the nodes get them"
          + " as environment variables, never in their config file.")
  @Required
  public CredentialsSecretSpec credentialsSecret;
}
