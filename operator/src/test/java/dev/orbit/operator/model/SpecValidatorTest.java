package dev.orbit.operator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.operator.api.v1alpha1.VolumeSpec;
import dev.orbit.operator.testing.Clusters;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecValidatorTest {
  @Test
  void minimalSpecIsValid() {
    assertEquals(List.of(), SpecValidator.validate(Clusters.minimal("ns", "c").getSpec()));
  }

  @Test
  void walAndHotAreRequired() {
    var c = Clusters.minimal("ns", "c");
    c.getSpec().getStorage().setWal(null);
    c.getSpec().getStorage().setHot(null);
    assertEquals(
        List.of("spec.storage.wal is required", "spec.storage.hot is required"),
        SpecValidator.validate(c.getSpec()));
  }

  @Test
  void sizesMustBePositiveQuantities() {
    var c = Clusters.minimal("ns", "c");
    c.getSpec().getStorage().setHot(new VolumeSpec());
    var warm = new VolumeSpec();
    warm.setSize(new Quantity("lots"));
    c.getSpec().getStorage().setWarm(warm);
    c.getSpec().getStorage().setCold(new VolumeSpec("0", null));
    var problems = SpecValidator.validate(c.getSpec());
    assertEquals(3, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("spec.storage.hot.size is required"));
    assertTrue(problems.get(1).contains("spec.storage.warm.size"));
    assertTrue(problems.get(2).contains("spec.storage.cold.size"));
  }

  @Test
  void portsMustBeDistinctAndNotTheAdminPort() {
    var c = Clusters.minimal("ns", "c");
    c.getSpec().getProtocols().getRedis().setPort(5432);
    c.getSpec().getProtocols().getMysql().setEnabled(true);
    c.getSpec().getProtocols().getMysql().setPort(8080);
    var problems = SpecValidator.validate(c.getSpec());
    assertEquals(2, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("redis.port 5432 is already used by postgres"));
    assertTrue(problems.get(1).contains("mysql.port 8080 is already used by admin"));
  }

  @Test
  void disabledProtocolsMayShareAPort() {
    var c = Clusters.minimal("ns", "c");
    c.getSpec().getProtocols().getCql().setPort(5432);
    assertEquals(List.of(), SpecValidator.validate(c.getSpec()));
  }

  @Test
  void negativeReplicasAndBadDurationsAreReported() {
    var c = Clusters.minimal("ns", "c");
    c.getSpec().setReplicas(-1);
    c.getSpec().getTiering().setInterval("soon");
    c.getSpec().getTiering().getWarm().setMinAge("2 days");
    var problems = SpecValidator.validate(c.getSpec());
    assertEquals(3, problems.size(), problems.toString());
  }

  @Test
  void namesTooLongForPodLabelsAreReported() {
    assertEquals(List.of(), SpecValidator.validate(Clusters.minimal("ns", "a".repeat(52))));
    var problems = SpecValidator.validate(Clusters.minimal("ns", "a".repeat(53)));
    assertEquals(1, problems.size());
    assertTrue(problems.get(0).startsWith("metadata.name is 53 characters"));
  }

  @Test
  void configKeysAreValidated() {
    var c = Clusters.minimal("ns", "c");
    c.getSpec().setConfig(Map.of("nope", "1"));
    assertEquals(
        List.of("spec.config: unknown node config key 'nope'"),
        SpecValidator.validate(c.getSpec()));
  }
}
