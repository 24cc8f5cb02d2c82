package dev.orbit.operator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.api.v1alpha1.VolumeSpec;
import dev.orbit.operator.config.OperatorConfig;
import dev.orbit.operator.testing.Clusters;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StorageDiffTest {
  private static StatefulSet running(OrbitCluster c) {
    return ClusterModel.from(c, OperatorConfig.defaults()).statefulSet();
  }

  @Test
  void noStatefulSetYetIsUnchanged() {
    var c = Clusters.minimal("ns", "c");
    var diff = StorageDiff.between(null, c.getSpec().getStorage());
    assertEquals(StorageDiff.Kind.UNCHANGED, diff.kind());
    assertEquals(c.getSpec().getStorage(), diff.effective());
  }

  @Test
  void sameStorageIsUnchanged() {
    var c = Clusters.minimal("ns", "c");
    assertEquals(
        StorageDiff.Kind.UNCHANGED,
        StorageDiff.between(running(c), c.getSpec().getStorage()).kind());
  }

  @Test
  void equalSizeWrittenDifferentlyIsUnchanged() {
    var c = Clusters.minimal("ns", "c");
    var sts = running(c);
    c.getSpec().getStorage().setHot(new VolumeSpec("10240Mi", null));
    assertEquals(
        StorageDiff.Kind.UNCHANGED, StorageDiff.between(sts, c.getSpec().getStorage()).kind());
  }

  @Test
  void growingIsAnExpansion() {
    var c = Clusters.minimal("ns", "c");
    var sts = running(c);
    c.getSpec().getStorage().setHot(new VolumeSpec("20Gi", null));
    var diff = StorageDiff.between(sts, c.getSpec().getStorage());
    assertEquals(StorageDiff.Kind.EXPAND, diff.kind());
    assertEquals(Map.of(Tier.HOT, new Quantity("20Gi")), diff.grown());
    assertEquals(new Quantity("20Gi"), diff.effective().getHot().getSize());
  }

  @Test
  void shrinkingVolumeIsRefusedAndTheRunningStorageIsKept() {
    var c = Clusters.minimal("ns", "c");
    var sts = running(c);
    c.getSpec().getStorage().setHot(new VolumeSpec("5Gi", null));
    c.getSpec().getStorage().setWal(new VolumeSpec("2Gi", null));
    var diff = StorageDiff.between(sts, c.getSpec().getStorage());
    assertEquals(StorageDiff.Kind.REFUSED, diff.kind());
    assertEquals(1, diff.reasons().size());
    assertTrue(diff.reasons().get(0).contains("hot volume cannot shrink (10Gi -> 5Gi)"));
    // nothing of the refused change is applied, not even the wal growth
    assertEquals(new Quantity("10Gi"), diff.effective().getHot().getSize());
    assertEquals(new Quantity("1Gi"), diff.effective().getWal().getSize());
    assertTrue(diff.grown().isEmpty());
  }

  @Test
  void changingStorageClassIsRefused() {
    var c = Clusters.minimal("ns", "c");
    var sts = running(c);
    c.getSpec().getStorage().setWal(new VolumeSpec("1Gi", "fast"));
    var diff = StorageDiff.between(sts, c.getSpec().getStorage());
    assertEquals(StorageDiff.Kind.REFUSED, diff.kind());
    assertTrue(diff.reasons().get(0).contains("storageClassName of wal cannot change"));
  }

  @Test
  void addingOrRemovingATierVolumeIsRefused() {
    var c = Clusters.minimal("ns", "c");
    var sts = running(c);
    c.getSpec().getStorage().setCold(new VolumeSpec("100Gi", null));
    var diff = StorageDiff.between(sts, c.getSpec().getStorage());
    assertEquals(StorageDiff.Kind.REFUSED, diff.kind());
    assertTrue(diff.reasons().get(0).contains("adding the cold volume"));
    assertEquals(null, diff.effective().getCold());

    var withWarm = Clusters.minimal("ns", "c");
    withWarm.getSpec().getStorage().setWarm(new VolumeSpec("50Gi", null));
    var sts2 = running(withWarm);
    withWarm.getSpec().getStorage().setWarm(null);
    var removed = StorageDiff.between(sts2, withWarm.getSpec().getStorage());
    assertEquals(StorageDiff.Kind.REFUSED, removed.kind());
    assertTrue(removed.reasons().get(0).contains("removing the warm volume"));
    assertEquals(new Quantity("50Gi"), removed.effective().getWarm().getSize());
  }

  @Test
  void retainOnDeleteStillFollowsTheSpecWhenRefused() {
    var c = Clusters.minimal("ns", "c");
    var sts = running(c);
    c.getSpec().getStorage().setHot(new VolumeSpec("1Gi", null));
    c.getSpec().getStorage().setRetainOnDelete(false);
    var diff = StorageDiff.between(sts, c.getSpec().getStorage());
    assertEquals(false, diff.effective().getRetainOnDelete());
  }
}
