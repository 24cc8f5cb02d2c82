package dev.orbit.operator.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.orbit.operator.api.v1alpha1.Compression;
import dev.orbit.operator.api.v1alpha1.Durability;
import dev.orbit.operator.api.v1alpha1.OrbitClusterSpec;
import dev.orbit.operator.api.v1alpha1.StorageSpec;
import dev.orbit.operator.api.v1alpha1.TierPolicy;
import dev.orbit.operator.api.v1alpha1.TieringSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Renders the node's {@code orbit.yaml} from a cluster spec (the node's config format). */
public final class NodeConfig {
  public static final String FILE_NAME = "orbit.yaml";
  public static final String MOUNT_DIR = "/etc/orbit";
  public static final String PATH = MOUNT_DIR + "/" + FILE_NAME;

  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .build());

  private NodeConfig() {}

  /**
   * The config tree: operator-managed layout, then the spec, then {@code spec.config} overrides.
   * The overrides must have passed {@link ConfigKeys#validate}.
   */
  public static Map<String, Object> tree(OrbitClusterSpec spec, StorageSpec storage) {
    return tree(spec, storage, Map.of());
  }

  /**
   * As {@link #tree(OrbitClusterSpec, StorageSpec)}, with the members of the replication groups
   * ({@code replication.peers}; none: the node is a group of one on a loopback port). The pods get
   * the members from the environment ({@link Members#ENV}), not from this file: only the validation
   * before rollout renders them here.
   */
  public static Map<String, Object> tree(
      OrbitClusterSpec spec, StorageSpec storage, Map<String, String> peers) {
    var root = new LinkedHashMap<String, Object>();
    root.put("dataDir", Tier.DATA_DIR);
    root.put("storage", storage(spec, storage));
    root.put("tiering", tiering(spec.getTiering()));
    var protocols = new LinkedHashMap<String, Object>();
    for (Protocol p : Protocol.values()) {
      var entry = new LinkedHashMap<String, Object>();
      entry.put("enabled", p.enabled(spec.getProtocols()));
      entry.put("port", p.port(spec.getProtocols()));
      protocols.put(p.key(), entry);
    }
    root.put("protocols", protocols);
    root.put("admin", new LinkedHashMap<>(Map.of("port", Protocol.ADMIN_PORT)));
    var replication = new LinkedHashMap<String, Object>();
    replication.put("port", Protocol.REPLICATION_PORT);
    if (!peers.isEmpty()) {
      replication.put("peers", new LinkedHashMap<>(peers));
    }
    root.put("replication", replication);
    if (spec.getConfig() != null) {
      new TreeMap<>(spec.getConfig()).forEach((k, v) -> put(root, k, ConfigKeys.typed(k, v)));
    }
    return root;
  }

  /** The YAML text of {@link #tree}. */
  public static String render(OrbitClusterSpec spec, StorageSpec storage) {
    return render(spec, storage, Map.of());
  }

  /** The YAML text of {@link #tree(OrbitClusterSpec, StorageSpec, Map)}. */
  public static String render(
      OrbitClusterSpec spec, StorageSpec storage, Map<String, String> peers) {
    try {
      return YAML.writeValueAsString(tree(spec, storage, peers));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render node config", e);
    }
  }

  /** Short, stable hash of a rendered config: the pod template annotation that rolls pods. */
  public static String hash(String rendered) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(rendered.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  private static Map<String, Object> storage(OrbitClusterSpec spec, StorageSpec storage) {
    var s = new LinkedHashMap<String, Object>();
    s.put("walDir", Tier.WAL.mountPath());
    s.put("hotDir", Tier.HOT.mountPath());
    s.put("warmDir", dirOf(Tier.WARM, storage));
    s.put("coldDir", dirOf(Tier.COLD, storage));
    Durability d = spec.getDurability() == null ? Durability.GROUP : spec.getDurability();
    s.put("durability", d.configValue());
    return s;
  }

  /** A tier with its own volume uses it; otherwise it lives in a folder of the hot volume. */
  static String dirOf(Tier tier, StorageSpec storage) {
    return tier.volume(storage).isPresent()
        ? tier.mountPath()
        : Tier.HOT.mountPath() + "/tiers/" + tier.volumeName();
  }

  private static Map<String, Object> tiering(TieringSpec tiering) {
    var t = tiering == null ? new TieringSpec() : tiering;
    var m = new LinkedHashMap<String, Object>();
    m.put("enabled", t.getEnabled() == null || t.getEnabled());
    m.put("interval", t.getInterval() == null ? "1m" : t.getInterval());
    m.put("warm", policy(t.getWarm(), "48h", Compression.LZ4));
    m.put("cold", policy(t.getCold(), "720h", Compression.ZSTD));
    return m;
  }

  private static Map<String, Object> policy(TierPolicy p, String minAge, Compression compression) {
    var m = new LinkedHashMap<String, Object>();
    m.put("minAge", p == null || p.getMinAge() == null ? minAge : p.getMinAge());
    m.put(
        "compression",
        (p == null || p.getCompression() == null ? compression : p.getCompression()).configValue());
    return m;
  }

  @SuppressWarnings("unchecked")
  private static void put(Map<String, Object> root, String dottedKey, Object value) {
    String[] parts = dottedKey.split("\\.");
    Map<String, Object> node = root;
    for (int i = 0; i < parts.length - 1; i++) {
      node = (Map<String, Object>) node.computeIfAbsent(parts[i], k -> new LinkedHashMap<>());
    }
    node.put(parts[parts.length - 1], value);
  }
}
