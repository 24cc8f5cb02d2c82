package dev.orbit.node.protocol.resp;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * A command's arguments where some large ones arrived as pieces ({@link RespDecoder}): a command
 * that stores a string takes the pieces as its chunk records ({@link #pieces}), so a large value is
 * never held twice; any other use joins the pieces into one array on first access.
 */
final class PiecedArgs extends AbstractList<byte[]> implements RandomAccess {
  private final Object[] items; // byte[] or byte[][] (pieces)

  PiecedArgs(List<Object> items) {
    this.items = items.toArray();
  }

  @Override
  public int size() {
    return items.length;
  }

  @Override
  public byte[] get(int i) {
    if (items[i] instanceof byte[][] pieces) {
      items[i] = join(pieces);
    }
    return (byte[]) items[i];
  }

  /** The pieces of argument {@code i}, or null when it is one array. */
  byte[][] pieces(int i) {
    return items[i] instanceof byte[][] p ? p : null;
  }

  /** The length of argument {@code i}, without joining its pieces. */
  long length(int i) {
    if (items[i] instanceof byte[][] pieces) {
      long n = 0;
      for (byte[] p : pieces) {
        n += p.length;
      }
      return n;
    }
    return ((byte[]) items[i]).length;
  }

  /** The pieces of {@code args}' argument {@code i}, or null when it is one array. */
  static byte[][] piecesOf(List<byte[]> args, int i) {
    return args instanceof PiecedArgs p ? p.pieces(i) : null;
  }

  private static byte[] join(byte[][] pieces) {
    long n = 0;
    for (byte[] p : pieces) {
      n += p.length;
    }
    byte[] out = new byte[Math.toIntExact(n)];
    int at = 0;
    for (byte[] p : pieces) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
