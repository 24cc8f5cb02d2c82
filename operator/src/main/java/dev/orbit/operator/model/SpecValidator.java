package dev.orbit.operator.model;

import dev.orbit.config.ConfigException;
import dev.orbit.config.ConfigLoader;
import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.api.v1alpha1.OrbitClusterSpec;
import dev.orbit.operator.api.v1alpha1.VolumeSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * What the operator checks before it writes anything. The CRD schema and its CEL rules refuse a bad
 * manifest at {@code kubectl apply}; the operator checks only what it needs to render objects at
 * all (the required volumes and their sizes) and then the rendered node config with the node's own
 * rules ({@link ConfigLoader#check}). Problems are messages for the {@code InvalidSpec} condition.
 */
public final class SpecValidator {
  /**
   * Longest cluster name: the StatefulSet controller labels pods with {@code <name>-<10-char
   * revision hash>}, and label values stop at 63 characters (a CRD rule; kept for the message).
   */
  public static final int MAX_NAME_LENGTH = 52;

  private SpecValidator() {}

  /** Problems that keep the spec from being rendered; empty when it can be. */
  public static List<String> validate(OrbitCluster cluster) {
    return validate(cluster.getSpec());
  }

  public static List<String> validate(OrbitClusterSpec spec) {
    var problems = new ArrayList<String>();
    if (spec == null) {
      problems.add("spec is missing");
      return problems;
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
    problems.addAll(ConfigKeys.validate(spec.getConfig()));
    problems.addAll(BackupSpecRules.validate(spec));
    return problems;
  }

  /**
   * Problems of a rendered {@code orbit.yaml} under the node's own rules (the first broken one, as
   * the node would report it at startup); empty when a node would start with it.
   */
  public static List<String> validateRendered(String nodeConfig) {
    try {
      ConfigLoader.check(nodeConfig);
      return List.of();
    } catch (ConfigException e) {
      return List.of("the node would refuse this config: " + e.getMessage());
    }
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
}
