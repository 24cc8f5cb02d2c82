package dev.orbit.operator.api.v1alpha1;

/** Kubernetes Service types the client Services may take. */
public enum ServiceType {
  ClusterIP,
  NodePort,
  LoadBalancer
}
