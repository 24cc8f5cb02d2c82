package dev.orbit.operator.dependent;

import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.model.ClusterModel;
import dev.orbit.operator.model.Labels;
import dev.orbit.operator.model.Names;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The auth Secret with the superuser password, generated once (see GeneratedSecretDependent). */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class AuthSecretDependent extends GeneratedSecretDependent {
  @Override
  protected String name(OrbitCluster primary) {
    return Names.authSecret(primary);
  }

  @Override
  protected Secret build(ClusterModel model, String value) {
    return model.authSecret(value);
  }
}
