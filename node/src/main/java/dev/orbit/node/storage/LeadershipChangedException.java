package dev.orbit.node.storage;

/**
 * A writer read under one leadership of this member and would commit under another: in between,
 * another member led the store and may have changed what the writer read, so its write is refused
 * (nothing of it applied; a retry reads afresh).
 */
public final class LeadershipChangedException extends StorageException {
  public LeadershipChangedException(String protocol) {
    super(
        "this node lost the leadership of the "
            + protocol
            + " store and regained it while the transaction ran; another leader may have changed"
            + " what it read, so nothing of it was written");
  }
}
