package dev.orbit.node.storage;

/** A storage failure: a root that cannot be used, or a read or write that RocksDB refused. */
public class StorageException extends RuntimeException {
  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
