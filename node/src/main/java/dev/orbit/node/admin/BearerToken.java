package dev.orbit.node.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Checks {@code Authorization: Bearer <token>} in constant time: both sides are hashed first, so
 * neither the content nor the length of the expected token shows in the time taken.
 */
final class BearerToken {
  private final byte[] expected;

  /** {@code token} null: every caller is let in. */
  BearerToken(String token) {
    this.expected = token == null ? null : sha256(token);
  }

  boolean required() {
    return expected != null;
  }

  /** Whether the Authorization header value {@code header} carries the token. */
  boolean accepts(String header) {
    if (expected == null) {
      return true;
    }
    if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    return MessageDigest.isEqual(expected, sha256(header.substring(7).trim()));
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
