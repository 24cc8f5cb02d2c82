package dev.orbit.operator.dependent;

import dev.orbit.operator.model.ClusterModel;
import dev.orbit.operator.model.Labels;
import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The headless Service {@code <c>-nodes}. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class HeadlessServiceDependent extends OwnedDependent<Service> {
  public HeadlessServiceDependent() {
    super(Service.class);
  }

  @Override
  protected Service build(ClusterModel model) {
    return model.headlessService();
  }
}
