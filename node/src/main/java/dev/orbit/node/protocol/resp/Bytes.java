package dev.orbit.node.protocol.resp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A byte string usable as a map key (channels, patterns, watched keys). */
record Bytes(byte[] b) implements Comparable<Bytes> {
  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes other && Arrays.equals(b, other.b);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(b);
  }

  @Override
  public int compareTo(Bytes o) {
    return Arrays.compareUnsigned(b, o.b);
  }

  @Override
  public String toString() {
    return new String(b, StandardCharsets.UTF_8);
  }
}
