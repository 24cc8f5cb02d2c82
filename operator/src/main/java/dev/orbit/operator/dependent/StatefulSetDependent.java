package dev.orbit.operator.dependent;

import dev.orbit.operator.model.ClusterModel;
import dev.orbit.operator.model.Labels;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The node StatefulSet. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class StatefulSetDependent extends OwnedDependent<StatefulSet> {
  public StatefulSetDependent() {
    super(StatefulSet.class);
  }

  @Override
  protected StatefulSet build(ClusterModel model) {
    return model.statefulSet();
  }
}
