package dev.orbit.node.protocol.resp;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A Redis reply, written by {@link ReplyWriter} in the connection's protocol (RESP2 or RESP3):
 * RESP3 types (maps, sets, doubles, booleans, nulls, push messages) fall back to their RESP2 form.
 */
public sealed interface Reply {
  Reply OK = new Simple("OK");
  Reply PONG = new Simple("PONG");
  Reply QUEUED = new Simple("QUEUED");
  Reply NIL = new Nil(false);
  Reply NIL_ARRAY = new Nil(true);
  Reply ZERO = new Int(0);
  Reply ONE = new Int(1);
  Reply EMPTY_ARRAY = new Array(List.of());

  /** Not a reply: nothing is sent (CLIENT REPLY OFF and SKIP themselves). */
  Reply NONE = new Many(List.of());

  /** Not a reply: the command blocked its client; the reply comes when it is served. */
  Reply BLOCKED = new Simple("BLOCKED");

  void write(ReplyWriter w);

  /** Bytes this reply takes on the wire, roughly (for output limits). */
  long size();

  static Reply error(String message) {
    return new Error(message);
  }

  static Reply bulk(byte[] b) {
    return b == null ? NIL : new Bulk(b);
  }

  static Reply bulk(String s) {
    return s == null ? NIL : new Bulk(s.getBytes(StandardCharsets.UTF_8));
  }

  static Reply integer(long n) {
    return n == 0 ? ZERO : n == 1 ? ONE : new Int(n);
  }

  static Reply array(List<Reply> items) {
    return new Array(items);
  }

  static Reply bool(boolean b) {
    return new Bool(b);
  }

  /** {@code +text} */
  record Simple(String text) implements Reply {
    @Override
    public void write(ReplyWriter w) {
      w.line('+', text);
    }

    @Override
    public long size() {
      return text.length() + 3;
    }
  }

  /** {@code -message}; the message starts with its error code, e.g. {@code ERR ...}. */
  record Error(String message) implements Reply {
    @Override
    public void write(ReplyWriter w) {
      w.line('-', message.replace('\r', ' ').replace('\n', ' '));
    }

    @Override
    public long size() {
      return message.length() + 3;
    }

    /** The error code, e.g. {@code ERR} or {@code WRONGTYPE}. */
    public String code() {
      int sp = message.indexOf(' ');
      return sp < 0 ? message : message.substring(0, sp);
    }
  }

  /** {@code :n} */
  record Int(long value) implements Reply {
    @Override
    public void write(ReplyWriter w) {
      w.number(':', value);
    }

    @Override
    public long size() {
      return 22;
    }
  }

  /** {@code $len data} */
  record Bulk(byte[] data) implements Reply {
    @Override
    public void write(ReplyWriter w) {
      w.bulk(data);
    }

    @Override
    public long size() {
      return data.length + 16;
    }
  }

  /** The null bulk string ({@code $-1}) or null array ({@code *-1}); RESP3's {@code _}. */
  record Nil(boolean array) implements Reply {
    @Override
    public void write(ReplyWriter w) {
      if (w.resp3()) {
        w.raw(ReplyWriter.NULL3);
      } else {
        w.raw(array ? ReplyWriter.NIL_ARRAY : ReplyWriter.NIL_BULK);
      }
    }

    @Override
    public long size() {
      return 5;
    }
  }

  /** {@code *n items} */
  record Array(List<Reply> items) implements Reply {
    @Override
    public void write(ReplyWriter w) {
      w.number('*', items.size());
      for (Reply r : items) {
        r.write(w);
      }
    }

    @Override
    public long size() {
      long n = 16;
      for (Reply r : items) {
        n += r.size();
      }
      return n;
    }
  }

  /** RESP3 {@code %n} of key, value, key, value …; a flat array in RESP2. */
  record MapReply(List<Reply> keysAndValues) implements Reply {
    @Override
    public void write(ReplyWriter w) {
      if (w.resp3()) {
        w.number('%', keysAndValues.size() / 2);
      } else {
        w.number('*', keysAndValues.size());
      }
      for (Reply r : keysAndValues) {
        r.write(w);
      }
    }

    @Override
    public long size() {
      return new Array(keysAndValues).size();
    }
  }

  /** RESP3 {@code ~n}; an array in RESP2. */
  record SetReply(List<Reply> items) implements Reply {
    @Override
    public void write(ReplyWriter w) {
      w.number(w.resp3() ? '~' : '*', items.size());
      for (Reply r : items) {
        r.write(w);
      }
    }

    @Override
    public long size() {
      return new Array(items).size();
    }
  }

  /** RESP3 {@code >n} (pub/sub messages); an array in RESP2. */
  record Push(List<Reply> items) implements Reply {
    @Override
    public void write(ReplyWriter w) {
      w.number(w.resp3() ? '>' : '*', items.size());
      for (Reply r : items) {
        r.write(w);
      }
    }

    @Override
    public long size() {
      return new Array(items).size();
    }
  }

  /** RESP3 {@code ,d}; a bulk string in RESP2, formatted as Redis formats doubles. */
  record DoubleReply(double value) implements Reply {
    @Override
    public void write(ReplyWriter w) {
      String s = Doubles.format(value);
      if (w.resp3()) {
        w.line(',', s);
      } else {
        w.bulk(s.getBytes(StandardCharsets.US_ASCII));
      }
    }

    @Override
    public long size() {
      return 32;
    }
  }

  /** RESP3 {@code #t}/{@code #f}; {@code :1}/{@code :0} in RESP2. */
  record Bool(boolean value) implements Reply {
    @Override
    public void write(ReplyWriter w) {
      if (w.resp3()) {
        w.line('#', value ? "t" : "f");
      } else {
        w.number(':', value ? 1 : 0);
      }
    }

    @Override
    public long size() {
      return 4;
    }
  }

  /** RESP3 verbatim string {@code =len fmt:text}; a bulk string in RESP2. */
  record Verbatim(String format, String text) implements Reply {
    @Override
    public void write(ReplyWriter w) {
      byte[] t = text.getBytes(StandardCharsets.UTF_8);
      if (w.resp3()) {
        byte[] all = new byte[t.length + 4];
        System.arraycopy(format.getBytes(StandardCharsets.US_ASCII), 0, all, 0, 3);
        all[3] = ':';
        System.arraycopy(t, 0, all, 4, t.length);
        w.bulk('=', all);
      } else {
        w.bulk(t);
      }
    }

    @Override
    public long size() {
      return text.length() + 20;
    }
  }

  /** Several replies to one command, sent one after the other (SUBSCRIBE of several channels). */
  record Many(List<Reply> items) implements Reply {
    @Override
    public void write(ReplyWriter w) {
      for (Reply r : items) {
        r.write(w);
      }
    }

    @Override
    public long size() {
      return new Array(items).size();
    }
  }
}
