package dev.orbit.config;

/** A configuration the node refuses to start with; the message names the key. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
