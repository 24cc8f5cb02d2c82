package dev.orbit.node.backup;

import dev.orbit.config.NodeConfig;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds the S3 client of backup targets from {@code backup.s3.*}: the JDK's URL connection as HTTP
 * client (the SDK's Netty client would clash with the node's Netty), static credentials from the
 * config (or the SDK's default chain), and the checksum mode S3-compatibles may need.
 */
public final class S3Clients {
  private S3Clients() {}

  public static S3Client create(NodeConfig.S3 s) {
    boolean required = s.checksums == NodeConfig.S3Checksums.WHEN_REQUIRED;
    var b =
        S3Client.builder()
            .httpClient(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(Duration.ofMinutes(2))
                    .build())
            .region(Region.of(s.region))
            .forcePathStyle(s.forcePathStyle)
            .credentialsProvider(credentials(s))
            .requestChecksumCalculation(
                required
                    ? RequestChecksumCalculation.WHEN_REQUIRED
                    : RequestChecksumCalculation.WHEN_SUPPORTED)
            .responseChecksumValidation(
                required
                    ? ResponseChecksumValidation.WHEN_REQUIRED
                    : ResponseChecksumValidation.WHEN_SUPPORTED);
    if (s.endpoint != null && !s.endpoint.isBlank()) {
      b.endpointOverride(URI.create(s.endpoint));
    }
    return b.build();
  }

  private static AwsCredentialsProvider credentials(NodeConfig.S3 s) {
    if (s.accessKeyId != null) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(s.accessKeyId, s.secretAccessKey));
    }
    return DefaultCredentialsProvider.builder().build();
  }
}
