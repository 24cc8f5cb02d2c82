package dev.orbit.node.admin;

/** A request the admin API answers with an error status and a message. */
public final class AdminException extends RuntimeException {
  private final int status;

  public AdminException(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
