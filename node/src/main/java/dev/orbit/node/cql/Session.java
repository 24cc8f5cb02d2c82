package dev.orbit.node.cql;

/** Per-connection state: the keyspace set by USE. */
public final class Session {
  private volatile String keyspace;

  public String keyspace() {
    return keyspace;
  }

  void use(String ks) {
    this.keyspace = ks;
  }

  /** The keyspace of {@code name}, or the session's; an error when neither is set. */
  String keyspaceOf(Ast.QName name) {
    if (name.keyspace() != null) {
      return name.keyspace();
    }
    if (keyspace == null) {
      throw CqlException.invalid(
          "No keyspace has been specified. USE a keyspace, or explicitly specify keyspace.tablename");
    }
    return keyspace;
  }
}
