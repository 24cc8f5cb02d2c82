package dev.orbit.operator.dependent;

import dev.orbit.operator.model.ClusterModel;
import dev.orbit.operator.model.Labels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The ConfigMap {@code <c>-members}: the replication members a pod reads at its start. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class MembersConfigMapDependent extends OwnedDependent<ConfigMap> {
  public MembersConfigMapDependent() {
    super(ConfigMap.class);
  }

  @Override
  protected ConfigMap build(ClusterModel model) {
    return model.membersConfigMap();
  }
}
