package dev.orbit.operator.backup;

import io.fabric8.kubernetes.api.model.Pod;
import java.net.URI;

/** Where a node pod's admin API answers. In a cluster: {@code http://<pod IP>:8080}. */
@FunctionalInterface
public interface NodeEndpoints {
  NodeEndpoints POD_IP = pod -> URI.create("http://" + pod.getStatus().getPodIP() + ":8080");

  /** The admin API base URI of {@code pod}, or null when it has none yet. */
  URI admin(Pod pod);
}
