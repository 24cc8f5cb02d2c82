package dev.orbit.node.backup;

import dev.orbit.config.BackupSettings;
import dev.orbit.config.NodeConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * An {@code s3://bucket/prefix} target through the AWS SDK's synchronous S3 client. Files larger
 * than {@code backup.partSize} go up as multipart uploads (aborted on failure, so no part is left
 * behind); single-request PUTs are atomic in S3, so a crash never leaves a partial object.
 */
final class S3ObjectStore implements ObjectStore {

  private final S3Client s3;
  private final String bucket;
  private final String prefix;
  private final long partSize;
  private final boolean partChecksums;
  private final String uri;

  S3ObjectStore(String bucket, String prefix, BackupSettings settings, String uri) {
    this.s3 = S3Clients.create(settings.s3);
    this.bucket = bucket;
    this.prefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
    this.partSize = settings.partSize.bytes();
    this.partChecksums = settings.s3.checksums == NodeConfig.S3Checksums.WHEN_SUPPORTED;
    this.uri = uri;
  }

  @Override
  public Map<String, Long> list(String keyPrefix) {
    Map<String, Long> out = new HashMap<>();
    try {
      for (S3Object o :
          s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix + keyPrefix)).contents()) {
        out.put(o.key().substring(prefix.length()), o.size());
      }
      return out;
    } catch (SdkException e) {
      throw fail("ListObjectsV2", keyPrefix, e);
    }
  }

  @Override
  public void upload(Path file, String key, LongConsumer progress) {
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new BackupException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (size <= partSize) {
      try {
        s3.putObject(b -> b.bucket(bucket).key(prefix + key), RequestBody.fromFile(file));
        progress.accept(size);
      } catch (SdkException e) {
        throw fail("PutObject", key, e);
      }
      return;
    }
    multipart(file, size, key, progress);
  }

  private void multipart(Path file, long size, String key, LongConsumer progress) {
    String upload;
    try {
      upload =
          s3.createMultipartUpload(
                  b -> {
                    b.bucket(bucket).key(prefix + key);
                    if (partChecksums) {
                      b.checksumAlgorithm(ChecksumAlgorithm.CRC32);
                    }
                  })
              .uploadId();
    } catch (SdkException e) {
      throw fail("CreateMultipartUpload", key, e);
    }
    try {
      List<CompletedPart> parts = new ArrayList<>();
      int number = 1;
      for (long off = 0; off < size; off += partSize, number++) {
        long len = Math.min(partSize, size - off);
        long start = off;
        int n = number;
        UploadPartResponse r =
            s3.uploadPart(
                b -> b.bucket(bucket).key(prefix + key).uploadId(upload).partNumber(n),
                RequestBody.fromContentProvider(
                    () -> FileRegion.open(file, start, len), len, "application/octet-stream"));
        parts.add(
            CompletedPart.builder()
                .partNumber(n)
                .eTag(r.eTag())
                .checksumCRC32(partChecksums ? r.checksumCRC32() : null)
                .build());
        progress.accept(len);
      }
      s3.completeMultipartUpload(
          b ->
              b.bucket(bucket)
                  .key(prefix + key)
                  .uploadId(upload)
                  .multipartUpload(m -> m.parts(parts)));
    } catch (SdkException | BackupException e) {
      try {
        s3.abortMultipartUpload(b -> b.bucket(bucket).key(prefix + key).uploadId(upload));
      } catch (SdkException ignored) {
        // the bucket's lifecycle rules remove what an abort could not
      }
      throw e instanceof SdkException se ? fail("UploadPart", key, se) : (BackupException) e;
    }
  }

  @Override
  public String download(String key, Path file, LongConsumer progress) {
    try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(prefix + key));
        OutputStream out = Files.newOutputStream(file)) {
      return BackupFiles.copy(in, out, progress);
    } catch (NoSuchKeyException e) {
      throw new BackupException("object " + key + " is missing from " + uri);
    } catch (SdkException e) {
      throw fail("GetObject", key, e);
    } catch (IOException e) {
      throw new BackupException("cannot download " + key + " from " + uri + ": " + e, e);
    }
  }

  @Override
  public void put(String key, byte[] content) {
    try {
      s3.putObject(b -> b.bucket(bucket).key(prefix + key), RequestBody.fromBytes(content));
    } catch (SdkException e) {
      throw fail("PutObject", key, e);
    }
  }

  @Override
  public byte[] get(String key) {
    try {
      return s3.getObjectAsBytes(b -> b.bucket(bucket).key(prefix + key)).asByteArray();
    } catch (NoSuchKeyException e) {
      return null;
    } catch (SdkException e) {
      throw fail("GetObject", key, e);
    }
  }

  @Override
  public void delete(String key) {
    try {
      s3.deleteObject(b -> b.bucket(bucket).key(prefix + key));
    } catch (SdkException e) {
      throw fail("DeleteObject", key, e);
    }
  }

  @Override
  public String describe() {
    return uri;
  }

  @Override
  public void close() {
    s3.close();
  }

  /** Names the S3 error code and HTTP status, never the credentials. */
  private BackupException fail(String op, String key, SdkException e) {
    String where = "s3://" + bucket + "/" + prefix + key;
    if (e instanceof S3Exception s3e && s3e.awsErrorDetails() != null) {
      return new BackupException(
          "S3 error "
              + s3e.awsErrorDetails().errorCode()
              + " (HTTP "
              + s3e.statusCode()
              + ") on "
              + op
              + " "
              + where
              + ": "
              + s3e.awsErrorDetails().errorMessage(),
          e);
    }
    return new BackupException("S3 " + op + " " + where + " failed: " + e.getMessage(), e);
  }
}
