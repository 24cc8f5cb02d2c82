package dev.orbit.operator.dependent;

import dev.orbit.operator.model.ClusterModel;
import dev.orbit.operator.model.Labels;
import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The client Service {@code <c>-ro} (the replicas). */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class ReadOnlyServiceDependent extends OwnedDependent<Service> {
  public ReadOnlyServiceDependent() {
    super(Service.class);
  }

  @Override
  protected Service build(ClusterModel model) {
    return model.readOnlyService();
  }
}
