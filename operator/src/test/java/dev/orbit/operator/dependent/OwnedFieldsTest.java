package dev.orbit.operator.dependent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orbit.operator.config.OperatorConfig;
import dev.orbit.operator.model.ClusterModel;
import dev.orbit.operator.testing.Clusters;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import org.junit.jupiter.api.Test;

class OwnedFieldsTest {
  static ClusterModel model() {
    var c = Clusters.minimal("ns", "c");
    c.getSpec()
        .setResources(
            new ResourceRequirementsBuilder()
                .addToLimits("cpu", new Quantity("1000m"))
                .addToLimits("memory", new Quantity("1024Mi"))
                .build());
    return ClusterModel.from(c, OperatorConfig.defaults());
  }

  static <T> T copy(T o, Class<T> type) {
    return Serialization.unmarshal(Serialization.asJson(o), type);
  }

  @Test
  void whatTheApiServerAddsOrNormalisesIsNoDrift() {
    Service desired = model().readWriteService();
    Service actual = copy(desired, Service.class);
    actual.getSpec().setClusterIP("10.0.0.7");
    actual.getSpec().setSessionAffinity("None");
    actual.getMetadata().getAnnotations().put("kubectl.kubernetes.io/last-applied", "{}");
    actual.getMetadata().setResourceVersion("42");
    assertEquals(List.of(), OwnedFields.drift(desired, actual));

    StatefulSet sts = model().statefulSet();
    StatefulSet read = copy(sts, StatefulSet.class);
    var limits = read.getSpec().getTemplate().getSpec().getContainers().get(0).getResources();
    limits.getLimits().put("cpu", new Quantity("1"));
    limits.getLimits().put("memory", new Quantity("1Gi"));
    read.getSpec().getTemplate().getSpec().setNodeSelector(null); // empty map dropped
    read.getSpec().setRevisionHistoryLimit(10);
    assertEquals(List.of(), OwnedFields.drift(sts, read));
  }

  @Test
  void aHandEditOfAFieldTheOperatorSetsIsDrift() {
    Service desired = model().readWriteService();
    Service actual = copy(desired, Service.class);
    actual.getSpec().getSelector().put("orbit.dev/role", "replica");
    assertEquals(List.of("spec.selector.orbit.dev/role"), OwnedFields.drift(desired, actual));

    Service extraKey = copy(desired, Service.class);
    extraKey.getSpec().getSelector().put("foo", "bar");
    assertEquals(List.of("spec.selector.foo"), OwnedFields.drift(desired, extraKey));

    StatefulSet sts = model().statefulSet();
    StatefulSet edited = copy(sts, StatefulSet.class);
    edited.getSpec().setReplicas(5);
    edited.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("evil:1");
    edited.getMetadata().getLabels().remove("orbit.dev/cluster");
    assertEquals(
        List.of(
            "metadata.labels.orbit.dev/cluster",
            "spec.replicas",
            "spec.template.spec.containers[0].image"),
        OwnedFields.drift(sts, edited));
  }

  @Test
  void configMapDataMustBeExactlyOurs() {
    var cm = model().configMap();
    var edited = copy(cm, io.fabric8.kubernetes.api.model.ConfigMap.class);
    edited.getData().put("extra.yaml", "x: 1");
    assertEquals(List.of("data.extra.yaml"), OwnedFields.drift(cm, edited));
  }
}
