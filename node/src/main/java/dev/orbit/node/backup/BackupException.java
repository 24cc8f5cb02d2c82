package dev.orbit.node.backup;

/** A backup, restore or verify that could not be done; the message says why. */
public class BackupException extends RuntimeException {
  public BackupException(String message) {
    super(message);
  }

  public BackupException(String message, Throwable cause) {
    super(message, cause);
  }
}
