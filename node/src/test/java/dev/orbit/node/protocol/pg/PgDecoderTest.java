package dev.orbit.node.protocol.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Framing of typed messages, and CopyData messages that arrive together handled as one. */
class PgDecoderTest {
  private static final byte[] STARTUP = {0, 0, 0, 8, 0, 3, 0, 0};

  private static byte[] frame(char type, String body) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ByteBuf out = Unpooled.buffer();
    out.writeByte(type).writeInt(4 + b.length).writeBytes(b);
    byte[] bytes = new byte[out.readableBytes()];
    out.readBytes(bytes);
    return bytes;
  }

  private static byte[] concat(byte[]... parts) {
    ByteBuf out = Unpooled.buffer();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    byte[] bytes = new byte[out.readableBytes()];
    out.readBytes(bytes);
    return bytes;
  }

  /** Decodes {@code chunks} as they would arrive in separate reads; messages as "type:body". */
  private static List<String> decode(byte[]... chunks) {
    EmbeddedChannel ch = new EmbeddedChannel(new PgDecoder());
    ch.writeInbound(Unpooled.wrappedBuffer(STARTUP));
    List<String> out = new ArrayList<>();
    for (byte[] c : chunks) {
      ch.writeInbound(Unpooled.wrappedBuffer(c));
    }
    for (Object o; (o = ch.readInbound()) != null; ) {
      if (o instanceof PgDecoder.Message m) {
        out.add(m.type() + ":" + new String(m.body(), StandardCharsets.UTF_8));
      }
    }
    ch.finishAndReleaseAll();
    return out;
  }

  @Test
  void copyDataMessagesReadTogetherBecomeOneAndOtherMessagesKeepTheirPlace() {
    byte[] rows =
        concat(
            frame('d', "1\ta\n"),
            frame('d', "2\tb\n"),
            frame('d', "3\tc\n"),
            frame('c', ""),
            frame('Q', "select 1\0"));
    assertEquals(List.of("d:1\ta\n2\tb\n3\tc\n", "c:", "Q:select 1\0"), decode(rows));
  }

  @Test
  void anIncompleteCopyDataMessageWaitsForTheRestOfItsBytes() {
    byte[] all = concat(frame('d', "1\ta\n"), frame('d', "2\tb\n"), frame('c', ""));
    int cut = frame('d', "1\ta\n").length + 3; // inside the second message's header
    byte[] first = java.util.Arrays.copyOfRange(all, 0, cut);
    byte[] rest = java.util.Arrays.copyOfRange(all, cut, all.length);
    assertEquals(List.of("d:1\ta\n", "d:2\tb\n", "c:"), decode(first, rest));
  }

  @Test
  void mergingStopsAtTheBatchSizeButNeverSplitsAMessage() {
    String big = "x".repeat(200 << 10);
    byte[] all = concat(frame('d', big), frame('d', big), frame('d', "tail"));
    List<String> out = decode(all);
    assertEquals(List.of("d:" + big, "d:" + big + "tail"), out);
  }
}
