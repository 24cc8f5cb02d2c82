package dev.orbit.operator.model;

import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import java.util.LinkedHashMap;
import java.util.Map;

/** The one place for the labels and annotations the operator puts on objects. */
public final class Labels {
  public static final String NAME = "app.kubernetes.io/name";
  public static final String INSTANCE = "app.kubernetes.io/instance";
  public static final String COMPONENT = "app.kubernetes.io/component";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String CLUSTER = "orbit.dev/cluster";
  public static final String ROLE = "orbit.dev/role";

  public static final String APP = "orbit";
  public static final String OPERATOR = "orbit-operator";
  public static final String ROLE_PRIMARY = "primary";
  public static final String ROLE_REPLICA = "replica";

  /** Pod template annotation holding the hash of the rendered node config. */
  public static final String CONFIG_HASH = "orbit.dev/config-hash";

  /** Label of a config revision's ConfigMap: the hash of the config it holds. */
  public static final String CONFIG_REVISION = "orbit.dev/config-revision";

  /** Label selector of every object the operator manages (used by its informers). */
  public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + OPERATOR;

  private Labels() {}

  /** Labels of every object of a cluster. */
  public static Map<String, String> common(OrbitCluster c, String component) {
    var labels = new LinkedHashMap<String, String>();
    labels.put(NAME, APP);
    labels.put(INSTANCE, c.getMetadata().getName());
    labels.put(COMPONENT, component);
    labels.put(MANAGED_BY, OPERATOR);
    labels.put(CLUSTER, c.getMetadata().getName());
    return labels;
  }

  /** Labels that select the node pods of a cluster; stable for the life of the cluster. */
  public static Map<String, String> selector(OrbitCluster c) {
    var labels = new LinkedHashMap<String, String>();
    labels.put(NAME, APP);
    labels.put(CLUSTER, c.getMetadata().getName());
    return labels;
  }

  /** Selector plus the role label. */
  public static Map<String, String> selector(OrbitCluster c, String role) {
    var labels = selector(c);
    labels.put(ROLE, role);
    return labels;
  }

  /** Role of the pod with this StatefulSet ordinal: primary on 0, replica elsewhere. */
  public static String roleOf(int ordinal) {
    return ordinal == 0 ? ROLE_PRIMARY : ROLE_REPLICA;
  }
}
