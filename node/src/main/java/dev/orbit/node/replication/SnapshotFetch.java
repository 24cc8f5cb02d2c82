package dev.orbit.node.replication;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orbit.node.storage.ProtocolStore;
import dev.orbit.node.storage.SnapshotInstall;
import dev.orbit.node.storage.Tier;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HexFormat;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The follower's side of snapshot installation: asks the leader's admin API for a checkpoint of a
 * store, downloads its files in bounded ranges into the install folders ({@link SnapshotInstall}),
 * checks each file's size and CRC32C against the leader's list, and marks the install complete. The
 * databases are swapped at the next start.
 */
final class SnapshotFetch {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotFetch.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final HttpClient http;
  private final String token;

  SnapshotFetch(String token) {
    this.token = token;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  /**
   * Fetches a checkpoint of {@code store} from the admin API at {@code leaderAdmin} ({@code
   * http://host:port}); it must hold at least every entry before {@code firstIndexInLog}, the
   * leader's first log entry. Returns the checkpoint's manifest once it is complete on disk.
   */
  SnapshotSource.Manifest fetch(ProtocolStore store, String leaderAdmin, long firstIndexInLog)
      throws IOException, InterruptedException {
    String p = store.protocol();
    String base = leaderAdmin + "/v1/replication/snapshots/" + p;
    HttpResponse<byte[]> taken =
        http.send(
            request(base).POST(HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (taken.statusCode() != 200) {
      throw new IOException(
          "the leader at "
              + leaderAdmin
              + " refused a snapshot ("
              + taken.statusCode()
              + "): "
              + new String(taken.body(), StandardCharsets.UTF_8));
    }
    SnapshotSource.Manifest m = JSON.readValue(taken.body(), SnapshotSource.Manifest.class);
    if (m.index() + 1 < firstIndexInLog) {
      throw new IOException(
          "the leader's snapshot ends at entry " + m.index() + ", before its log starts");
    }
    Path hotRoot = tierRoot(store, Tier.HOT);
    Path marker = SnapshotInstall.marker(hotRoot, p);
    Files.deleteIfExists(marker);
    for (Tier t : Tier.values()) {
      SnapshotSource.deleteTree(SnapshotInstall.dir(tierRoot(store, t), p));
    }
    long bytes = 0;
    for (SnapshotSource.FileEntry f : m.files()) {
      Path dest = dest(store, f);
      SnapshotSource.mkdirs(dest.getParent());
      download(base + "/" + m.index() + "/" + f.part() + "/" + f.name(), dest, f);
      bytes += f.size();
    }
    Path tmp = marker.resolveSibling(marker.getFileName() + ".tmp");
    Files.writeString(tmp, "term " + m.term() + " index " + m.index() + "\n");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    Files.move(tmp, marker, StandardCopyOption.ATOMIC_MOVE);
    LOG.info(
        "{} store: fetched the leader's snapshot at entry {} ({} files, {} bytes)",
        p,
        m.index(),
        m.files().size(),
        bytes);
    return m;
  }

  private static Path tierRoot(ProtocolStore store, Tier t) {
    return store.db(t).dir().getParent();
  }

  private static Path dest(ProtocolStore store, SnapshotSource.FileEntry f) {
    Path hot = SnapshotInstall.dir(tierRoot(store, Tier.HOT), store.protocol());
    // the same checks the leader makes, against a manifest naming paths outside the folders
    SnapshotSource.file(store, 0, f.part(), f.name());
    if (f.part().equals(SnapshotSource.STAGED)) {
      return hot.resolve(SnapshotSource.STAGED).resolve(f.name());
    }
    Tier t = Tier.valueOf(f.part().toUpperCase(java.util.Locale.ROOT));
    return SnapshotInstall.dir(tierRoot(store, t), store.protocol()).resolve(f.name());
  }

  /** Downloads one file range by range, then checks its size and CRC32C. */
  private void download(String url, Path dest, SnapshotSource.FileEntry f)
      throws IOException, InterruptedException {
    CRC32C crc = new CRC32C();
    long offset = 0;
    try (FileChannel out =
        FileChannel.open(
            dest,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      while (offset < f.size()) {
        HttpResponse<byte[]> r =
            http.send(
                request(url + "?offset=" + offset).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
          throw new IOException(
              "cannot fetch "
                  + f.part()
                  + "/"
                  + f.name()
                  + " ("
                  + r.statusCode()
                  + "): "
                  + new String(r.body(), StandardCharsets.UTF_8));
        }
        byte[] chunk = r.body();
        if (chunk.length == 0) {
          break; // shorter than listed: the check below says so
        }
        ByteBuffer b = ByteBuffer.wrap(chunk);
        while (b.hasRemaining()) {
          out.write(b);
        }
        crc.update(chunk);
        offset += chunk.length;
      }
      out.force(true);
    }
    String got = HexFormat.of().toHexDigits((int) crc.getValue());
    if (offset != f.size() || !got.equals(f.crc32c())) {
      throw new IOException(
          "snapshot file "
              + f.part()
              + "/"
              + f.name()
              + " arrived with "
              + offset
              + " bytes, CRC32C "
              + got
              + "; the leader listed "
              + f.size()
              + " bytes, CRC32C "
              + f.crc32c());
    }
  }

  private HttpRequest.Builder request(String url) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }
}
