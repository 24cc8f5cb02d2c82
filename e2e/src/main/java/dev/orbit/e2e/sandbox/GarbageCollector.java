package dev.orbit.e2e.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the garbage collector: deletes an object once none of its owners exists any more, and drops
 * owner references to an owner that was deleted with {@code propagationPolicy: Orphan}.
 */
final class GarbageCollector {
  private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);

  /** Kinds that can be owned here: apiVersion, kind. */
  static final List<String[]> OWNED =
      List.of(
          new String[] {"v1", "Pod"},
          new String[] {"v1", "Service"},
          new String[] {"v1", "ConfigMap"},
          new String[] {"v1", "Secret"},
          new String[] {"v1", "ServiceAccount"},
          new String[] {"v1", "PersistentVolumeClaim"},
          new String[] {"apps/v1", "StatefulSet"},
          new String[] {"policy/v1", "PodDisruptionBudget"},
          new String[] {"batch/v1", "Job"});

  private final KubernetesClient client;
  private final Set<String> orphaned;

  GarbageCollector(KubernetesClient client, Set<String> orphaned) {
    this.client = client;
    this.orphaned = orphaned;
  }

  void tick() {
    Map<String, String> uids = new HashMap<>(); // apiVersion/kind/ns/name -> uid, or "" if absent
    for (String[] kind : OWNED) {
      List<GenericKubernetesResource> items;
      try {
        items =
            client.genericKubernetesResources(kind[0], kind[1]).inAnyNamespace().list().getItems();
      } catch (KubernetesClientException e) {
        LOG.debug("list {}: {}", kind[1], e.getMessage());
        continue;
      }
      for (GenericKubernetesResource o : items) {
        List<OwnerReference> refs = o.getMetadata().getOwnerReferences();
        if (refs == null || refs.isEmpty()) {
          continue;
        }
        var dead = new ArrayList<OwnerReference>();
        for (OwnerReference ref : refs) {
          String uid =
              uids.computeIfAbsent(
                  ref.getApiVersion()
                      + "/"
                      + ref.getKind()
                      + "/"
                      + o.getMetadata().getNamespace()
                      + "/"
                      + ref.getName(),
                  k -> uidOf(ref, o.getMetadata().getNamespace()));
          if (!ref.getUid().equals(uid)) {
            dead.add(ref);
          }
        }
        if (dead.isEmpty()) {
          continue;
        }
        try {
          collect(kind, o, refs, dead);
        } catch (KubernetesClientException e) {
          LOG.debug("collect {}: {}", o.getMetadata().getName(), e.getMessage());
        }
      }
    }
  }

  private void collect(
      String[] kind, HasMetadata o, List<OwnerReference> refs, List<OwnerReference> dead) {
    var res =
        client
            .genericKubernetesResources(kind[0], kind[1])
            .inNamespace(o.getMetadata().getNamespace())
            .withName(o.getMetadata().getName());
    boolean allOrphaned = dead.stream().allMatch(r -> orphaned.contains(r.getUid()));
    if (dead.size() == refs.size() && !allOrphaned) {
      LOG.info(
          "collecting {} {}/{}: owners gone",
          kind[1],
          o.getMetadata().getNamespace(),
          o.getMetadata().getName());
      res.delete();
      return;
    }
    res.edit(
        x -> {
          x.getMetadata()
              .getOwnerReferences()
              .removeIf(
                  r ->
                      dead.stream()
                          .anyMatch(
                              d -> d.getUid().equals(r.getUid()) && orphaned.contains(d.getUid())));
          return x;
        });
  }

  private String uidOf(OwnerReference ref, String namespace) {
    try {
      var r = client.genericKubernetesResources(ref.getApiVersion(), ref.getKind());
      GenericKubernetesResource owner =
          namespace == null
              ? r.withName(ref.getName()).get()
              : r.inNamespace(namespace).withName(ref.getName()).get();
      return owner == null ? "" : owner.getMetadata().getUid();
    } catch (KubernetesClientException e) {
      return ref.getUid(); // cannot tell: keep the object
    }
  }
}
