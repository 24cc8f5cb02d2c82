package dev.orbit.node.protocol.resp;

import static dev.orbit.node.protocol.resp.Args.is;
import static dev.orbit.node.protocol.resp.Args.parseLong;

import dev.orbit.node.redis.Meta;
import java.util.Arrays;
import java.util.List;

/** Bit operations on strings: SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, as in Redis 7.0. */
final class BitCommands {
  private BitCommands() {}

  static void register(CommandTable t) {
    t.key1("setbit", 4, Cmd.WRITE, BitCommands::setbit);
    t.key1("getbit", 3, Cmd.READONLY, BitCommands::getbit);
    t.key1("bitcount", -2, Cmd.READONLY, BitCommands::bitcount);
    t.key1("bitpos", -3, Cmd.READONLY, BitCommands::bitpos);
    t.add("bitop", -4, Cmd.WRITE, 2, -1, 1, BitCommands::bitop);
  }

  private static long bitOffset(Ctx c, byte[] arg) {
    Long v = Args.tryLong(arg);
    long max = c.engine.state.config.getLong("proto-max-bulk-len") * 8;
    if (v == null || v < 0 || v >= max) {
      throw new RedisError("ERR bit offset is not an integer or out of range");
    }
    return v;
  }

  private static Reply setbit(Ctx c, List<byte[]> a) {
    long offset = bitOffset(c, a.get(2));
    Long on = Args.tryLong(a.get(3));
    if (on == null || (on & ~1L) != 0) {
      throw new RedisError("ERR bit is not an integer or out of range");
    }
    byte[] key = a.get(1);
    Meta m = c.typed(key, Meta.Type.STRING);
    int index = (int) (offset >> 3);
    byte[] v = m == null ? new byte[0] : m.value();
    if (v.length <= index) {
      StringCommands.checkLength(c, index, 1);
      v = Arrays.copyOf(v, index + 1);
    } else {
      v = v.clone();
    }
    int bit = 7 - (int) (offset & 7);
    int old = (v[index] >> bit) & 1;
    v[index] = (byte) ((v[index] & ~(1 << bit)) | (on.intValue() << bit));
    c.ks.put(
        c.tx,
        c.db(),
        key,
        m == null ? c.stored(key) : m,
        Meta.rawString(v, m == null ? 0 : m.expireAt()));
    return Reply.integer(old);
  }

  private static Reply getbit(Ctx c, List<byte[]> a) {
    long offset = bitOffset(c, a.get(2));
    byte[] v = StringCommands.value(c, a.get(1));
    int index = (int) (offset >> 3);
    if (v == null || index >= v.length) {
      return Reply.ZERO;
    }
    return Reply.integer((v[index] >> (7 - (offset & 7))) & 1);
  }

  /** A BYTE/BIT range resolved to bytes and edge masks, as Redis does it. */
  private record Range(long start, long end, int firstMask, int lastMask) {}

  private static Range range(long start, long end, long len, boolean isBit) {
    long total = isBit ? len << 3 : len;
    if (start < 0) {
      start = total + start;
    }
    if (end < 0) {
      end = total + end;
    }
    start = Math.max(0, start);
    end = Math.max(0, end);
    if (end >= total) {
      end = total - 1;
    }
    int first = 0;
    int last = 0;
    if (isBit && start <= end) {
      first = ~((1 << (8 - (start & 7))) - 1) & 0xFF;
      last = (1 << (7 - (end & 7))) - 1;
      start >>= 3;
      end >>= 3;
    }
    return new Range(start, end, first, last);
  }

  private static boolean unit(List<byte[]> a, int at) {
    if (a.size() <= at) {
      return false;
    }
    if (is(a.get(at), "BIT")) {
      return true;
    }
    if (is(a.get(at), "BYTE")) {
      return false;
    }
    throw RedisError.syntax();
  }

  private static Reply bitcount(Ctx c, List<byte[]> a) {
    if (a.size() != 2 && a.size() != 4 && a.size() != 5) {
      throw RedisError.syntax();
    }
    byte[] v = StringCommands.value(c, a.get(1));
    if (v == null) {
      return Reply.ZERO;
    }
    long start = 0;
    long end = v.length - 1;
    int first = 0;
    int last = 0;
    if (a.size() > 2) {
      start = parseLong(a.get(2));
      end = parseLong(a.get(3));
      if (start < 0 && end < 0 && start > end) {
        return Reply.ZERO;
      }
      Range r = range(start, end, v.length, unit(a, 4));
      start = r.start();
      end = r.end();
      first = r.firstMask();
      last = r.lastMask();
    }
    if (start > end) {
      return Reply.ZERO;
    }
    c.work((end - start) / 4096);
    long count = 0;
    for (long i = start; i <= end; i++) {
      count += Integer.bitCount(v[(int) i] & 0xFF);
    }
    if (first != 0) {
      count -= Integer.bitCount(v[(int) start] & first);
    }
    if (last != 0) {
      count -= Integer.bitCount(v[(int) end] & last);
    }
    return Reply.integer(count);
  }

  /** The first bit equal to {@code bit} in {@code b[from, from+n)}, as redisBitpos counts. */
  private static long bitposIn(byte[] b, int from, int n, int bit) {
    for (int i = 0; i < n; i++) {
      int x = b[from + i] & 0xFF;
      if (bit == 1 ? x != 0 : x != 0xFF) {
        for (int k = 7; k >= 0; k--) {
          if (((x >> k) & 1) == bit) {
            return (long) i * 8 + (7 - k);
          }
        }
      }
    }
    return bit == 1 ? -1 : (long) n * 8;
  }

  private static Reply bitpos(Ctx c, List<byte[]> a) {
    long bit = parseLong(a.get(2));
    if (bit != 0 && bit != 1) {
      throw new RedisError("ERR The bit argument must be 1 or 0.");
    }
    Meta m = c.live(a.get(1));
    if (m == null) {
      return Reply.integer(bit == 1 ? -1 : 0);
    }
    if (!m.isString()) {
      throw RedisError.wrongType();
    }
    byte[] p = m.value();
    long start = 0;
    long end = p.length - 1;
    boolean endGiven = false;
    int first = 0;
    int last = 0;
    if (a.size() >= 4 && a.size() <= 6) {
      start = parseLong(a.get(3));
      boolean isBit = unit(a, 5);
      long len = p.length;
      if (a.size() >= 5) {
        end = parseLong(a.get(4));
        endGiven = true;
      } else {
        end = isBit ? (len << 3) + 7 : len - 1;
      }
      Range r = range(start, end, len, isBit);
      start = r.start();
      end = r.end();
      first = r.firstMask();
      last = r.lastMask();
    } else if (a.size() != 3) {
      throw RedisError.syntax();
    }
    if (start > end) {
      return Reply.integer(-1);
    }
    c.work((end - start) / 4096);
    int b = (int) bit;
    long bytes = end - start + 1;
    long pos;
    found:
    {
      if (first != 0) {
        int t = b == 1 ? p[(int) start] & ~first : p[(int) start] | first;
        if (last != 0 && bytes == 1) {
          t = b == 1 ? t & ~last : t | last;
        }
        pos = bitposIn(new byte[] {(byte) t}, 0, 1, b);
        if (bytes == 1 || (pos != -1 && pos != 8)) {
          break found;
        }
        start++;
        bytes--;
      }
      long cur = bytes - (last != 0 ? 1 : 0);
      if (cur > 0) {
        pos = bitposIn(p, (int) start, (int) cur, b);
        if (bytes == cur || (pos != -1 && pos != cur << 3)) {
          break found;
        }
        start += cur;
        bytes -= cur;
      }
      int t = b == 1 ? p[(int) end] & ~last : p[(int) end] | last;
      pos = bitposIn(new byte[] {(byte) t}, 0, 1, b);
    }
    if (endGiven && b == 0 && pos == bytes << 3) {
      return Reply.integer(-1);
    }
    if (pos != -1) {
      pos += start << 3;
    }
    return Reply.integer(pos);
  }

  private static Reply bitop(Ctx c, List<byte[]> a) {
    byte[] op = a.get(1);
    int kind;
    if (is(op, "AND")) {
      kind = 0;
    } else if (is(op, "OR")) {
      kind = 1;
    } else if (is(op, "XOR")) {
      kind = 2;
    } else if (is(op, "NOT")) {
      kind = 3;
    } else {
      throw RedisError.syntax();
    }
    if (kind == 3 && a.size() != 4) {
      throw new RedisError("ERR BITOP NOT must be called with a single source key.");
    }
    byte[][] src = new byte[a.size() - 3][];
    int max = 0;
    for (int i = 3; i < a.size(); i++) {
      byte[] v = StringCommands.value(c, a.get(i));
      src[i - 3] = v == null ? new byte[0] : v;
      max = Math.max(max, src[i - 3].length);
    }
    c.work((long) max * src.length / 4096);
    byte[] out = new byte[max];
    for (int j = 0; j < max; j++) {
      int x = j < src[0].length ? src[0][j] & 0xFF : 0;
      if (kind == 3) {
        x = ~x & 0xFF;
      }
      for (int i = 1; i < src.length; i++) {
        int y = j < src[i].length ? src[i][j] & 0xFF : 0;
        x = kind == 0 ? x & y : kind == 1 ? x | y : x ^ y;
      }
      out[j] = (byte) x;
    }
    byte[] dest = a.get(2);
    Meta old = c.stored(dest);
    if (max == 0) {
      if (old != null) {
        c.ks.delete(c.tx, c.db(), dest, old);
      }
    } else {
      c.ks.put(c.tx, c.db(), dest, old, Meta.rawString(out, 0));
    }
    return Reply.integer(max);
  }
}
