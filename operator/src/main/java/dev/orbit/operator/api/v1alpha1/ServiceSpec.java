package dev.orbit.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import java.util.LinkedHashMap;
import java.util.Map;

/** Shape of the client Services {@code <cluster>-rw} and {@code <cluster>-ro}. */
public class ServiceSpec extends ApiObject {
  @JsonPropertyDescription("Service type of the client Services.")
  @Default("ClusterIP")
  private ServiceType type = ServiceType.ClusterIP;

  @JsonPropertyDescription("Annotations of the client Services (e.g. for load balancers).")
  private Map<String, String> annotations = new LinkedHashMap<>();

  public ServiceType getType() {
    return type;
  }

  public void setType(ServiceType type) {
    this.type = type;
  }

  public Map<String, String> getAnnotations() {
    return annotations;
  }

  public void setAnnotations(Map<String, String> annotations) {
    this.annotations = annotations;
  }
}
