package dev.orbit.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Builds a {@link NodeConfig} from defaults, then {@code orbit.yaml}, then {@code ORBIT_*}
 * environment variables, then {@code --set key.path=value}, then {@code --data-dir}. Unknown keys
 * and bad values fail with a {@link ConfigException} naming the key.
 */
public final class ConfigLoader {
  public static final String ENV_PREFIX = "ORBIT_";

  /** {@code ORBIT_AUTH_USERS_<NAME>=<password>} sets {@code auth.users.<name>} (lower case). */
  public static final String ENV_USERS_PREFIX = "ORBIT_AUTH_USERS_";

  /**
   * {@code ORBIT_REPLICATION_PEERS=<id>=<host:port>,...} sets {@code replication.peers} (replacing
   * the file's): the operator passes the member list this way, from a ConfigMap that changes when
   * the cluster is scaled, so a scale does not change (and roll) the pods' config.
   */
  public static final String ENV_PEERS = "ORBIT_REPLICATION_PEERS";

  private static final ObjectMapper YAML = mapper();

  private ConfigLoader() {}

  /** The mapper that reads and writes {@code orbit.yaml}. */
  public static ObjectMapper yaml() {
    return YAML;
  }

  public static NodeConfig load(
      Path file, String dataDir, List<String> sets, Map<String, String> env) {
    ObjectNode tree = YAML.valueToTree(new NodeConfig());
    Map<String, String> knownByEnvName = envNames(tree);
    if (file != null) {
      merge(tree, readFile(file), "");
    }
    for (Map.Entry<String, String> e : env.entrySet()) {
      String path = knownByEnvName.get(normalizeEnv(e.getKey()));
      if (e.getKey().startsWith(ENV_USERS_PREFIX)
          && e.getKey().length() > ENV_USERS_PREFIX.length()) {
        String user = e.getKey().substring(ENV_USERS_PREFIX.length()).toLowerCase(Locale.ROOT);
        ((ObjectNode) tree.get("auth").get("users")).put(user, e.getValue());
      } else if (e.getKey().equals(ENV_PEERS)) {
        ((ObjectNode) tree.get("replication")).set("peers", peers(e.getValue()));
      } else if (e.getKey().startsWith(ENV_PREFIX) && path != null) {
        setPath(tree, path, e.getValue());
      }
    }
    for (String set : sets) {
      int eq = set.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException("--set expects key.path=value, got '" + set + "'");
      }
      setPath(tree, set.substring(0, eq).trim(), set.substring(eq + 1));
    }
    if (dataDir != null) {
      tree.put("dataDir", dataDir);
    }
    NodeConfig config = bind(tree);
    validate(config);
    return config;
  }

  /**
   * The config an {@code orbit.yaml} text gives on top of the defaults, checked with every rule the
   * node applies at startup (including that each enabled protocol is served by this build): what
   * the operator runs on a config it rendered before any node sees it.
   *
   * @throws ConfigException naming the first key that breaks a rule
   */
  public static NodeConfig check(String yaml) {
    ObjectNode tree = YAML.valueToTree(new NodeConfig());
    JsonNode node;
    try {
      node = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new ConfigException("config is not valid YAML: " + e.getOriginalMessage());
    }
    if (node != null && !node.isMissingNode() && !node.isNull()) {
      if (!node.isObject()) {
        throw new ConfigException("config must be a YAML mapping");
      }
      merge(tree, node, "");
    }
    NodeConfig config = bind(tree);
    validate(config);
    ServedProtocols.enabled(config);
    return config;
  }

  /** {@code id=host:port,...} as the {@code replication.peers} mapping; blank: none. */
  static ObjectNode peers(String list) {
    ObjectNode peers = YAML.createObjectNode();
    for (String item : list.split(",")) {
      String p = item.trim();
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException(
            ENV_PEERS + " expects id=host:port[,id=host:port...], got '" + p + "'");
      }
      peers.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
    }
    return peers;
  }

  /** The environment variables the node reads, by the key each sets (for docs and tests). */
  public static String envName(String keyPath) {
    StringBuilder sb = new StringBuilder(ENV_PREFIX);
    for (char c : keyPath.toCharArray()) {
      if (c == '.') {
        sb.append('_');
      } else if (Character.isUpperCase(c)) {
        sb.append('_').append(c);
      } else {
        sb.append(Character.toUpperCase(c));
      }
    }
    return sb.toString();
  }

  private static ObjectMapper mapper() {
    SimpleModule m = new SimpleModule("orbit-config");
    m.addDeserializer(Duration.class, new DurationDeserializer());
    m.addSerializer(Duration.class, new DurationSerializer());
    m.addDeserializer(NodeConfig.ByteSize.class, new ByteSizeDeserializer());
    ObjectMapper mapper =
        new ObjectMapper(
                YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .build())
            .registerModule(m);
    mapper.disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    return mapper;
  }

  private static JsonNode readFile(Path file) {
    try {
      JsonNode node = YAML.readTree(Files.readString(file));
      if (node == null || node.isMissingNode() || node.isNull()) {
        return JsonNodeFactory.instance.objectNode();
      }
      if (!node.isObject()) {
        throw new ConfigException("config file " + file + " must hold a YAML mapping");
      }
      return node;
    } catch (NoSuchFileException e) {
      throw new ConfigException("config file " + file + " does not exist");
    } catch (JsonProcessingException e) {
      throw new ConfigException(
          "config file " + file + " is not valid YAML: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
    }
  }

  /** Deep-merges {@code src} into {@code dst}; unknown keys are kept so binding can name them. */
  private static void merge(ObjectNode dst, JsonNode src, String prefix) {
    Iterator<Map.Entry<String, JsonNode>> it = src.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode existing = dst.get(e.getKey());
      if (existing != null && existing.isObject() && e.getValue().isObject()) {
        merge((ObjectNode) existing, e.getValue(), prefix + e.getKey() + ".");
      } else if (existing != null && existing.isObject() && !e.getValue().isNull()) {
        throw new ConfigException(
            "config key '" + prefix + e.getKey() + "' must be a mapping of its sub-keys");
      } else {
        dst.set(e.getKey(), e.getValue());
      }
    }
  }

  private static void setPath(ObjectNode tree, String path, String value) {
    String[] parts = path.split("\\.");
    ObjectNode node = tree;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode child = node.get(parts[i]);
      if (child == null) {
        child = node.putObject(parts[i]);
      } else if (!child.isObject()) {
        throw new ConfigException("config key '" + path + "': '" + parts[i] + "' has no sub-keys");
      }
      node = (ObjectNode) child;
    }
    String leaf = parts[parts.length - 1];
    JsonNode existing = node.get(leaf);
    if (existing != null && existing.isObject()) {
      throw new ConfigException(
          "config key '" + path + "' is a mapping; set one of its sub-keys instead");
    }
    node.put(leaf, value);
  }

  private static NodeConfig bind(ObjectNode tree) {
    try {
      return YAML.treeToValue(tree, NodeConfig.class);
    } catch (UnrecognizedPropertyException e) {
      String key = pathOf(e);
      List<String> known =
          e.getKnownPropertyIds() == null
              ? List.of()
              : e.getKnownPropertyIds().stream().map(Object::toString).sorted().toList();
      throw new ConfigException(
          "unknown config key '"
              + key
              + "'"
              + (known.isEmpty() ? "" : " (known here: " + known + ")"));
    } catch (JsonMappingException e) {
      throw new ConfigException("bad value for config key '" + pathOf(e) + "': " + rootMessage(e));
    } catch (JsonProcessingException e) {
      throw new ConfigException("bad config: " + e.getOriginalMessage());
    }
  }

  private static String rootMessage(JsonMappingException e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    if (t instanceof IllegalArgumentException && t.getMessage() != null) {
      return t.getMessage();
    }
    return e.getOriginalMessage().replaceAll("\\s*\\n.*", "");
  }

  private static String pathOf(JsonMappingException e) {
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining("."));
  }

  private static void validate(NodeConfig c) {
    NodeConfig.Tiering t = c.tiering;
    if (t.interval.isZero() || t.interval.isNegative()) {
      throw new ConfigException("config key 'tiering.interval' must be greater than 0");
    }
    if (t.warm.minAge == null || t.cold.minAge == null) {
      throw new ConfigException(
          "config keys 'tiering.warm.minAge' and 'tiering.cold.minAge' are required");
    }
    if (t.warm.compression == null || t.cold.compression == null) {
      throw new ConfigException(
          "config keys 'tiering.warm.compression' and 'tiering.cold.compression' are required");
    }
    if (t.cold.minAge.compareTo(t.warm.minAge) < 0) {
      throw new ConfigException(
          "config key 'tiering.cold.minAge' ("
              + Durations.format(t.cold.minAge)
              + ") must not be shorter than 'tiering.warm.minAge' ("
              + Durations.format(t.warm.minAge)
              + ")");
    }
    if (c.storage.durability == null) {
      throw new ConfigException("config key 'storage.durability' must be sync, group or async");
    }
    if (c.storage.blockCacheSize.bytes() < (1 << 20)) {
      throw new ConfigException("config key 'storage.blockCacheSize' must be at least 1Mi");
    }
    if (c.storage.writeBufferSize.bytes() < (1 << 20)) {
      throw new ConfigException("config key 'storage.writeBufferSize' must be at least 1Mi");
    }
    if (c.auth.method == null) {
      throw new ConfigException("config key 'auth.method' must be scram-sha-256 or trust");
    }
    for (Map.Entry<String, String> u : c.auth.users.entrySet()) {
      if (u.getKey().isBlank() || u.getKey().indexOf('\0') >= 0) {
        throw new ConfigException("config key 'auth.users': '" + u.getKey() + "' is no user name");
      }
      if (u.getValue() == null || u.getValue().isEmpty()) {
        throw new ConfigException(
            "config key 'auth.users." + u.getKey() + "' must be a non-empty password");
      }
    }
    validateReplication(c.replication);
    LimitChecks.validate(c);
    if (c.backup.concurrency < 1 || c.backup.concurrency > 64) {
      throw new ConfigException("config key 'backup.concurrency' must be 1..64");
    }
    if (c.backup.partSize.bytes() < (5L << 20) || c.backup.partSize.bytes() > (5L << 30)) {
      throw new ConfigException(
          "config key 'backup.partSize' must be 5Mi..5Gi (the S3 limits of a multipart part)");
    }
    BackupSettings.Archive a = c.backup.archive;
    if (a == null) {
      throw new ConfigException("config key 'backup.archive' must be a map");
    }
    if (a.interval == null || a.interval.isNegative() || a.interval.isZero()) {
      throw new ConfigException("config key 'backup.archive.interval' must be more than 0");
    }
    String uidPattern = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}";
    for (String[] key :
        new String[][] {
          {"backup.clusterUid", c.backup.clusterUid}, {"backup.archive.clusterUid", a.clusterUid}
        }) {
      if (key[1] != null && !key[1].isEmpty() && !key[1].matches(uidPattern)) {
        throw new ConfigException(
            "config key '" + key[0] + "' must be letters, digits, '.', '_' and '-' (1..128)");
      }
    }
    String uid = c.backup.clusterUid();
    if (a.enabled() && uid == null) {
      throw new ConfigException(
          "config key 'backup.archive.clusterUid' is required with 'backup.archive.target' (letters,"
              + " digits, '.', '_' and '-', e.g. the OrbitCluster's uid; 'backup.clusterUid' also"
              + " serves)");
    }
    if (c.backup.clusterUid != null
        && !c.backup.clusterUid.isEmpty()
        && !c.backup.clusterUid.equals(uid)) {
      throw new ConfigException(
          "config keys 'backup.clusterUid' and 'backup.archive.clusterUid' differ: set one, or both"
              + " to the same uid");
    }
    if (c.backup.s3 == null || c.backup.s3.checksums == null) {
      throw new ConfigException(
          "config key 'backup.s3.checksums' must be when_supported or when_required");
    }
    if ((c.backup.s3.accessKeyId == null) != (c.backup.s3.secretAccessKey == null)) {
      throw new ConfigException(
          "config keys 'backup.s3.accessKeyId' and 'backup.s3.secretAccessKey' go together");
    }
    Map<Integer, String> ports = new HashMap<>();
    checkPort("admin.port", c.admin.port, ports);
    if (!c.replication.peers.isEmpty()) {
      checkPort("replication.port", c.replication.port, ports);
    }
    for (Map.Entry<String, NodeConfig.Protocol> e : c.protocols.byName().entrySet()) {
      if (e.getValue().enabled) {
        checkPort("protocols." + e.getKey() + ".port", e.getValue().port, ports);
      }
    }
  }

  private static void validateReplication(NodeConfig.Replication r) {
    if (r.maxReadLag == null || r.maxReadLag.isNegative()) {
      throw new ConfigException("config key 'replication.maxReadLag' must be 0 or more");
    }
    if (r.electionTimeout == null || r.electionTimeout.toMillis() < 100) {
      throw new ConfigException("config key 'replication.electionTimeout' must be at least 100ms");
    }
    if (r.writeTimeout == null || r.writeTimeout.toMillis() < 100) {
      throw new ConfigException("config key 'replication.writeTimeout' must be at least 100ms");
    }
    if (r.snapshotEntries < 100) {
      throw new ConfigException("config key 'replication.snapshotEntries' must be at least 100");
    }
    if (r.port < 0 || r.port > 65535) {
      throw new ConfigException("config key 'replication.port' must be a port 0..65535");
    }
    if (r.logSegmentSize == null || r.logSegmentSize.bytes() < (16 << 10)) {
      throw new ConfigException("config key 'replication.logSegmentSize' must be at least 16Ki");
    }
    for (Map.Entry<String, Integer> p : r.adminPorts.entrySet()) {
      if (p.getValue() == null || p.getValue() < 1 || p.getValue() > 65535) {
        throw new ConfigException(
            "config key 'replication.adminPorts." + p.getKey() + "' must be a port 1..65535");
      }
    }
    for (Map.Entry<String, String> p : r.peers.entrySet()) {
      if (!p.getKey().matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
        throw new ConfigException(
            "config key 'replication.peers': '" + p.getKey() + "' is no member id");
      }
      String a = p.getValue() == null ? "" : p.getValue();
      int colon = a.lastIndexOf(':');
      if (colon <= 0 || !a.substring(colon + 1).matches("[0-9]{1,5}")) {
        throw new ConfigException(
            "config key 'replication.peers." + p.getKey() + "' must be host:port, got '" + a + "'");
      }
    }
    if (r.nodeId != null
        && !r.nodeId.isEmpty()
        && !r.peers.isEmpty()
        && !r.peers.containsKey(r.nodeId)) {
      throw new ConfigException(
          "config key 'replication.nodeId' ("
              + r.nodeId
              + ") names no member of 'replication.peers' "
              + r.peers.keySet());
    }
  }

  private static void checkPort(String key, int port, Map<Integer, String> taken) {
    if (port < 0 || port > 65535) {
      throw new ConfigException("config key '" + key + "' must be a port 0..65535, got " + port);
    }
    String other = port == 0 ? null : taken.putIfAbsent(port, key);
    if (other != null) {
      throw new ConfigException(
          "config key '" + key + "' uses port " + port + ", already used by '" + other + "'");
    }
  }

  /** Every leaf key path of the config, keyed by its environment variable name. */
  private static Map<String, String> envNames(JsonNode defaults) {
    Map<String, String> out = new HashMap<>();
    collectLeaves(defaults, "", out);
    return out;
  }

  private static void collectLeaves(JsonNode node, String prefix, Map<String, String> out) {
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String path = prefix + e.getKey();
      if (e.getValue().isObject()) {
        collectLeaves(e.getValue(), path + ".", out);
      } else {
        out.put(normalizeEnv(envName(path)), path);
      }
    }
  }

  /** ORBIT_STORAGE_BLOCK_CACHE_SIZE and ORBIT_STORAGE_BLOCKCACHESIZE name the same key. */
  private static String normalizeEnv(String name) {
    return name.replace("_", "").toUpperCase(Locale.ROOT);
  }

  /** All leaf key paths, in document order (for help text and docs tests). */
  public static List<String> knownKeys() {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    collectLeaves(YAML.valueToTree(new NodeConfig()), "", m);
    return new ArrayList<>(m.values());
  }

  private static final class DurationDeserializer extends JsonDeserializer<Duration> {
    @Override
    public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      return Durations.parse(p.getValueAsString());
    }
  }

  private static final class DurationSerializer
      extends com.fasterxml.jackson.databind.JsonSerializer<Duration> {
    @Override
    public void serialize(
        Duration value,
        com.fasterxml.jackson.core.JsonGenerator gen,
        com.fasterxml.jackson.databind.SerializerProvider serializers)
        throws IOException {
      gen.writeString(Durations.format(value));
    }
  }

  private static final class ByteSizeDeserializer extends JsonDeserializer<NodeConfig.ByteSize> {
    @Override
    public NodeConfig.ByteSize deserialize(JsonParser p, DeserializationContext ctxt)
        throws IOException {
      if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
        return new NodeConfig.ByteSize(p.getLongValue());
      }
      return new NodeConfig.ByteSize(Sizes.parse(p.getValueAsString()));
    }
  }
}
