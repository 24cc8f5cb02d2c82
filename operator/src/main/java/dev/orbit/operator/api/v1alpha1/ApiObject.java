package dev.orbit.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An object of the OrbitCluster API. A field this operator does not know (a newer CRD, an API
 * server that does not prune) is kept aside instead of failing the whole watch, and reported by the
 * operator (a Warning event and the {@code UnknownFields} condition). It survives a copy of the
 * object (the framework clones what it hands to the reconciler); the operator never writes a spec.
 */
public abstract class ApiObject {
  @JsonIgnore private final Map<String, Object> unknownFields = new LinkedHashMap<>();

  @JsonAnySetter
  void unknownField(String name, Object value) {
    unknownFields.put(name, value);
  }

  @JsonAnyGetter
  Map<String, Object> unknownFieldsForCopies() {
    return unknownFields;
  }

  /** Fields of the manifest at this level that the operator does not know, by name. */
  @JsonIgnore
  public Map<String, Object> unknownFields() {
    return Collections.unmodifiableMap(unknownFields);
  }
}
