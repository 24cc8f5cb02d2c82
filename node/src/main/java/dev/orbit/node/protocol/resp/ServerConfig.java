package dev.orbit.node.protocol.resp;

/** The parameters CONFIG GET reports, so tools like redis-benchmark can read them. */
final class ServerConfig {
  private ServerConfig() {}

  static final String[][] PARAMS = {
    {"save", ""},
    {"appendonly", "no"},
    {"appendfsync", "everysec"},
    {"databases", "1"},
    {"maxmemory", "0"},
    {"maxmemory-policy", "noeviction"},
    {"timeout", "0"},
  };
}
