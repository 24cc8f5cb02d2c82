package dev.orbit.operator.model;

import dev.orbit.operator.api.v1alpha1.StorageSpec;
import dev.orbit.operator.api.v1alpha1.VolumeSpec;
import java.util.Optional;
import java.util.function.Function;

/** A volume of a node: the WAL or one of the three data tiers. */
public enum Tier {
  WAL("wal", StorageSpec::getWal),
  HOT("hot", StorageSpec::getHot),
  WARM("warm", StorageSpec::getWarm),
  COLD("cold", StorageSpec::getCold);

  /** Root of every node volume inside the container. */
  public static final String DATA_DIR = "/var/lib/orbit";

  private final String volumeName;
  private final Function<StorageSpec, VolumeSpec> getter;

  Tier(String volumeName, Function<StorageSpec, VolumeSpec> getter) {
    this.volumeName = volumeName;
    this.getter = getter;
  }

  /** Name of the volumeClaimTemplate and of the volume mount. */
  public String volumeName() {
    return volumeName;
  }

  /** Where the tier's own volume is mounted. */
  public String mountPath() {
    return DATA_DIR + "/" + volumeName;
  }

  public Optional<VolumeSpec> volume(StorageSpec storage) {
    return Optional.ofNullable(storage).map(getter);
  }

  public static Optional<Tier> byVolumeName(String name) {
    for (Tier t : values()) {
      if (t.volumeName.equals(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
