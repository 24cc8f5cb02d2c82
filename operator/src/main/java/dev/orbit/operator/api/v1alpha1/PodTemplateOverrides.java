package dev.orbit.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.LinkedHashMap;
import java.util.Map;

/** Extra metadata of the node pods; labels the operator manages win over these. */
public class PodTemplateOverrides extends ApiObject {
  @JsonPropertyDescription("Extra labels of the node pods.")
  private Map<String, String> labels = new LinkedHashMap<>();

  @JsonPropertyDescription("Extra annotations of the node pods.")
  private Map<String, String> annotations = new LinkedHashMap<>();

  public Map<String, String> getLabels() {
    return labels;
  }

  public void setLabels(Map<String, String> labels) {
    this.labels = labels;
  }

  public Map<String, String> getAnnotations() {
    return annotations;
  }

  public void setAnnotations(Map<String, String> annotations) {
    this.annotations = annotations;
  }
}
