package dev.orbit.node.protocol.resp;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Splits an inline command into arguments exactly as Redis's {@code sdssplitargs()} does. */
final class InlineSplitter {
  private InlineSplitter() {}

  /** The arguments of {@code line[0, len)}, or null when its quotes are unbalanced. */
  static List<byte[]> split(byte[] line, int len) {
    List<byte[]> out = new ArrayList<>();
    int p = 0;
    while (true) {
      while (at(line, len, p) != 0 && isSpace(at(line, len, p))) {
        p++;
      }
      if (at(line, len, p) == 0) {
        return out; // a NUL ends the line, as in C
      }
      boolean inq = false;
      boolean insq = false;
      boolean done = false;
      ByteArrayOutputStream cur = new ByteArrayOutputStream();
      while (!done) {
        int c = at(line, len, p);
        if (inq) {
          if (c == '\\'
              && at(line, len, p + 1) == 'x'
              && hex(at(line, len, p + 2)) >= 0
              && hex(at(line, len, p + 3)) >= 0) {
            cur.write(hex(at(line, len, p + 2)) * 16 + hex(at(line, len, p + 3)));
            p += 3;
          } else if (c == '\\' && at(line, len, p + 1) != 0) {
            p++;
            int e = at(line, len, p);
            cur.write(
                switch (e) {
                  case 'n' -> '\n';
                  case 'r' -> '\r';
                  case 't' -> '\t';
                  case 'b' -> '\b';
                  case 'a' -> 7;
                  default -> e;
                });
          } else if (c == '"') {
            int next = at(line, len, p + 1);
            if (next != 0 && !isSpace(next)) {
              return null; // a closing quote must be followed by a space or nothing
            }
            done = true;
          } else if (c == 0) {
            return null; // unterminated quotes
          } else {
            cur.write(c);
          }
        } else if (insq) {
          if (c == '\\' && at(line, len, p + 1) == '\'') {
            p++;
            cur.write('\'');
          } else if (c == '\'') {
            int next = at(line, len, p + 1);
            if (next != 0 && !isSpace(next)) {
              return null;
            }
            done = true;
          } else if (c == 0) {
            return null;
          } else {
            cur.write(c);
          }
        } else {
          switch (c) {
            case ' ', '\n', '\r', '\t', 0 -> done = true;
            case '"' -> inq = true;
            case '\'' -> insq = true;
            default -> cur.write(c);
          }
        }
        if (at(line, len, p) != 0) {
          p++;
        }
      }
      out.add(cur.toByteArray());
    }
  }

  private static int at(byte[] b, int len, int i) {
    return i < len ? b[i] & 0xff : 0;
  }

  private static boolean isSpace(int c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
  }

  private static int hex(int c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
