package dev.orbit.node.cql;

/**
 * The Murmur3Partitioner's token of a partition key: the first half of MurmurHash3 x64 128 with
 * Cassandra's reading of tail bytes as signed, so tokens equal those Cassandra and drivers compute.
 */
public final class Murmur3 {
  private static final long C1 = 0x87c37b91114253d5L;
  private static final long C2 = 0x4cf5ad432745937fL;

  private Murmur3() {}

  public static long token(byte[] key) {
    long h = hash(key);
    return h == Long.MIN_VALUE ? Long.MAX_VALUE : h;
  }

  private static long block(byte[] k, int i) {
    long v = 0;
    for (int b = 7; b >= 0; b--) {
      v = (v << 8) | (k[i + b] & 0xFFL);
    }
    return v;
  }

  private static long hash(byte[] key) {
    int length = key.length;
    int nblocks = length >> 4;
    long h1 = 0;
    long h2 = 0;
    for (int i = 0; i < nblocks; i++) {
      long k1 = block(key, i * 16);
      long k2 = block(key, i * 16 + 8);
      k1 *= C1;
      k1 = Long.rotateLeft(k1, 31);
      k1 *= C2;
      h1 ^= k1;
      h1 = Long.rotateLeft(h1, 27);
      h1 += h2;
      h1 = h1 * 5 + 0x52dce729;
      k2 *= C2;
      k2 = Long.rotateLeft(k2, 33);
      k2 *= C1;
      h2 ^= k2;
      h2 = Long.rotateLeft(h2, 31);
      h2 += h1;
      h2 = h2 * 5 + 0x38495ab5;
    }
    int off = nblocks * 16;
    long k1 = 0;
    long k2 = 0;
    int tail = length & 15;
    for (int i = tail - 1; i >= 8; i--) {
      k2 ^= ((long) key[off + i]) << ((i - 8) * 8);
    }
    if (tail > 8) {
      k2 *= C2;
      k2 = Long.rotateLeft(k2, 33);
      k2 *= C1;
      h2 ^= k2;
    }
    for (int i = Math.min(tail, 8) - 1; i >= 0; i--) {
      k1 ^= ((long) key[off + i]) << (i * 8);
    }
    if (tail > 0) {
      k1 *= C1;
      k1 = Long.rotateLeft(k1, 31);
      k1 *= C2;
      h1 ^= k1;
    }
    h1 ^= length;
    h2 ^= length;
    h1 += h2;
    h2 += h1;
    h1 = fmix(h1);
    h2 = fmix(h2);
    h1 += h2;
    return h1;
  }

  private static long fmix(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }
}
