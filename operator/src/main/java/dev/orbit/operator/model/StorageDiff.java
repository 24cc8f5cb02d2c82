package dev.orbit.operator.model;

import dev.orbit.operator.api.v1alpha1.StorageSpec;
import dev.orbit.operator.api.v1alpha1.VolumeSpec;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Classifies a storage change between the running StatefulSet and the spec: unchanged, growth
 * (expand every claim, then re-create the StatefulSet) or refused (shrink, storage class change,
 * adding or removing a tier volume).
 */
public final class StorageDiff {
  /** What the operator does about a storage change. */
  public enum Kind {
    UNCHANGED,
    EXPAND,
    REFUSED
  }

  private final Kind kind;
  private final List<String> reasons;
  private final Map<Tier, Quantity> grown;
  private final StorageSpec current;

  private StorageDiff(
      Kind kind, List<String> reasons, Map<Tier, Quantity> grown, StorageSpec current) {
    this.kind = kind;
    this.reasons = List.copyOf(reasons);
    this.grown = grown;
    this.current = current;
  }

  /** Compare the volumeClaimTemplates of {@code actual} (may be null) with {@code desired}. */
  public static StorageDiff between(StatefulSet actual, StorageSpec desired) {
    if (actual == null || actual.getSpec() == null) {
      return new StorageDiff(Kind.UNCHANGED, List.of(), Map.of(), desired);
    }
    StorageSpec current = fromTemplates(actual, desired);
    var reasons = new ArrayList<String>();
    var grown = new EnumMap<Tier, Quantity>(Tier.class);
    for (Tier tier : Tier.values()) {
      VolumeSpec have = tier.volume(current).orElse(null);
      VolumeSpec want = tier.volume(desired).orElse(null);
      if (have == null && want == null) {
        continue;
      }
      if (have == null || want == null) {
        reasons.add(
            (have == null ? "adding" : "removing")
                + " the "
                + tier.volumeName()
                + " volume of a running cluster is not supported");
        continue;
      }
      if (!Objects.equals(
          blankToNull(have.getStorageClassName()), blankToNull(want.getStorageClassName()))) {
        reasons.add(
            "storageClassName of "
                + tier.volumeName()
                + " cannot change ("
                + have.getStorageClassName()
                + " -> "
                + want.getStorageClassName()
                + ")");
      }
      BigDecimal haveBytes = SpecValidator.bytesOf(have.getSize());
      BigDecimal wantBytes = SpecValidator.bytesOf(want.getSize());
      int cmp = wantBytes.compareTo(haveBytes);
      if (cmp < 0) {
        reasons.add(
            tier.volumeName()
                + " volume cannot shrink ("
                + have.getSize()
                + " -> "
                + want.getSize()
                + ")");
      } else if (cmp > 0) {
        grown.put(tier, want.getSize());
      }
    }
    if (!reasons.isEmpty()) {
      return new StorageDiff(Kind.REFUSED, reasons, Map.of(), current);
    }
    return new StorageDiff(grown.isEmpty() ? Kind.UNCHANGED : Kind.EXPAND, reasons, grown, desired);
  }

  /** The storage the StatefulSet runs with, read back from its volumeClaimTemplates. */
  static StorageSpec fromTemplates(StatefulSet sts, StorageSpec desired) {
    var storage = new StorageSpec();
    storage.setRetainOnDelete(desired == null ? Boolean.TRUE : desired.getRetainOnDelete());
    List<PersistentVolumeClaim> templates = sts.getSpec().getVolumeClaimTemplates();
    if (templates == null) {
      return storage;
    }
    for (PersistentVolumeClaim t : templates) {
      var tier = Tier.byVolumeName(t.getMetadata().getName());
      if (tier.isEmpty()) {
        continue;
      }
      var volume = new VolumeSpec();
      volume.setSize(t.getSpec().getResources().getRequests().get("storage"));
      volume.setStorageClassName(t.getSpec().getStorageClassName());
      switch (tier.get()) {
        case WAL -> storage.setWal(volume);
        case HOT -> storage.setHot(volume);
        case WARM -> storage.setWarm(volume);
        case COLD -> storage.setCold(volume);
      }
    }
    return storage;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  public Kind kind() {
    return kind;
  }

  /** Why the change is refused; empty unless {@link Kind#REFUSED}. */
  public List<String> reasons() {
    return reasons;
  }

  /** New sizes of the tiers that grow; empty unless {@link Kind#EXPAND}. */
  public Map<Tier, Quantity> grown() {
    return grown;
  }

  /**
   * The storage to render: the spec's, except when the change is refused, then the running one
   * (nothing of the refused change is applied).
   */
  public StorageSpec effective() {
    return current;
  }
}
