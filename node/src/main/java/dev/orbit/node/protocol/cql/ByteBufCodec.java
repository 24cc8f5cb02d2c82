package dev.orbit.node.protocol.cql;

import com.datastax.oss.protocol.internal.PrimitiveCodec;
import com.datastax.oss.protocol.internal.ProtocolConstants;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The native-protocol library's primitive reads and writes over Netty buffers. Every length read
 * from a client is checked against the bytes present before anything is allocated for it.
 */
final class ByteBufCodec implements PrimitiveCodec<ByteBuf> {
  static final ByteBufCodec INSTANCE = new ByteBufCodec(ByteBufAllocator.DEFAULT);

  private final ByteBufAllocator allocator;

  ByteBufCodec(ByteBufAllocator allocator) {
    this.allocator = allocator;
  }

  @Override
  public ByteBuf allocate(int size) {
    return allocator.ioBuffer(size, size);
  }

  @Override
  public void release(ByteBuf toRelease) {
    toRelease.release();
  }

  @Override
  public int sizeOf(ByteBuf toMeasure) {
    return toMeasure.readableBytes();
  }

  @Override
  public ByteBuf concat(ByteBuf left, ByteBuf right) {
    if (!left.isReadable()) {
      return right.duplicate();
    } else if (!right.isReadable()) {
      return left.duplicate();
    }
    CompositeByteBuf c = allocator.compositeBuffer(2);
    c.addComponents(left, right);
    c.writerIndex(left.readableBytes() + right.readableBytes());
    return c;
  }

  @Override
  public void markReaderIndex(ByteBuf source) {
    source.markReaderIndex();
  }

  @Override
  public void resetReaderIndex(ByteBuf source) {
    source.resetReaderIndex();
  }

  @Override
  public byte readByte(ByteBuf source) {
    return source.readByte();
  }

  @Override
  public int readInt(ByteBuf source) {
    return source.readInt();
  }

  @Override
  public int readInt(ByteBuf source, int offset) {
    return source.getInt(source.readerIndex() + offset);
  }

  @Override
  public InetAddress readInetAddr(ByteBuf source) {
    int length = source.readUnsignedByte();
    byte[] bytes = readExactly(source, length);
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("invalid address length " + length);
    }
  }

  @Override
  public long readLong(ByteBuf source) {
    return source.readLong();
  }

  @Override
  public int readUnsignedShort(ByteBuf source) {
    return source.readUnsignedShort();
  }

  @Override
  public ByteBuffer readBytes(ByteBuf source) {
    int length = source.readInt();
    if (length == -2) {
      return ProtocolConstants.UNSET_VALUE;
    }
    if (length < 0) {
      return null;
    }
    return ByteBuffer.wrap(readExactly(source, length));
  }

  @Override
  public byte[] readShortBytes(ByteBuf source) {
    return readExactly(source, source.readUnsignedShort());
  }

  @Override
  public String readString(ByteBuf source) {
    return readString(source, source.readUnsignedShort());
  }

  @Override
  public String readLongString(ByteBuf source) {
    return readString(source, source.readInt());
  }

  @Override
  public ByteBuf readRetainedSlice(ByteBuf source, int sliceLength) {
    return source.readRetainedSlice(sliceLength);
  }

  @Override
  public void updateCrc(ByteBuf source, CRC32 crc) {
    crc.update(source.nioBuffer(source.readerIndex(), source.readableBytes()));
  }

  @Override
  public void writeByte(byte b, ByteBuf dest) {
    dest.writeByte(b);
  }

  @Override
  public void writeInt(int i, ByteBuf dest) {
    dest.writeInt(i);
  }

  @Override
  public void writeInetAddr(InetAddress address, ByteBuf dest) {
    byte[] bytes = address.getAddress();
    dest.writeByte(bytes.length);
    dest.writeBytes(bytes);
  }

  @Override
  public void writeLong(long l, ByteBuf dest) {
    dest.writeLong(l);
  }

  @Override
  public void writeUnsignedShort(int i, ByteBuf dest) {
    dest.writeShort(i);
  }

  @Override
  public void writeString(String s, ByteBuf dest) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    dest.writeShort(bytes.length);
    dest.writeBytes(bytes);
  }

  @Override
  public void writeLongString(String s, ByteBuf dest) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    dest.writeInt(bytes.length);
    dest.writeBytes(bytes);
  }

  @Override
  public void writeBytes(ByteBuffer bytes, ByteBuf dest) {
    if (bytes == null) {
      dest.writeInt(-1);
    } else if (bytes == ProtocolConstants.UNSET_VALUE) {
      dest.writeInt(-2);
    } else {
      dest.writeInt(bytes.remaining());
      dest.writeBytes(bytes.duplicate());
    }
  }

  @Override
  public void writeBytes(byte[] bytes, ByteBuf dest) {
    if (bytes == null) {
      dest.writeInt(-1);
    } else {
      dest.writeInt(bytes.length);
      dest.writeBytes(bytes);
    }
  }

  @Override
  public void writeShortBytes(byte[] bytes, ByteBuf dest) {
    dest.writeShort(bytes.length);
    dest.writeBytes(bytes);
  }

  private static byte[] readExactly(ByteBuf source, int length) {
    if (length < 0 || length > source.readableBytes()) {
      throw new IllegalArgumentException(
          "a length of " + length + " runs past the end of the message");
    }
    byte[] bytes = new byte[length];
    source.readBytes(bytes);
    return bytes;
  }

  private static String readString(ByteBuf source, int length) {
    if (length < 0 || length > source.readableBytes()) {
      throw new IllegalArgumentException(
          "a string of " + length + " bytes runs past the end of the message");
    }
    String s = source.toString(source.readerIndex(), length, StandardCharsets.UTF_8);
    source.skipBytes(length);
    return s;
  }
}
