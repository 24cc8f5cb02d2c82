package dev.orbit.node.storage;

/**
 * A read reached a replica that is further behind its leader than {@code replication.maxReadLag}
 * allows, so it was refused rather than answered with stale data.
 */
public final class ReplicaLagException extends StorageException {
  public ReplicaLagException(String message) {
    super(message);
  }
}
