package dev.orbit.node.protocol.cql;

import dev.orbit.config.NodeConfig;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/** PasswordAuthenticator: SASL PLAIN tokens checked against {@code auth.users}. */
final class CqlAuth {
  private final boolean required;
  private final Map<String, String> users;

  CqlAuth(NodeConfig.Auth auth) {
    this.required = auth.method != NodeConfig.AuthMethod.TRUST;
    this.users = Map.copyOf(auth.users);
  }

  boolean required() {
    return required;
  }

  /** The user a PLAIN token ({@code authzid \0 user \0 password}) proves, or null. */
  String check(ByteBuffer token) {
    if (token == null) {
      return null;
    }
    byte[] b = new byte[token.remaining()];
    token.duplicate().get(b);
    String s = new String(b, StandardCharsets.UTF_8);
    int second = s.lastIndexOf('\0');
    int first = second <= 0 ? -1 : s.lastIndexOf('\0', second - 1);
    if (second < 0) {
      return null;
    }
    String user = s.substring(first + 1, second);
    String password = s.substring(second + 1);
    String want = users.get(user);
    if (want == null) {
      return null;
    }
    return MessageDigest.isEqual(
            want.getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8))
        ? user
        : null;
  }
}
