package dev.orbit.operator.model;

import dev.orbit.operator.api.v1alpha1.OrbitCluster;

/** The one place that names every object the operator creates for a cluster. */
public final class Names {
  private Names() {}

  public static String statefulSet(OrbitCluster c) {
    return c.getMetadata().getName();
  }

  public static String headlessService(OrbitCluster c) {
    return c.getMetadata().getName() + "-nodes";
  }

  public static String readWriteService(OrbitCluster c) {
    return c.getMetadata().getName() + "-rw";
  }

  public static String readOnlyService(OrbitCluster c) {
    return c.getMetadata().getName() + "-ro";
  }

  /** The immutable ConfigMap of one config revision: {@code <c>-config-<hash>}. */
  public static String configMap(OrbitCluster c, String configHash) {
    return configMapPrefix(c) + configHash;
  }

  /** What the names of a cluster's config revisions start with. */
  public static String configMapPrefix(OrbitCluster c) {
    return c.getMetadata().getName() + "-config-";
  }

  /** The ConfigMap with the member list of the replication groups: {@code <c>-members}. */
  public static String membersConfigMap(OrbitCluster c) {
    return c.getMetadata().getName() + "-members";
  }

  public static String podDisruptionBudget(OrbitCluster c) {
    return c.getMetadata().getName();
  }

  public static String serviceAccount(OrbitCluster c) {
    return c.getMetadata().getName();
  }

  /** The auth Secret: {@code spec.auth.secretName}, else {@code <c>-auth}. */
  public static String authSecret(OrbitCluster c) {
    var auth = c.getSpec().getAuth();
    if (auth != null && auth.getSecretName() != null && !auth.getSecretName().isBlank()) {
      return auth.getSecretName();
    }
    return c.getMetadata().getName() + "-auth";
  }

  /** The Secret with the bearer token of the nodes' admin API: {@code <c>-admin-token}. */
  public static String adminTokenSecret(OrbitCluster c) {
    return c.getMetadata().getName() + "-admin-token";
  }

  /** Claim that the StatefulSet controller creates for template {@code tier} and a pod ordinal. */
  public static String claim(Tier tier, OrbitCluster c, int ordinal) {
    return tier.volumeName() + "-" + statefulSet(c) + "-" + ordinal;
  }

  /** The ordinal of a StatefulSet pod from its name, or -1 when the name has none. */
  public static int ordinalOf(String podName) {
    int dash = podName.lastIndexOf('-');
    if (dash < 0 || dash == podName.length() - 1) {
      return -1;
    }
    try {
      return Integer.parseInt(podName.substring(dash + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
