package dev.orbit.node.cql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.datastax.oss.driver.internal.core.metadata.token.Murmur3Token;
import com.datastax.oss.driver.internal.core.metadata.token.Murmur3TokenFactory;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Murmur3Test {
  private static long driverToken(byte[] key) {
    return ((Murmur3Token) new Murmur3TokenFactory().hash(ByteBuffer.wrap(key))).getValue();
  }

  @Test
  void intKeysHaveCassandrasTokens() {
    // SELECT token(k) in Cassandra for an int partition key k = 1, 2, 3
    assertEquals(-4069959284402364209L, Murmur3.token(Values.ofInt(1)));
    assertEquals(-3248873570005575792L, Murmur3.token(Values.ofInt(2)));
    assertEquals(9010454139840013625L, Murmur3.token(Values.ofInt(3)));
  }

  @Test
  void tokensEqualTheDriversForKeysOfEveryLength() {
    SplittableRandom r = new SplittableRandom(7);
    for (int len = 0; len <= 40; len++) {
      for (int i = 0; i < 50; i++) {
        byte[] key = new byte[len];
        r.nextBytes(key);
        assertEquals(driverToken(key), Murmur3.token(key), "key of length " + len);
      }
    }
  }

  @Test
  void textKeysWithHighBitBytesEqualTheDrivers() {
    for (String s : new String[] {"", "a", "orbit", "ünïcödé tail", "αβγδεζηθικλμνξοπρστυφ"}) {
      byte[] key = Values.ofText(s);
      assertEquals(driverToken(key), Murmur3.token(key), s);
    }
  }
}
