package dev.orbit.node.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A stream over {@code length} bytes of a file from {@code offset}: one multipart part. */
final class FileRegion extends InputStream {
  private final FileChannel ch;
  private long remaining;

  private FileRegion(FileChannel ch, long remaining) {
    this.ch = ch;
    this.remaining = remaining;
  }

  static FileRegion open(Path file, long offset, long length) {
    try {
      FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
      ch.position(offset);
      return new FileRegion(ch, length);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (remaining <= 0) {
      return -1;
    }
    int n = ch.read(ByteBuffer.wrap(b, off, (int) Math.min(len, remaining)));
    if (n > 0) {
      remaining -= n;
    }
    return n;
  }

  @Override
  public void close() throws IOException {
    ch.close();
  }
}
