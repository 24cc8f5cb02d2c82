package dev.orbit.node.protocol.pg;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The server side of SCRAM-SHA-256 (RFC 5802 / RFC 7677) as PostgreSQL runs it: no channel binding
 * (no TLS yet), the user name taken from the startup packet.
 */
final class Scram {
  static final String MECHANISM = "SCRAM-SHA-256";
  static final int ITERATIONS = 4096;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** What the server keeps of a password. */
  record Verifier(byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {
    static Verifier of(String password) {
      byte[] salt = new byte[16];
      RANDOM.nextBytes(salt);
      byte[] salted = pbkdf2(password, salt, ITERATIONS);
      byte[] clientKey = hmac(salted, "Client Key");
      return new Verifier(salt, ITERATIONS, sha256(clientKey), hmac(salted, "Server Key"));
    }

    /**
     * A verifier no proof matches, with a salt derived from the user name and a server secret:
     * stable for a name, as PostgreSQL's mock authentication, so unknown and known users look
     * alike.
     */
    static Verifier mock(String user, byte[] secret) {
      byte[] material = new byte[secret.length + user.length() * 4];
      System.arraycopy(secret, 0, material, 0, secret.length);
      byte[] u = user.getBytes(StandardCharsets.UTF_8);
      material = java.util.Arrays.copyOf(material, secret.length + u.length);
      System.arraycopy(u, 0, material, secret.length, u.length);
      byte[] salt = java.util.Arrays.copyOf(sha256(material), 16);
      byte[] k = new byte[32];
      RANDOM.nextBytes(k);
      return new Verifier(salt, ITERATIONS, k, k);
    }
  }

  /** One exchange in progress. */
  static final class Exchange {
    private final Verifier verifier;
    private String clientFirstBare;
    private String serverFirst;
    private String gs2Header;
    private String nonce;

    Exchange(Verifier verifier) {
      this.verifier = verifier;
    }

    /** Takes client-first-message; returns server-first-message, or null when malformed. */
    String first(String clientFirst) {
      String gs2;
      if (clientFirst.startsWith("n,") || clientFirst.startsWith("y,")) {
        int second = clientFirst.indexOf(',', 2);
        if (second < 0) {
          return null;
        }
        gs2 = clientFirst.substring(0, second + 1);
        clientFirstBare = clientFirst.substring(second + 1);
      } else {
        return null;
      }
      gs2Header = gs2;
      String clientNonce = null;
      for (String part : clientFirstBare.split(",")) {
        if (part.startsWith("r=")) {
          clientNonce = part.substring(2);
        }
      }
      if (clientNonce == null || clientNonce.isEmpty()) {
        return null;
      }
      byte[] mine = new byte[18];
      RANDOM.nextBytes(mine);
      nonce = clientNonce + Base64.getEncoder().encodeToString(mine);
      serverFirst =
          "r="
              + nonce
              + ",s="
              + Base64.getEncoder().encodeToString(verifier.salt())
              + ",i="
              + verifier.iterations();
      return serverFirst;
    }

    /** Checks client-final-message; returns server-final-message, or null when the proof fails. */
    String last(String clientFinal) {
      int p = clientFinal.lastIndexOf(",p=");
      if (p < 0 || serverFirst == null) {
        return null;
      }
      String withoutProof = clientFinal.substring(0, p);
      String channel = null;
      String finalNonce = null;
      for (String part : withoutProof.split(",")) {
        if (part.startsWith("c=")) {
          channel = part.substring(2);
        } else if (part.startsWith("r=")) {
          finalNonce = part.substring(2);
        }
      }
      String expected =
          Base64.getEncoder().encodeToString(gs2Header.getBytes(StandardCharsets.UTF_8));
      if (!expected.equals(channel) || !nonce.equals(finalNonce)) {
        return null;
      }
      byte[] proof;
      try {
        proof = Base64.getDecoder().decode(clientFinal.substring(p + 3));
      } catch (IllegalArgumentException e) {
        return null;
      }
      String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
      byte[] signature = hmac(verifier.storedKey(), authMessage);
      if (proof.length != signature.length) {
        return null;
      }
      byte[] clientKey = new byte[proof.length];
      for (int i = 0; i < proof.length; i++) {
        clientKey[i] = (byte) (proof[i] ^ signature[i]);
      }
      if (!MessageDigest.isEqual(sha256(clientKey), verifier.storedKey())) {
        return null;
      }
      return "v=" + Base64.getEncoder().encodeToString(hmac(verifier.serverKey(), authMessage));
    }
  }

  static byte[] pbkdf2(String password, byte[] salt, int iterations) {
    try {
      SecretKeyFactory f = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
      return f.generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256))
          .getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private Scram() {}
}
