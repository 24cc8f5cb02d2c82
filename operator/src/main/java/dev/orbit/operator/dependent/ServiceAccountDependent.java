package dev.orbit.operator.dependent;

import dev.orbit.operator.model.ClusterModel;
import dev.orbit.operator.model.Labels;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The ServiceAccount of the node pods. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class ServiceAccountDependent extends OwnedDependent<ServiceAccount> {
  public ServiceAccountDependent() {
    super(ServiceAccount.class);
  }

  @Override
  protected ServiceAccount build(ClusterModel model) {
    return model.serviceAccount();
  }
}
