package dev.orbit.operator.model;

import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/** Metadata of objects owned by a cluster: name, namespace, labels, controller reference. */
final class Owners {
  private Owners() {}

  static OwnerReference ownerReference(OrbitCluster c) {
    return new OwnerReferenceBuilder()
        .withApiVersion(c.getApiVersion())
        .withKind(c.getKind())
        .withName(c.getMetadata().getName())
        .withUid(c.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  static ObjectMeta meta(OrbitCluster c, String name, String component) {
    return meta(c, name, component, Map.of());
  }

  static ObjectMeta meta(
      OrbitCluster c, String name, String component, Map<String, String> annotations) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(c.getMetadata().getNamespace())
        .withLabels(Labels.common(c, component))
        .withAnnotations(new LinkedHashMap<>(annotations))
        .withOwnerReferences(ownerReference(c))
        .build();
  }
}
