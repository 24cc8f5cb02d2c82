package dev.orbit.operator.api.v1alpha1;

/** Kubernetes image pull policy. */
public enum PullPolicy {
  Always,
  IfNotPresent,
  Never
}
