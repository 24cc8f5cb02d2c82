package dev.orbit.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A fleet of orbit storage nodes: the custom resource the operator reconciles. */
@Group(OrbitCluster.GROUP)
@Version(OrbitCluster.VERSION)
@Kind("OrbitCluster")
@Plural("orbitclusters")
@Singular("orbitcluster")
@ShortNames("oc")
@ValidationRule(
    value = Rules.NAME_LENGTH,
    message = "metadata.name must be at most 52 characters (pod labels add 11 to it)")
@AdditionalPrinterColumn(
    name = "Ready",
    type = AdditionalPrinterColumn.Type.STRING,
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(
    name = "Replicas",
    type = AdditionalPrinterColumn.Type.INTEGER,
    jsonPath = ".status.readyReplicas")
@AdditionalPrinterColumn(
    name = "Leader",
    type = AdditionalPrinterColumn.Type.STRING,
    jsonPath = ".status.leader")
@AdditionalPrinterColumn(
    name = "Reason",
    type = AdditionalPrinterColumn.Type.STRING,
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason")
@AdditionalPrinterColumn(
    name = "Age",
    type = AdditionalPrinterColumn.Type.DATE,
    jsonPath = ".metadata.creationTimestamp")
public class OrbitCluster extends CustomResource<OrbitClusterSpec, OrbitClusterStatus>
    implements Namespaced {
  public static final String GROUP = "orbit.dev";
  public static final String VERSION = "v1alpha1";

  @JsonIgnore private final Map<String, Object> unknownFields = new LinkedHashMap<>();

  /** A top-level field this operator does not know: set aside (see {@link ApiObject}). */
  @JsonAnySetter
  void unknownField(String name, Object value) {
    unknownFields.put(name, value);
  }

  @JsonAnyGetter
  Map<String, Object> unknownFieldsForCopies() {
    return unknownFields;
  }

  /** Top-level fields of the manifest the operator does not know, by name. */
  @JsonIgnore
  public Map<String, Object> unknownFields() {
    return Collections.unmodifiableMap(unknownFields);
  }

  @Override
  protected OrbitClusterSpec initSpec() {
    return new OrbitClusterSpec();
  }
}
