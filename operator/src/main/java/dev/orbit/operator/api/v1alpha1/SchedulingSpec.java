package dev.orbit.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Placement of the node pods. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SchedulingSpec extends ApiObject {
  @JsonPropertyDescription("Node labels the pods must run on.")
  private Map<String, String> nodeSelector = new LinkedHashMap<>();

  @JsonPropertyDescription("Tolerations of the node pods.")
  private List<Toleration> tolerations = new ArrayList<>();

  @JsonPropertyDescription(
      "Affinity of the node pods. Its podAntiAffinity, when set, replaces the one derived from"
          + " podAntiAffinity below.")
  private Affinity affinity;

  @JsonPropertyDescription("Topology spread constraints of the node pods.")
  private List<TopologySpreadConstraint> topologySpreadConstraints = new ArrayList<>();

  @JsonPropertyDescription(
      "Spread the nodes of this cluster over Kubernetes nodes: preferred, required or none.")
  @Default("preferred")
  private AntiAffinityMode podAntiAffinity = AntiAffinityMode.PREFERRED;

  public Map<String, String> getNodeSelector() {
    return nodeSelector;
  }

  public void setNodeSelector(Map<String, String> nodeSelector) {
    this.nodeSelector = nodeSelector;
  }

  public List<Toleration> getTolerations() {
    return tolerations;
  }

  public void setTolerations(List<Toleration> tolerations) {
    this.tolerations = tolerations;
  }

  public Affinity getAffinity() {
    return affinity;
  }

  public void setAffinity(Affinity affinity) {
    this.affinity = affinity;
  }

  public List<TopologySpreadConstraint> getTopologySpreadConstraints() {
    return topologySpreadConstraints;
  }

  public void setTopologySpreadConstraints(
      List<TopologySpreadConstraint> topologySpreadConstraints) {
    this.topologySpreadConstraints = topologySpreadConstraints;
  }

  public AntiAffinityMode getPodAntiAffinity() {
    return podAntiAffinity;
  }

  public void setPodAntiAffinity(AntiAffinityMode podAntiAffinity) {
    this.podAntiAffinity = podAntiAffinity;
  }
}
