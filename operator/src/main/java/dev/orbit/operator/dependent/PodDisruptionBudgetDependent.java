package dev.orbit.operator.dependent;

import dev.orbit.operator.model.ClusterModel;
import dev.orbit.operator.model.Labels;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The PodDisruptionBudget of the node pods. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class PodDisruptionBudgetDependent extends OwnedDependent<PodDisruptionBudget> {
  public PodDisruptionBudgetDependent() {
    super(PodDisruptionBudget.class);
  }

  @Override
  protected PodDisruptionBudget build(ClusterModel model) {
    return model.podDisruptionBudget();
  }
}
