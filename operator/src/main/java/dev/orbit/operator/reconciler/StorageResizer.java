package dev.orbit.operator.reconciler;

import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.model.Labels;
import dev.orbit.operator.model.Names;
import dev.orbit.operator.model.StorageDiff;
import dev.orbit.operator.model.Tier;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Grows volumes the way ECK does: expand every existing claim, then delete the StatefulSet with
 * orphaned pods so it can be re-created with the larger volumeClaimTemplates (which are immutable).
 * The pods keep running throughout.
 */
public class StorageResizer {
  private static final Logger LOG = LoggerFactory.getLogger(StorageResizer.class);

  /** Expands the claims and removes the StatefulSet; returns how many claims were patched. */
  public int expand(KubernetesClient client, OrbitCluster c, StorageDiff diff) {
    String ns = c.getMetadata().getNamespace();
    int patched = 0;
    var claims =
        client
            .persistentVolumeClaims()
            .inNamespace(ns)
            .withLabel(Labels.CLUSTER, c.getMetadata().getName())
            .list()
            .getItems();
    for (Map.Entry<Tier, Quantity> grown : diff.grown().entrySet()) {
      String prefix = grown.getKey().volumeName() + "-" + Names.statefulSet(c) + "-";
      for (PersistentVolumeClaim claim : claims) {
        String name = claim.getMetadata().getName();
        if (name.startsWith(prefix) && Names.ordinalOf(name) >= 0 && smaller(claim, grown)) {
          client
              .persistentVolumeClaims()
              .inNamespace(ns)
              .withName(name)
              .edit(
                  pvc -> {
                    pvc.getSpec().getResources().getRequests().put("storage", grown.getValue());
                    return pvc;
                  });
          LOG.info("expanded claim namespace={} name={} size={}", ns, name, grown.getValue());
          patched++;
        }
      }
    }
    recreate(client, c, "new volume templates");
    return patched;
  }

  /**
   * Deletes the StatefulSet, orphaning its pods and claims, so the next reconcile re-creates it
   * with fields a StatefulSet cannot change in place; the new one adopts the running pods.
   */
  public void recreate(KubernetesClient client, OrbitCluster c, String why) {
    String ns = c.getMetadata().getNamespace();
    client
        .apps()
        .statefulSets()
        .inNamespace(ns)
        .withName(Names.statefulSet(c))
        .withPropagationPolicy(DeletionPropagation.ORPHAN)
        .delete();
    LOG.info(
        "deleted statefulset (orphaning pods) namespace={} name={} to re-create it with {}",
        ns,
        Names.statefulSet(c),
        why);
  }

  private static boolean smaller(PersistentVolumeClaim claim, Map.Entry<Tier, Quantity> grown) {
    var requests = claim.getSpec().getResources().getRequests();
    Quantity have = requests == null ? null : requests.get("storage");
    return have == null
        || Quantity.getAmountInBytes(have).compareTo(Quantity.getAmountInBytes(grown.getValue()))
            < 0;
  }
}
