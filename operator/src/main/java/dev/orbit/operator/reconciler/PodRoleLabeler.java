package dev.orbit.operator.reconciler;

import dev.orbit.operator.model.Labels;
import dev.orbit.operator.model.Names;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Collection;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets {@code orbit.dev/role} on node pods: primary on the replication leader, replica elsewhere
 * (the rw/ro Services select on this label; a StatefulSet template cannot vary per pod). While no
 * node reports a leader (starting, electing) the labels stay as they are; a pod without one gets
 * primary on ordinal 0 and replica elsewhere.
 */
public class PodRoleLabeler {
  private static final Logger LOG = LoggerFactory.getLogger(PodRoleLabeler.class);

  /** Labels the pods whose role label is missing or wrong; returns how many were patched. */
  public int label(KubernetesClient client, Collection<Pod> pods, Optional<String> leader) {
    int patched = 0;
    for (Pod pod : pods) {
      int ordinal = Names.ordinalOf(pod.getMetadata().getName());
      if (ordinal < 0 || pod.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      var labels = pod.getMetadata().getLabels();
      String now = labels == null ? null : labels.get(Labels.ROLE);
      String role =
          leader.isPresent()
              ? leader.get().equals(pod.getMetadata().getName())
                  ? Labels.ROLE_PRIMARY
                  : Labels.ROLE_REPLICA
              : now != null ? now : Labels.roleOf(ordinal);
      if (role.equals(now)) {
        continue;
      }
      try {
        client
            .pods()
            .inNamespace(pod.getMetadata().getNamespace())
            .withName(pod.getMetadata().getName())
            .patch(
                PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"labels\":{\"" + Labels.ROLE + "\":\"" + role + "\"}}}");
      } catch (KubernetesClientException e) {
        if (e.getCode() != 404) {
          throw e;
        }
        // deleted since it was listed: its replacement is labelled when it shows up
        continue;
      }
      LOG.info(
          "labelled pod namespace={} name={} role={}",
          pod.getMetadata().getNamespace(),
          pod.getMetadata().getName(),
          role);
      patched++;
    }
    return patched;
  }
}
