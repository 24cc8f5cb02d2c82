package dev.orbit.operator.model;

/**
 * Why a cluster is Degraded: a condition reason and a human message.
 *
 * @param reason CamelCase condition reason, e.g. {@code InvalidSpec}
 * @param message what is wrong and what to do
 */
public record Problem(String reason, String message) {
  public static final String INVALID_SPEC = "InvalidSpec";
  public static final String STORAGE_CHANGE_REFUSED = "StorageChangeRefused";
  public static final String RECONCILE_ERROR = "ReconcileError";
  public static final String NODE_FAILING = "NodeFailing";
}
