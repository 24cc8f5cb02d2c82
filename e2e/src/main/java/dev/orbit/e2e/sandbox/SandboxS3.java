package dev.orbit.e2e.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox's S3 endpoint: s3proxy over {@code <state>/s3/} with a bucket {@code backups}, on the
 * port it had in the previous run when that port is free (kept in {@code <state>/s3.port}).
 */
final class SandboxS3 {
  static final String BUCKET = "backups";
  private static final Logger LOG = LoggerFactory.getLogger(SandboxS3.class);

  private SandboxS3() {}

  static S3Endpoint start(Path state) throws IOException {
    Path portFile = state.resolve("s3.port");
    int port = 0;
    if (Files.isRegularFile(portFile)) {
      port = Integer.parseInt(Files.readString(portFile).trim());
    }
    try {
      S3Endpoint s3;
      try {
        s3 = S3Endpoint.start(state.resolve("s3"), port, BUCKET);
      } catch (Exception e) {
        if (port == 0) {
          throw e;
        }
        LOG.warn("S3 port {} is taken ({}); picking a free one", port, e.toString());
        s3 = S3Endpoint.start(state.resolve("s3"), 0, BUCKET);
      }
      Files.writeString(portFile, Integer.toString(s3.port()));
      return s3;
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("cannot start the sandbox's S3 endpoint: " + e, e);
    }
  }

  static void stop(S3Endpoint s3) {
    if (s3 != null) {
      try {
        s3.close();
      } catch (Exception e) {
        LOG.warn("S3 endpoint stop: {}", e.toString());
      }
    }
  }

  static String describe(S3Endpoint s3) {
    return "S3 (backups): "
        + s3.url()
        + "  bucket "
        + BUCKET
        + ", access key "
        + S3Endpoint.ACCESS_KEY
        + ", secret key "
        + S3Endpoint.SECRET_KEY;
  }
}
