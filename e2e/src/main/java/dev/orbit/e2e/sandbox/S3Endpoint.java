package dev.orbit.e2e.sandbox;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;

/**
 * A real S3 API on loopback (s3proxy over files under {@code dir}: one folder per bucket), for the
 * sandbox's backups, the backup tests and the backup benchmark. Port 0 picks a free port.
 */
public final class S3Endpoint implements AutoCloseable {
  public static final String ACCESS_KEY = "orbit-sandbox";
  public static final String SECRET_KEY = "orbit-sandbox-secret";

  private final S3Proxy proxy;

  private S3Endpoint(S3Proxy proxy) {
    this.proxy = proxy;
  }

  /** Starts the endpoint and creates each bucket of {@code buckets} that does not exist yet. */
  public static S3Endpoint start(Path dir, int port, String... buckets) throws Exception {
    Files.createDirectories(dir);
    for (String b : buckets) {
      Files.createDirectories(dir.resolve(b)); // a bucket of the filesystem store is a folder
    }
    Properties props = new Properties();
    props.setProperty("jclouds.filesystem.basedir", dir.toString());
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(BlobStores.create("filesystem-nio2", props))
            .endpoint(URI.create("http://127.0.0.1:" + port))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .build();
    proxy.start();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        proxy.stop();
        throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
      }
      Thread.sleep(10);
    }
    return new S3Endpoint(proxy);
  }

  public int port() {
    return proxy.getPort();
  }

  public String url() {
    return "http://127.0.0.1:" + port();
  }

  /** Node config ({@code --set}) lines that point {@code backup.s3} at this endpoint. */
  public String[] nodeSets() {
    return new String[] {
      "backup.s3.endpoint=" + url(),
      "backup.s3.forcePathStyle=true",
      "backup.s3.accessKeyId=" + ACCESS_KEY,
      "backup.s3.secretAccessKey=" + SECRET_KEY
    };
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
  }
}
