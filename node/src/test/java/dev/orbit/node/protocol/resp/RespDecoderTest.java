package dev.orbit.node.protocol.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RespDecoderTest {
  private static List<Object> decode(String... chunks) {
    return decode(new RespDecoder(), chunks);
  }

  private static List<Object> decode(RespDecoder decoder, String... chunks) {
    EmbeddedChannel ch = new EmbeddedChannel(decoder);
    for (String c : chunks) {
      ch.writeInbound(Unpooled.copiedBuffer(c, StandardCharsets.ISO_8859_1));
    }
    List<Object> out = new ArrayList<>();
    for (Object o; (o = ch.readInbound()) != null; ) {
      out.addAll(((RespDecoder.Requests) o).items());
    }
    ch.finishAndReleaseAll();
    return out;
  }

  @SuppressWarnings("unchecked")
  private static List<String> args(Object frame) {
    return ((List<byte[]>) frame)
        .stream().map(b -> new String(b, StandardCharsets.ISO_8859_1)).toList();
  }

  @Test
  void aFrameSplitAtEveryByteDecodesOnceComplete() {
    String frame = "*3\r\n$3\r\nSET\r\n$12\r\nkey:00000001\r\n$3\r\nabc\r\n*1\r\n$4\r\nPING\r\n";
    String[] bytes = frame.split("");
    List<Object> out = decode(bytes);
    assertEquals(2, out.size());
    assertEquals(List.of("SET", "key:00000001", "abc"), args(out.get(0)));
    assertEquals(List.of("PING"), args(out.get(1)));
  }

  @Test
  void aCommandWithManyArgumentsDecodesToThemAllPackedAndEmptyOnesStayEmpty() {
    StringBuilder frame = new StringBuilder("*3002\r\n$3\r\nDEL\r\n$0\r\n\r\n");
    List<String> expected = new ArrayList<>(List.of("DEL", ""));
    for (int i = 0; i < 3000; i++) {
      String key = "key:" + i;
      frame.append('$').append(key.length()).append("\r\n").append(key).append("\r\n");
      expected.add(key);
    }
    List<Object> out = decode(frame.substring(0, 5000), frame.substring(5000));
    assertEquals(1, out.size());
    assertInstanceOf(PackedArgs.class, out.get(0), "held as two arrays, not one per argument");
    assertEquals(expected, args(out.get(0)));
    assertEquals(expected.subList(2999, 3002), args(((List<?>) out.get(0)).subList(2999, 3002)));
  }

  @Test
  void emptyAndNullArraysAreSkippedAndInlineCommandsSplitOnSpaces() {
    List<Object> out = decode("*0\r\n*-1\r\nSET k \"a b\"\r\n");
    assertEquals(1, out.size());
    assertEquals(List.of("SET", "k", "a b"), args(out.get(0)));
  }

  @Test
  void badLengthsAreProtocolErrors() {
    for (String bad :
        List.of(
            "*x\r\n",
            "*\r\n",
            "*1\n",
            "*1\r\n$-5\r\n",
            "*1\r\n$3x\r\n",
            "*99999999999999999999\r\n",
            "*1\r\n$3\r\nabcd\r\n",
            "*123456789012345678901234567890123")) {
      List<Object> out = decode(bad);
      assertEquals(1, out.size(), bad);
      assertInstanceOf(RespDecoder.ProtocolError.class, out.get(0), bad);
    }
  }

  @Test
  void aLargeValueArrivingInManyReadsDecodesWhole() {
    StringBuilder value = new StringBuilder();
    for (int i = 0; value.length() < 3_000_000; i++) {
      value.append(i).append(',');
    }
    String frame = "*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n$" + value.length() + "\r\n" + value + "\r\n";
    frame += "*1\r\n$4\r\nPING\r\n";
    List<String> chunks = new ArrayList<>();
    for (int i = 0; i < frame.length(); i += 4096) {
      chunks.add(frame.substring(i, Math.min(frame.length(), i + 4096)));
    }
    List<Object> out = decode(chunks.toArray(String[]::new));
    assertEquals(2, out.size());
    assertEquals(List.of("SET", "big", value.toString()), args(out.get(0)));
    assertEquals(List.of("PING"), args(out.get(1)));
  }

  @Test
  void aValueOverOneMebibyteArrivesInPiecesOfAtMostOneHeapRegion() {
    String value = "0123456789abcdef".repeat(500_000) + "tail"; // 7.6 MiB: a partial last piece
    String frame = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$" + value.length() + "\r\n" + value + "\r\n";
    List<String> chunks = new ArrayList<>();
    for (int i = 0; i < frame.length(); i += 4093) { // reads that straddle piece boundaries
      chunks.add(frame.substring(i, Math.min(frame.length(), i + 4093)));
    }
    List<Object> out = decode(chunks.toArray(String[]::new));
    PiecedArgs a = assertInstanceOf(PiecedArgs.class, out.get(0));
    byte[][] pieces = a.pieces(2);
    int piece = dev.orbit.node.redis.Keyspace.PIECE; // depends on this JVM's heap region size
    assertEquals((value.length() + piece - 1) / piece, pieces.length);
    for (byte[] p : pieces) {
      org.junit.jupiter.api.Assertions.assertTrue(p.length <= dev.orbit.node.redis.Keyspace.PIECE);
    }
    assertEquals(value.length(), a.length(2));
    assertEquals(List.of("SET", "k", value), args(a));
  }

  @Test
  void anIncompleteLengthWaitsForMoreBytes() {
    assertEquals(List.of(), decode("*1\r\n$1"));
    assertEquals(List.of(), decode("*12\r"));
  }

  @Test
  void aFrameTrickledOneByteAtATimeIsNotParsedAgainOnEveryRead() {
    String value = "v".repeat(300_000);
    String frame = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$" + value.length() + "\r\n" + value + "\r\n";
    EmbeddedChannel ch = new EmbeddedChannel(new RespDecoder());
    // quadratic decoding (every read re-reading what came before) takes hours here; linear, ms
    assertTimeoutPreemptively(
        Duration.ofSeconds(60),
        () -> {
          byte[] b = frame.getBytes(StandardCharsets.ISO_8859_1);
          for (byte x : b) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {x}));
          }
        });
    RespDecoder.Requests r = ch.readInbound();
    assertEquals(List.of("SET", "k", value), args(r.items().get(0)));
    ch.finishAndReleaseAll();
  }

  @Test
  void inlineCommandsSplitAsRedisSplitsThem() {
    List<Object> out = decode("set k \"a\\x41\\n\" 'it\\'s'\r\n\r\n  \n");
    assertEquals(1, out.size());
    assertEquals(List.of("set", "k", "aA\n", "it's"), args(out.get(0)));
  }

  @Test
  void unbalancedQuotesInAnInlineCommandAreAProtocolError() {
    List<Object> out = decode("set \"\"\"test-key\"\"\" test-value\r\nping\r\n");
    assertEquals(
        List.of(new RespDecoder.ProtocolError("Protocol error: unbalanced quotes in request")),
        out);
    assertInstanceOf(RespDecoder.ProtocolError.class, decode("get \"abc\r\n").get(0));
  }

  @Test
  void bulkStringsLongerThanTheLimitAreRefusedBeforeTheyArrive() {
    RespDecoder small = new RespDecoder(1000, 1L << 30, () -> true);
    List<Object> out = decode(small, "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1001\r\n");
    assertEquals(
        List.of(new RespDecoder.ProtocolError("Protocol error: invalid bulk length")), out);
    assertEquals(
        List.of(new RespDecoder.ProtocolError("Protocol error: invalid multibulk length")),
        decode("*3000000000\r\n"));
  }

  @Test
  void aClientThatMustStillAuthenticateMaySendOnlySmallRequests() {
    RespDecoder d = new RespDecoder(1L << 29, 1L << 30, () -> false);
    assertEquals(
        List.of(new RespDecoder.ProtocolError("Protocol error: unauthenticated multibulk length")),
        decode(d, "*11\r\n"));
    d = new RespDecoder(1L << 29, 1L << 30, () -> false);
    assertEquals(
        List.of(new RespDecoder.ProtocolError("Protocol error: unauthenticated bulk length")),
        decode(d, "*2\r\n$4\r\nAUTH\r\n$16385\r\n"));
  }

  @Test
  void aRequestLargerThanTheQueryBufferLimitEndsTheConnection() {
    RespDecoder d = new RespDecoder(1L << 20, 1L << 20, () -> true);
    List<Object> out = decode(d, "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1048576\r\n");
    assertInstanceOf(RespDecoder.QueryTooLarge.class, out.get(0));
  }

  @Test
  void aCrlfSplitBetweenReadsIsHandled() {
    List<Object> out = decode("*1\r", "\n$4\r", "\nPING\r", "\n");
    assertEquals(List.of("PING"), args(out.get(0)));
  }
}
