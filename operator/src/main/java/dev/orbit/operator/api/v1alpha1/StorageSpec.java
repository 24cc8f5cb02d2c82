package dev.orbit.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/** The volumes of each node: one claim per tier and one for the write-ahead log. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StorageSpec extends ApiObject {
  @JsonPropertyDescription("Volume of the RocksDB write-ahead logs, mounted at /var/lib/orbit/wal.")
  @Required
  private VolumeSpec wal;

  @JsonPropertyDescription("Volume of the hot tier (every write lands here): /var/lib/orbit/hot.")
  @Required
  private VolumeSpec hot;

  @JsonPropertyDescription(
      "Volume of the warm tier: /var/lib/orbit/warm. Omitted: a folder of the hot volume.")
  private VolumeSpec warm;

  @JsonPropertyDescription(
      "Volume of the cold tier: /var/lib/orbit/cold. Omitted: a folder of the hot volume.")
  private VolumeSpec cold;

  @JsonPropertyDescription(
      "Keep the claims when the cluster is deleted (StatefulSet PVC retention policy).")
  @Default("true")
  private Boolean retainOnDelete = true;

  public VolumeSpec getWal() {
    return wal;
  }

  public void setWal(VolumeSpec wal) {
    this.wal = wal;
  }

  public VolumeSpec getHot() {
    return hot;
  }

  public void setHot(VolumeSpec hot) {
    this.hot = hot;
  }

  public VolumeSpec getWarm() {
    return warm;
  }

  public void setWarm(VolumeSpec warm) {
    this.warm = warm;
  }

  public VolumeSpec getCold() {
    return cold;
  }

  public void setCold(VolumeSpec cold) {
    this.cold = cold;
  }

  public Boolean getRetainOnDelete() {
    return retainOnDelete;
  }

  public void setRetainOnDelete(Boolean retainOnDelete) {
    this.retainOnDelete = retainOnDelete;
  }
}
