package dev.orbit.operator.api.v1alpha1;

/** One wire protocol of the node: whether it is served and on which port. */
public interface ProtocolSpec {
  Boolean getEnabled();

  Integer getPort();
}
