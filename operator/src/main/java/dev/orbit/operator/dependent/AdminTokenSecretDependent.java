package dev.orbit.operator.dependent;

import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.model.ClusterModel;
import dev.orbit.operator.model.Labels;
import dev.orbit.operator.model.Names;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * The Secret {@code <c>-admin-token}: the bearer token of the nodes' admin API, generated once; the
 * nodes get it as {@code ORBIT_ADMIN_TOKEN}, the operator's node client sends it.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class AdminTokenSecretDependent extends GeneratedSecretDependent {
  @Override
  protected String name(OrbitCluster primary) {
    return Names.adminTokenSecret(primary);
  }

  @Override
  protected Secret build(ClusterModel model, String value) {
    return model.adminTokenSecret(value);
  }
}
