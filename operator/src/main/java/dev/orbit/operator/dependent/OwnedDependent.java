package dev.orbit.operator.dependent;

import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.model.ClusterModel;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dependent whose desired object comes from the {@link ClusterModel} the reconciler computed for
 * this reconciliation. It matches on the fields the operator sets ({@link OwnedFields}): a hand
 * edit of one of them is drift and is written back on the next reconcile, while what the API server
 * defaults or normalises never causes a write.
 */
public abstract class OwnedDependent<R extends HasMetadata>
    extends CRUDKubernetesDependentResource<R, OrbitCluster> {
  private static final Logger LOG = LoggerFactory.getLogger(OwnedDependent.class);

  protected OwnedDependent(Class<R> type) {
    super(type);
  }

  /** The desired object; a line that calls the model. */
  protected abstract R build(ClusterModel model);

  /** The model the reconciler put into the context before invoking the workflow. */
  public static ClusterModel model(Context<OrbitCluster> context) {
    return context
        .managedWorkflowAndDependentResourceContext()
        .getMandatory(ClusterModel.class, ClusterModel.class);
  }

  @Override
  protected R desired(OrbitCluster primary, Context<OrbitCluster> context) {
    return build(model(context));
  }

  @Override
  public Matcher.Result<R> match(
      R actual, R desired, OrbitCluster primary, Context<OrbitCluster> context) {
    var drift = OwnedFields.drift(desired, actual);
    if (!drift.isEmpty()) {
      LOG.info(
          "{} {}/{} differs from the desired state at {}; writing it",
          actual.getKind(),
          actual.getMetadata().getNamespace(),
          actual.getMetadata().getName(),
          drift);
    }
    return Matcher.Result.computed(drift.isEmpty(), desired);
  }
}
