package dev.orbit.operator.dependent;

import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.model.Labels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.BulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The config revisions of a cluster: one immutable ConfigMap {@code <c>-config-<hash>} per rendered
 * config. The current revision is created before the StatefulSet refers to it; a revision stays
 * while a pod or the StatefulSet template still mounts it, and is removed once the roll has left
 * it.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class ConfigRevisionsDependent
    extends CRUDKubernetesDependentResource<ConfigMap, OrbitCluster>
    implements BulkDependentResource<ConfigMap, OrbitCluster, ResourceID> {

  public ConfigRevisionsDependent() {
    super(ConfigMap.class);
  }

  @Override
  public Map<ResourceID, ConfigMap> desiredResources(
      OrbitCluster primary, Context<OrbitCluster> context) {
    var desired = new LinkedHashMap<ResourceID, ConfigMap>();
    ConfigMap current = OwnedDependent.model(context).configMap();
    desired.put(ResourceID.fromResource(current), current);
    Set<String> inUse = inUse(context);
    getSecondaryResources(primary, context)
        .forEach(
            (id, cm) -> {
              if (inUse.contains(id.getName())) {
                desired.putIfAbsent(id, cm); // an older revision a pod still mounts: keep as is
              }
            });
    return desired;
  }

  @Override
  public Map<ResourceID, ConfigMap> getSecondaryResources(
      OrbitCluster primary, Context<OrbitCluster> context) {
    String cluster = primary.getMetadata().getName();
    return context
        .getSecondaryResourcesAsStream(ConfigMap.class)
        .filter(cm -> cm.getMetadata().getLabels() != null)
        .filter(cm -> cm.getMetadata().getLabels().containsKey(Labels.CONFIG_REVISION))
        .filter(cm -> cluster.equals(cm.getMetadata().getLabels().get(Labels.CLUSTER)))
        // two ConfigMap informers (revisions, members) see the same objects: keep one of each
        .collect(Collectors.toMap(ResourceID::fromResource, Function.identity(), (a, b) -> a));
  }

  @Override
  public Matcher.Result<ConfigMap> match(
      ConfigMap actual, ConfigMap desired, OrbitCluster primary, Context<OrbitCluster> context) {
    return Matcher.Result.computed(OwnedFields.drift(desired, actual).isEmpty(), desired);
  }

  /** Names of the ConfigMaps the pods and the StatefulSet template mount. */
  private static Set<String> inUse(Context<OrbitCluster> context) {
    var names = new HashSet<String>();
    for (Pod p : context.getSecondaryResources(Pod.class)) {
      addMounted(p.getSpec(), names);
    }
    context
        .getSecondaryResource(StatefulSet.class)
        .ifPresent(sts -> addMounted(sts.getSpec().getTemplate().getSpec(), names));
    return names;
  }

  private static void addMounted(PodSpec spec, Set<String> names) {
    if (spec == null || spec.getVolumes() == null) {
      return;
    }
    spec.getVolumes().stream()
        .filter(v -> v.getConfigMap() != null)
        .forEach(v -> names.add(v.getConfigMap().getName()));
  }
}
