package dev.orbit.operator.reconciler;

import dev.orbit.operator.model.Labels;
import dev.orbit.operator.model.Names;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Collection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets {@code orbit.dev/role} on node pods (primary on ordinal 0, replica elsewhere); a StatefulSet
 * template cannot vary per ordinal, and the rw/ro Services select on this label.
 */
public class PodRoleLabeler {
  private static final Logger LOG = LoggerFactory.getLogger(PodRoleLabeler.class);

  /** Labels the pods whose role label is missing or wrong; returns how many were patched. */
  public int label(KubernetesClient client, Collection<Pod> pods) {
    int patched = 0;
    for (Pod pod : pods) {
      int ordinal = Names.ordinalOf(pod.getMetadata().getName());
      if (ordinal < 0) {
        continue;
      }
      String role = Labels.roleOf(ordinal);
      var labels = pod.getMetadata().getLabels();
      if (labels != null && role.equals(labels.get(Labels.ROLE))) {
        continue;
      }
      client
          .pods()
          .inNamespace(pod.getMetadata().getNamespace())
          .withName(pod.getMetadata().getName())
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"metadata\":{\"labels\":{\"" + Labels.ROLE + "\":\"" + role + "\"}}}");
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
