package dev.orbit.node.protocol.cql;

import com.datastax.oss.protocol.internal.Compressor;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * LZ4 for CQL: frame bodies (v3/v4, prefixed with the uncompressed length) and v5 segment payloads.
 * Decompressed sizes are bounded, so a small compressed frame cannot claim a huge buffer.
 */
final class Lz4 implements Compressor<ByteBuf> {
  private static final LZ4Factory FACTORY = LZ4Factory.fastestInstance();
  private final LZ4Compressor compressor = FACTORY.fastCompressor();
  private final LZ4SafeDecompressor decompressor = FACTORY.safeDecompressor();
  private final int maxLength;

  Lz4(int maxLength) {
    this.maxLength = maxLength;
  }

  @Override
  public String algorithm() {
    return "lz4";
  }

  @Override
  public ByteBuf compress(ByteBuf uncompressed) {
    return compress(uncompressed, true);
  }

  @Override
  public ByteBuf compressWithoutLength(ByteBuf uncompressed) {
    return compress(uncompressed, false);
  }

  private ByteBuf compress(ByteBuf in, boolean withLength) {
    byte[] src = new byte[in.readableBytes()];
    in.readBytes(src);
    byte[] out = new byte[(withLength ? 4 : 0) + compressor.maxCompressedLength(src.length)];
    int off = 0;
    if (withLength) {
      out[0] = (byte) (src.length >>> 24);
      out[1] = (byte) (src.length >>> 16);
      out[2] = (byte) (src.length >>> 8);
      out[3] = (byte) src.length;
      off = 4;
    }
    int n = compressor.compress(src, 0, src.length, out, off);
    return Unpooled.wrappedBuffer(out, 0, off + n);
  }

  @Override
  public ByteBuf decompress(ByteBuf compressed) {
    return decompressWithoutLength(compressed, compressed.readInt());
  }

  @Override
  public ByteBuf decompressWithoutLength(ByteBuf compressed, int uncompressedLength) {
    if (uncompressedLength < 0 || uncompressedLength > maxLength) {
      throw new IllegalArgumentException(
          "compressed body claims " + uncompressedLength + " bytes (limit " + maxLength + ")");
    }
    byte[] src = new byte[compressed.readableBytes()];
    compressed.readBytes(src);
    byte[] out = new byte[uncompressedLength];
    int written = decompressor.decompress(src, 0, src.length, out, 0, uncompressedLength);
    if (written != uncompressedLength) {
      throw new IllegalArgumentException("compressed lengths mismatch");
    }
    return Unpooled.wrappedBuffer(out);
  }
}
