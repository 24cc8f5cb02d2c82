package dev.orbit.node.backup;

import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import software.amazon.awssdk.services.s3.S3Client;

/** A real S3 API (s3proxy, files under a folder) on a free loopback port, with one bucket. */
public final class S3TestServer implements AutoCloseable {
  public static final String ACCESS_KEY = "orbit-test";
  public static final String SECRET_KEY = "orbit-test-secret";
  public static final String BUCKET = "backups";

  private final S3Proxy proxy;
  private final Path dir;

  private S3TestServer(S3Proxy proxy, Path dir) {
    this.proxy = proxy;
    this.dir = dir;
  }

  public static S3TestServer start(Path dir) throws Exception {
    java.nio.file.Files.createDirectories(dir);
    Properties props = new Properties();
    props.setProperty("jclouds.filesystem.basedir", dir.toString());
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(BlobStores.create("filesystem-nio2", props))
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.sleep(10);
    }
    S3TestServer s = new S3TestServer(proxy, dir);
    try (S3Client c = S3Clients.create(s.settings(SECRET_KEY).s3)) {
      c.createBucket(b -> b.bucket(BUCKET));
    }
    return s;
  }

  public String endpoint() {
    return "http://127.0.0.1:" + proxy.getPort();
  }

  /** Node config lines that point {@code backup.s3} at this server. */
  public String[] sets(String secret) {
    return new String[] {
      "backup.s3.endpoint=" + endpoint(),
      "backup.s3.forcePathStyle=true",
      "backup.s3.accessKeyId=" + ACCESS_KEY,
      "backup.s3.secretAccessKey=" + secret
    };
  }

  public dev.orbit.config.BackupSettings settings(String secret) {
    return dev.orbit.config.ConfigLoader.load(
            null, null, java.util.List.of(sets(secret)), java.util.Map.of())
        .backup;
  }

  /** Object keys in the bucket under {@code prefix}. */
  public java.util.Set<String> keys(String prefix) {
    try (S3Client c = S3Clients.create(settings(SECRET_KEY).s3)) {
      java.util.Set<String> out = new java.util.TreeSet<>();
      c.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(prefix))
          .contents()
          .forEach(o -> out.add(o.key()));
      return out;
    }
  }

  public Path dir() {
    return dir;
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
  }
}
