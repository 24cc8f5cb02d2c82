package dev.orbit.node.protocol.resp;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * The arguments of a command with very many of them (an MGET or DEL of a million keys), packed in
 * one array with their ends in another: two objects instead of one per argument, so the garbage
 * collector has nothing to copy or trace while such a command runs for seconds (a million small
 * arrays held by it made every young collection meanwhile copy them, and stalled every client). An
 * argument is copied out when asked for.
 */
final class PackedArgs extends AbstractList<byte[]> implements RandomAccess {
  /** Commands with more arguments than this are packed. */
  static final int MIN_ARGS = 1024;

  private final byte[] data;
  private final int[] ends;

  private PackedArgs(byte[] data, int[] ends) {
    this.data = data;
    this.ends = ends;
  }

  /** {@code args} packed (each a {@code byte[]}; none in pieces). */
  static PackedArgs of(List<Object> args) {
    long total = 0;
    for (Object a : args) {
      total += ((byte[]) a).length;
    }
    byte[] data = new byte[Math.toIntExact(total)];
    int[] ends = new int[args.size()];
    int at = 0;
    for (int i = 0; i < ends.length; i++) {
      byte[] a = (byte[]) args.get(i);
      System.arraycopy(a, 0, data, at, a.length);
      at += a.length;
      ends[i] = at;
    }
    return new PackedArgs(data, ends);
  }

  @Override
  public int size() {
    return ends.length;
  }

  @Override
  public byte[] get(int i) {
    return Arrays.copyOfRange(data, i == 0 ? 0 : ends[i - 1], ends[i]);
  }

  /** Bytes of all the arguments. */
  long bytes() {
    return data.length;
  }
}
