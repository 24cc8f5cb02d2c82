package dev.orbit.operator.api.v1alpha1;

/**
 * The CEL rules ({@code x-kubernetes-validations}) and patterns of the CRD, in one place: the API
 * server refuses a manifest that breaks one at {@code kubectl apply}, with the rule's message.
 * Constants, because annotation values must be; tests keep them equal to the node's rules.
 */
public final class Rules {
  private Rules() {}

  /** Protocols this node build serves, as the not-served rules name them (ServedProtocols). */
  public static final String SERVED = "available: cql, postgres, redis";

  /** A protocol this build does not serve may not be enabled. */
  public static final String NOT_ENABLED = "!has(self.enabled) || !self.enabled";

  /**
   * A node duration the CRD accepts: an optional days part first, then hour, minute, second and
   * millisecond parts, e.g. {@code 30d}, {@code 1d12h}, {@code 1h30m}, {@code 500ms}. The digit
   * limits keep every duration within CEL's range (about 290 years).
   */
  public static final String DURATION =
      "^([0-9]{1,4}d)?([0-9]{1,5}h|[0-9]{1,7}m|[0-9]{1,8}s|[0-9]{1,9}ms)*$";

  /** Shortest and longest duration text (the length bounds the cost of the CEL rules). */
  public static final long DURATION_MIN_LENGTH = 2;

  public static final long DURATION_MAX_LENGTH = 32;

  /**
   * A storage size: a positive number with an optional binary or decimal suffix, e.g. {@code 10Gi},
   * {@code 1.5Ti}, {@code 500M}; a Quantity may be an integer, hence {@code string(self)}.
   */
  public static final String SIZE =
      "string(self).matches('^([0-9]+([.][0-9]+)?|[.][0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$')"
          + " && !string(self).matches('^[0.]+[A-Za-z]*$')";

  private static final String WARM =
      "(has(self.warm) && has(self.warm.minAge) ? self.warm.minAge : '48h')";
  private static final String COLD =
      "(has(self.cold) && has(self.cold.minAge) ? self.cold.minAge : '720h')";

  /** A duration text as a CEL duration: CEL's {@code duration()} has no days, so 1d = 24h. */
  private static final String WARM_DURATION =
      "("
          + WARM
          + ".contains('d') ? duration(string(int("
          + WARM
          + ".split('d')[0]) * 24) + 'h' + "
          + WARM
          + ".split('d')[1]) : duration("
          + WARM
          + "))";

  private static final String COLD_DURATION =
      "("
          + COLD
          + ".contains('d') ? duration(string(int("
          + COLD
          + ".split('d')[0]) * 24) + 'h' + "
          + COLD
          + ".split('d')[1]) : duration("
          + COLD
          + "))";

  /** Data moves to cold no earlier than to warm (defaults 48h and 720h when omitted). */
  public static final String WARM_BEFORE_COLD = WARM_DURATION + " <= " + COLD_DURATION;

  /** The keys spec.config may set (ConfigKeys.SETTABLE); the rest the operator manages. */
  public static final String CONFIG_KEYS =
      "'backup.concurrency', 'backup.partSize', "
          + "'protocols.cql.authenticationTimeout', 'protocols.cql.frameTimeout', "
          + "'protocols.cql.idleTimeout', 'protocols.cql.maxConnections', "
          + "'protocols.postgres.authenticationTimeout', "
          + "'protocols.postgres.frameTimeout', 'protocols.postgres.maxConnections', "
          + "'protocols.redis.authenticationTimeout', "
          + "'protocols.redis.clientOutputBufferLimit', "
          + "'protocols.redis.clientOutputBufferLimitPubsub', "
          + "'protocols.redis.frameTimeout', 'protocols.redis.ioThreads', "
          + "'protocols.redis.maxClients', 'protocols.redis.protoMaxBulkLen', "
          + "'protocols.redis.timeout', 'replication.electionTimeout', "
          + "'replication.logSegmentSize', 'replication.maxReadLag', "
          + "'replication.snapshotEntries', 'replication.writeTimeout', "
          + "'storage.blockCacheSize', 'storage.durability', 'storage.recordCacheSize', "
          + "'storage.writeBufferSize', 'tiering.cold.compression', 'tiering.cold.minAge', "
          + "'tiering.enabled', 'tiering.interval', 'tiering.warm.compression', "
          + "'tiering.warm.minAge', 'watchdog.livenessStall', 'watchdog.readinessStall'";

  public static final String CONFIG_KEYS_ONLY = "self.all(k, k in [" + CONFIG_KEYS + "])";

  /** Longest cluster name: pods are labelled {@code <name>-<10-char revision>} (63 at most). */
  public static final String NAME_LENGTH = "self.metadata.name.size() <= 52";
}
