package dev.orbit.operator.nodeclient;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** Reads the admin token out of a cluster's {@code <c>-admin-token} Secret. */
public final class AdminToken {
  /** The key of the token in the Secret. */
  public static final String KEY = "token";

  private AdminToken() {}

  /** The token, or empty while the Secret (or its key) does not exist. */
  public static Optional<String> of(Secret secret) {
    if (secret == null) {
      return Optional.empty();
    }
    if (secret.getData() != null && secret.getData().get(KEY) != null) {
      return Optional.of(
          new String(
              Base64.getDecoder().decode(secret.getData().get(KEY)), StandardCharsets.UTF_8));
    }
    if (secret.getStringData() != null && secret.getStringData().get(KEY) != null) {
      return Optional.of(secret.getStringData().get(KEY));
    }
    return Optional.empty();
  }
}
