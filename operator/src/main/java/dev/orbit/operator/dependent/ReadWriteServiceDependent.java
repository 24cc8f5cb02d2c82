package dev.orbit.operator.dependent;

import dev.orbit.operator.model.ClusterModel;
import dev.orbit.operator.model.Labels;
import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The client Service {@code <c>-rw} (the primary). */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class ReadWriteServiceDependent extends OwnedDependent<Service> {
  public ReadWriteServiceDependent() {
    super(Service.class);
  }

  @Override
  protected Service build(ClusterModel model) {
    return model.readWriteService();
  }
}
