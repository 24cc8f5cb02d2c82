package dev.orbit.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Observed state of an {@link OrbitCluster}, written only by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OrbitClusterStatus extends ApiObject {
  @JsonPropertyDescription("The metadata.generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("Pods the StatefulSet runs.")
  private Integer replicas;

  @JsonPropertyDescription("Pods that are Ready.")
  private Integer readyReplicas;

  @JsonPropertyDescription(
      "Ready, Progressing and Degraded conditions; BackupVerified when spec.backup.verify is set.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("One entry per node pod.")
  private List<NodeStatus> nodes = new ArrayList<>();

  @JsonPropertyDescription(
      "Client endpoint per enabled protocol: <service>.<namespace>.svc:<port>.")
  private Map<String, String> endpoints = new LinkedHashMap<>();

  @JsonPropertyDescription("Node image the StatefulSet runs.")
  private String image;

  @JsonPropertyDescription("Hash of the rendered node config (pod template annotation).")
  private String configHash;

  @JsonPropertyDescription(
      "The pod that leads the cluster's replication groups (labelled orbit.dev/role=primary and"
          + " selected by <c>-rw), from what the nodes report at /v1/status.")
  private String leader;

  @JsonPropertyDescription(
      "A roll of the node pods that is planned, held by spec.rollout.paused, or under way.")
  private PendingChanges pendingChanges;

  public PendingChanges getPendingChanges() {
    return pendingChanges;
  }

  public void setPendingChanges(PendingChanges pendingChanges) {
    this.pendingChanges = pendingChanges;
  }

  @JsonPropertyDescription("Backup schedule, verification and bootstrap restore state.")
  private ClusterBackupStatus backup;

  public ClusterBackupStatus getBackup() {
    return backup;
  }

  public void setBackup(ClusterBackupStatus backup) {
    this.backup = backup;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public Integer getReadyReplicas() {
    return readyReplicas;
  }

  public void setReadyReplicas(Integer readyReplicas) {
    this.readyReplicas = readyReplicas;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public List<NodeStatus> getNodes() {
    return nodes;
  }

  public void setNodes(List<NodeStatus> nodes) {
    this.nodes = nodes;
  }

  public Map<String, String> getEndpoints() {
    return endpoints;
  }

  public void setEndpoints(Map<String, String> endpoints) {
    this.endpoints = endpoints;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public String getConfigHash() {
    return configHash;
  }

  public void setConfigHash(String configHash) {
    this.configHash = configHash;
  }

  public String getLeader() {
    return leader;
  }

  public void setLeader(String leader) {
    this.leader = leader;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OrbitClusterStatus s
        && Objects.equals(observedGeneration, s.observedGeneration)
        && Objects.equals(replicas, s.replicas)
        && Objects.equals(readyReplicas, s.readyReplicas)
        && Objects.equals(conditions, s.conditions)
        && Objects.equals(nodes, s.nodes)
        && Objects.equals(endpoints, s.endpoints)
        && Objects.equals(image, s.image)
        && Objects.equals(configHash, s.configHash)
        && Objects.equals(leader, s.leader)
        && Objects.equals(pendingChanges, s.pendingChanges)
        && Objects.equals(backup, s.backup);
  }

  @Override
  public int hashCode() {
    return Objects.hash(observedGeneration, replicas, readyReplicas, conditions, image, configHash);
  }
}
