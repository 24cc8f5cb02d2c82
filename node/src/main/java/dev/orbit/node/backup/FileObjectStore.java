package dev.orbit.node.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * A {@code file://} target: objects are files under a folder (a mounted volume). Each object is
 * written to a temporary name, synced, and renamed into place, so a crash never leaves a partial
 * object under its real name.
 */
final class FileObjectStore implements ObjectStore {
  private static final String TMP = ".part";
  private static final int BUFFER = 1 << 20;

  private final Path root;
  private final String uri;

  FileObjectStore(Path root, String uri) {
    this.root = root;
    this.uri = uri;
  }

  @Override
  public Map<String, Long> list(String prefix) {
    Map<String, Long> out = new HashMap<>();
    Path start = root.resolve(prefix).getParent();
    if (start == null || !Files.isDirectory(start)) {
      start = root;
    }
    if (!Files.isDirectory(start)) {
      return out;
    }
    try (Stream<Path> s = Files.walk(start)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        String key = root.relativize(p).toString().replace('\\', '/');
        if (key.startsWith(prefix) && !key.endsWith(TMP)) {
          out.put(key, Files.size(p));
        }
      }
      return out;
    } catch (NoSuchFileException e) {
      return out; // a folder removed while walking holds nothing we could list
    } catch (IOException e) {
      throw fail("list " + prefix, e);
    }
  }

  @Override
  public void upload(Path file, String key, LongConsumer progress) {
    Path dest = root.resolve(key);
    Path tmp = dest.resolveSibling(dest.getFileName() + "." + Thread.currentThread().getId() + TMP);
    try {
      Files.createDirectories(dest.getParent());
      try (InputStream in = Files.newInputStream(file);
          OutputStream out = Files.newOutputStream(tmp)) {
        byte[] buf = new byte[BUFFER];
        int n;
        while ((n = in.read(buf)) > 0) {
          out.write(buf, 0, n);
          progress.accept(n);
        }
      }
      syncAndRename(tmp, dest);
    } catch (IOException e) {
      deleteQuietly(tmp);
      throw fail("write " + key, e);
    }
  }

  @Override
  public String download(String key, Path file, LongConsumer progress) {
    Path src = root.resolve(key);
    try (InputStream in = Files.newInputStream(src);
        OutputStream out = Files.newOutputStream(file)) {
      return BackupFiles.copy(in, out, progress);
    } catch (NoSuchFileException e) {
      throw new BackupException("object " + key + " is missing from " + uri);
    } catch (IOException e) {
      throw fail("read " + key, e);
    }
  }

  @Override
  public void put(String key, byte[] content) {
    Path dest = root.resolve(key);
    Path tmp = dest.resolveSibling(dest.getFileName() + "." + Thread.currentThread().getId() + TMP);
    try {
      Files.createDirectories(dest.getParent());
      Files.write(tmp, content);
      syncAndRename(tmp, dest);
    } catch (IOException e) {
      deleteQuietly(tmp);
      throw fail("write " + key, e);
    }
  }

  @Override
  public byte[] get(String key) {
    try {
      return Files.readAllBytes(root.resolve(key));
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw fail("read " + key, e);
    }
  }

  @Override
  public void delete(String key) {
    try {
      Files.deleteIfExists(root.resolve(key));
    } catch (IOException e) {
      throw fail("delete " + key, e);
    }
  }

  @Override
  public String describe() {
    return uri;
  }

  @Override
  public void close() {}

  private static void syncAndRename(Path tmp, Path dest) throws IOException {
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel dir = FileChannel.open(dest.getParent(), StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException ignored) {
      // some file systems cannot sync a folder; the rename itself is atomic
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // best effort: a leftover temporary name is never read as an object
    }
  }

  private BackupException fail(String what, IOException e) {
    return new BackupException("cannot " + what + " in " + uri + ": " + e, e);
  }
}
