package dev.orbit.operator.model;

import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.api.v1alpha1.OrbitClusterSpec;
import dev.orbit.operator.api.v1alpha1.TierPolicy;
import dev.orbit.operator.api.v1alpha1.TieringSpec;
import dev.orbit.operator.api.v1alpha1.VolumeSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks what the CRD schema checks (and what it cannot): a spec that passes renders objects the
 * API server and the node accept. Problems are messages for the {@code InvalidSpec} condition.
 */
public final class SpecValidator {
  /**
   * Longest cluster name: the StatefulSet controller labels pods with {@code <name>-<10-char
   * revision hash>}, and label values stop at 63 characters.
   */
  public static final int MAX_NAME_LENGTH = 52;

  private SpecValidator() {}

  /** Problems with the cluster's name and spec; empty when it can be reconciled. */
  public static List<String> validate(OrbitCluster cluster) {
    var problems = new ArrayList<String>();
    String name = cluster.getMetadata().getName();
    if (name != null && name.length() > MAX_NAME_LENGTH) {
      problems.add(
          "metadata.name is "
              + name.length()
              + " characters; at most "
              + MAX_NAME_LENGTH
              + " fit the StatefulSet's pod labels");
    }
    problems.addAll(validate(cluster.getSpec()));
    return problems;
  }

  public static List<String> validate(OrbitClusterSpec spec) {
    var problems = new ArrayList<String>();
    if (spec == null) {
      problems.add("spec is missing");
      return problems;
    }
    if (spec.getReplicas() != null && spec.getReplicas() < 0) {
      problems.add("spec.replicas must be >= 0");
    }
    var storage = spec.getStorage();
    for (Tier tier : Tier.values()) {
      var volume = tier.volume(storage);
      boolean required = tier == Tier.WAL || tier == Tier.HOT;
      if (volume.isEmpty()) {
        if (required) {
          problems.add("spec.storage." + tier.volumeName() + " is required");
        }
      } else {
        checkVolume("spec.storage." + tier.volumeName(), volume.get(), problems);
      }
    }
    checkPorts(spec, problems);
    checkTiering(spec.getTiering(), problems);
    problems.addAll(ConfigKeys.validate(spec.getConfig()));
    problems.addAll(BackupSpecRules.validate(spec));
    return problems;
  }

  private static void checkVolume(String path, VolumeSpec volume, List<String> problems) {
    if (volume.getSize() == null) {
      problems.add(path + ".size is required");
      return;
    }
    BigDecimal bytes = bytesOf(volume.getSize());
    if (bytes == null || bytes.signum() <= 0) {
      problems.add(path + ".size '" + volume.getSize() + "' is not a positive quantity");
    }
  }

  /** Bytes of a quantity, or null when it does not parse. */
  static BigDecimal bytesOf(Quantity q) {
    try {
      return Quantity.getAmountInBytes(q);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static void checkPorts(OrbitClusterSpec spec, List<String> problems) {
    Map<Integer, String> used = new HashMap<>();
    used.put(Protocol.ADMIN_PORT, "admin");
    for (Protocol p : Protocol.enabledIn(spec.getProtocols())) {
      int port = p.port(spec.getProtocols());
      if (port < 1 || port > 65535) {
        problems.add("spec.protocols." + p.key() + ".port " + port + " is out of range");
        continue;
      }
      String other = used.putIfAbsent(port, p.key());
      if (other != null) {
        problems.add(
            "spec.protocols." + p.key() + ".port " + port + " is already used by " + other);
      }
    }
  }

  private static void checkTiering(TieringSpec tiering, List<String> problems) {
    if (tiering == null) {
      return;
    }
    checkDuration("spec.tiering.interval", tiering.getInterval(), problems);
    checkPolicy("spec.tiering.warm", tiering.getWarm(), problems);
    checkPolicy("spec.tiering.cold", tiering.getCold(), problems);
  }

  private static void checkPolicy(String path, TierPolicy policy, List<String> problems) {
    if (policy != null) {
      checkDuration(path + ".minAge", policy.getMinAge(), problems);
    }
  }

  private static void checkDuration(String path, String value, List<String> problems) {
    if (value != null && !ConfigKeys.DURATION.matcher(value).matches()) {
      problems.add(path + " '" + value + "' is not a duration (number + ms|s|m|h|d)");
    }
  }
}
