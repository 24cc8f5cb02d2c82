package dev.orbit.node.protocol.resp;

import dev.orbit.node.redis.Keyspace;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Decodes RESP requests incrementally: multi-bulk arrays of bulk strings ({@code
 * *2\r\n$3\r\nGET\r\n$1\r\nk\r\n}) and inline commands ({@code PING\r\n}). Every byte received is
 * looked at once: a frame split over many reads resumes where the last read stopped, and a large
 * argument is copied straight into its own array as it arrives, so decoding is linear in the bytes
 * received. Emits one {@link Requests} per read with a {@code List<byte[]>} per complete command; a
 * malformed frame ends it with a {@link ProtocolError} (worded as Redis words it) and everything
 * after it on the connection is dropped.
 */
public final class RespDecoder extends ByteToMessageDecoder
    implements dev.orbit.node.protocol.FrameAware {
  /** Longest inline command, and longest length line, as in Redis (PROTO_INLINE_MAX_SIZE). */
  static final int MAX_INLINE = 64 * 1024;

  /** Arguments and sizes a client that has not authenticated yet may send, as in Redis. */
  /** A length line longer than this cannot hold a valid number. */
  private static final int MAX_NUMBER = 32;

  static final int UNAUTHENTICATED_ARGS = 10;

  static final int UNAUTHENTICATED_BULK = 16 * 1024;

  private static final int SCRATCH = 64 * 1024;

  private static final FastThreadLocal<byte[]> WINDOW =
      new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
          return new byte[SCRATCH];
        }
      };

  /** A malformed frame; the connection answers it and closes. */
  public record ProtocolError(String message) {}

  /** The requests of one read, in order: commands ({@code List<byte[]>}), maybe a last error. */
  public record Requests(List<Object> items) {}

  /** A request larger than the query buffer limit: the connection is closed without a reply. */
  public record QueryTooLarge(long bytes) {}

  private enum State {
    START,
    INLINE,
    COUNT,
    BULK_LEN,
    BULK_DATA,
    BULK_CRLF
  }

  private final LongSupplier maxBulk;
  private final LongSupplier maxQuery;
  private final BooleanSupplier authenticated;

  private State state = State.START;
  private boolean failed;

  /** A line (inline command or length) that spans reads; null when none is pending. */
  private byte[] line;

  private int lineLen;

  private List<Object> args;

  /** True when an argument of the command being read came in pieces ({@link PiecedArgs}). */
  private boolean pieced;

  /** The pieces of a large bulk string being read (null for one array), and the current one. */
  private byte[][] pieces;

  private int piece;
  private long argsLeft;
  private byte[] bulk;
  private int bulkLen;
  private int bulkFill;
  private int crlfLeft;
  private long queryBytes;

  /**
   * @param maxBulk longest bulk string accepted ({@code proto-max-bulk-len})
   * @param maxQuery most bytes one request may hold ({@code client-query-buffer-limit})
   * @param authenticated false while the client must still authenticate (tighter limits apply)
   */
  public RespDecoder(LongSupplier maxBulk, LongSupplier maxQuery, BooleanSupplier authenticated) {
    this.maxBulk = maxBulk;
    this.maxQuery = maxQuery;
    this.authenticated = authenticated;
  }

  public RespDecoder(long maxBulk, long maxQuery, BooleanSupplier authenticated) {
    this(() -> maxBulk, () -> maxQuery, authenticated);
  }

  public RespDecoder() {
    this(512L * 1024 * 1024, 1L << 30, () -> true);
  }

  /** Part of a command has arrived (for the listener's partial-frame timeout). */
  @Override
  public boolean midFrame() {
    return !failed && state != State.START;
  }

  private static final class Malformed extends Exception {
    Malformed(String m) {
      super(m, null, false, false);
    }
  }

  /**
   * Takes every readable byte (so the cumulation buffer never grows, and nothing is read twice) and
   * emits the complete commands among them.
   */
  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    List<Object> items = new ArrayList<>();
    while (!failed && in.isReadable()) {
      int n;
      byte[] window;
      int off;
      if (in.hasArray()) {
        window = in.array();
        off = in.arrayOffset() + in.readerIndex();
        n = in.readableBytes();
      } else {
        window = WINDOW.get();
        off = 0;
        n = Math.min(in.readableBytes(), window.length);
        in.getBytes(in.readerIndex(), window, 0, n);
      }
      feed(window, off, off + n, items);
      in.skipBytes(n);
    }
    if (failed) {
      in.skipBytes(in.readableBytes());
    }
    if (!items.isEmpty()) {
      out.add(new Requests(items));
    }
  }

  /**
   * Decodes {@code b[from, to)}, appending complete commands (and a final error) to {@code out}.
   */
  void feed(byte[] b, int from, int to, List<Object> out) {
    int p = from;
    try {
      while (p < to && !failed) {
        switch (state) {
          case START -> {
            queryBytes = 0;
            if (b[p] == '*') {
              state = State.COUNT;
              p++;
            } else {
              state = State.INLINE;
            }
          }
          case INLINE -> p = inline(b, p, to, out);
          case COUNT -> p = count(b, p, to);
          case BULK_LEN -> p = bulkLength(b, p, to);
          case BULK_DATA -> p = bulkData(b, p, to);
          case BULK_CRLF -> p = bulkCrlf(b, p, to, out);
        }
      }
    } catch (Malformed e) {
      failed = true;
      out.add(new ProtocolError("Protocol error: " + e.getMessage()));
    } catch (TooLarge e) {
      failed = true;
      out.add(new QueryTooLarge(queryBytes));
    }
  }

  private static final class TooLarge extends Exception {
    TooLarge() {
      super(null, null, false, false);
    }
  }

  private void charge(long bytes) throws TooLarge {
    queryBytes += bytes;
    if (queryBytes > maxQuery.getAsLong()) {
      throw new TooLarge();
    }
  }

  // ---- lines ----

  /**
   * The end (exclusive) of the line starting at {@code p} when its terminator {@code stop} is in
   * this window, else -1 after keeping the bytes for the next read.
   */
  private int lineEnd(byte[] b, int p, int to, byte stop, int max, String tooBig) throws Malformed {
    for (int i = p; i < to; i++) {
      if (b[i] == stop) {
        return i;
      }
    }
    int have = lineLen + (to - p);
    if (have > max) {
      throw new Malformed(tooBig);
    }
    if (max == MAX_NUMBER) {
      for (int i = p; i < to; i++) {
        if ((b[i] < '0' || b[i] > '9') && b[i] != '-') {
          throw new Malformed(tooBig); // cannot become a number, whatever follows
        }
      }
    }
    if (line == null) {
      line = new byte[Math.max(256, have)];
    } else if (line.length < have) {
      line = Arrays.copyOf(line, Math.min(MAX_INLINE + 1, Math.max(have, line.length * 2)));
    }
    System.arraycopy(b, p, line, lineLen, to - p);
    lineLen = have;
    return -1;
  }

  /** The line's bytes: the kept part of earlier reads plus {@code b[p, end)}. */
  private byte[] lineBytes(byte[] b, int p, int end) {
    byte[] out = new byte[lineLen + (end - p)];
    if (lineLen > 0) {
      System.arraycopy(line, 0, out, 0, lineLen);
    }
    System.arraycopy(b, p, out, lineLen, end - p);
    line = null;
    lineLen = 0;
    return out;
  }

  private int inline(byte[] b, int p, int to, List<Object> out) throws Malformed, TooLarge {
    int end = lineEnd(b, p, to, (byte) '\n', MAX_INLINE, "too big inline request");
    if (end < 0) {
      return to;
    }
    byte[] text = lineBytes(b, p, end);
    int len = text.length > 0 && text[text.length - 1] == '\r' ? text.length - 1 : text.length;
    charge(len);
    List<byte[]> cmd = InlineSplitter.split(text, len);
    if (cmd == null) {
      throw new Malformed("unbalanced quotes in request");
    }
    if (!cmd.isEmpty()) {
      out.add(cmd);
    }
    state = State.START;
    return end + 1;
  }

  /** A length line ({@code *N} or {@code $N} after its marker), up to and including its CRLF. */
  private long number(byte[] b, int p, int end, String error) throws Malformed {
    byte[] digits = lineLen > 0 ? lineBytes(b, p, end) : null;
    byte[] src = digits != null ? digits : b;
    int from = digits != null ? 0 : p;
    int until = digits != null ? digits.length : end;
    line = null;
    lineLen = 0;
    return parseLong(src, from, until, error);
  }

  static long parseLong(byte[] b, int from, int to, String error) throws Malformed {
    boolean negative = from < to && b[from] == '-';
    int i = negative ? from + 1 : from;
    if (i >= to || to - i > 19) {
      throw new Malformed(error);
    }
    long n = 0;
    for (; i < to; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        throw new Malformed(error);
      }
      n = n * 10 + d;
      if (n < 0) {
        throw new Malformed(error);
      }
    }
    return negative ? -n : n;
  }

  private int count(byte[] b, int p, int to) throws Malformed, TooLarge {
    int end = lineEnd(b, p, to, (byte) '\r', MAX_NUMBER, "invalid multibulk length");
    if (end < 0) {
      return to;
    }
    long n = number(b, p, end, "invalid multibulk length");
    if (n > Integer.MAX_VALUE) {
      throw new Malformed("invalid multibulk length");
    }
    if (n > UNAUTHENTICATED_ARGS && !authenticated.getAsBoolean()) {
      throw new Malformed("unauthenticated multibulk length");
    }
    charge(Math.max(0, n) * 16);
    argsLeft = n;
    args = n > 0 ? new ArrayList<>((int) Math.min(n, 1024)) : null;
    // the '\n' after the '\r' may be in the next read
    state = n > 0 ? State.BULK_LEN : State.START;
    return skipNewline(end, to);
  }

  private State afterCr;

  /** Skips the byte after a '\r' at {@code cr}; when it is in a later read, remembers to. */
  private int skipNewline(int cr, int to) {
    if (cr + 2 <= to) {
      return cr + 2;
    }
    // only the '\r' is here: the next read starts with the '\n'
    afterCr = state;
    state = State.BULK_CRLF;
    crlfLeft = -1;
    return to;
  }

  /** True once the '$' of the bulk length line being read was seen. */
  private boolean sawDollar;

  private int bulkLength(byte[] b, int p, int to) throws Malformed, TooLarge {
    if (!sawDollar) {
      if (b[p] != '$') {
        throw new Malformed("expected '$', got '" + (char) (b[p] & 0xff) + "'");
      }
      sawDollar = true;
      return p + 1;
    }
    int end = lineEnd(b, p, to, (byte) '\r', MAX_NUMBER, "invalid bulk length");
    if (end < 0) {
      return to;
    }
    sawDollar = false;
    long len = number(b, p, end, "invalid bulk length");
    if (len < 0 || len > maxBulk.getAsLong()) {
      throw new Malformed("invalid bulk length");
    }
    if (len > UNAUTHENTICATED_BULK && !authenticated.getAsBoolean()) {
      throw new Malformed("unauthenticated bulk length");
    }
    charge(len);
    bulkLen = (int) len;
    bulkFill = 0;
    if (len > Keyspace.STRING_CHUNK) {
      // received in pieces allocated as bytes arrive: never copied to grow, stored as they are
      pieces = new byte[(int) ((len + Keyspace.PIECE - 1) / Keyspace.PIECE)][];
      piece = 0;
      bulk = null;
    } else {
      // grown as bytes arrive, so a length announced but never sent costs nothing
      bulk = new byte[(int) Math.min(len, SCRATCH)];
    }
    state = State.BULK_DATA;
    return skipNewline(end, to);
  }

  private int bulkData(byte[] b, int p, int to) {
    if (pieces != null) {
      return pieceData(b, p, to);
    }
    int n = Math.min(to - p, bulkLen - bulkFill);
    if (bulkFill + n > bulk.length) {
      bulk = Arrays.copyOf(bulk, (int) Math.min(bulkLen, Math.max(bulkFill + n, 2L * bulk.length)));
    }
    System.arraycopy(b, p, bulk, bulkFill, n);
    bulkFill += n;
    if (bulkFill == bulkLen) {
      state = State.BULK_CRLF;
      crlfLeft = 2;
    }
    return p + n;
  }

  private int pieceData(byte[] b, int p, int to) {
    if (pieces[piece] == null) {
      pieces[piece] =
          new byte[(int) Math.min(Keyspace.PIECE, bulkLen - (long) piece * Keyspace.PIECE)];
    }
    byte[] cur = pieces[piece];
    int at = bulkFill - piece * Keyspace.PIECE;
    int n = Math.min(to - p, cur.length - at);
    System.arraycopy(b, p, cur, at, n);
    bulkFill += n;
    if (at + n == cur.length) {
      piece++;
    }
    if (bulkFill == bulkLen) {
      state = State.BULK_CRLF;
      crlfLeft = 2;
    }
    return p + n;
  }

  private int bulkCrlf(byte[] b, int p, int to, List<Object> out) throws Malformed {
    if (crlfLeft < 0) {
      // the '\n' of a length line whose '\r' ended the last read
      crlfLeft = 0;
      state = afterCr;
      return p + 1;
    }
    while (crlfLeft > 0 && p < to) {
      if (b[p] != (crlfLeft == 2 ? '\r' : '\n')) {
        throw new Malformed("bulk string not terminated by CRLF");
      }
      crlfLeft--;
      p++;
    }
    if (crlfLeft > 0) {
      return p;
    }
    if (pieces != null) {
      args.add(pieces);
      pieced = true;
      pieces = null;
    } else {
      args.add(bulk);
    }
    bulk = null;
    if (--argsLeft == 0) {
      out.add(
          pieced
              ? new PiecedArgs(args)
              : args.size() > PackedArgs.MIN_ARGS ? PackedArgs.of(args) : args);
      pieced = false;
      args = null;
      state = State.START;
    } else {
      state = State.BULK_LEN;
    }
    return p;
  }
}
