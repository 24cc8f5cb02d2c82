package dev.orbit.e2e.sandbox;

/**
 * Why a pod's container cannot start (yet): the reason and message the kubelet puts into the
 * container's {@code state.waiting}, e.g. {@code ContainerCreating} while a claim is not bound,
 * {@code CreateContainerConfigError} for a missing Secret, {@code ErrImagePull} for an image the
 * sandbox cannot run.
 */
final class Waiting extends Exception {
  final String reason;

  Waiting(String reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }
}
