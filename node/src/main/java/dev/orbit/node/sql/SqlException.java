package dev.orbit.node.sql;

/** A statement failure with its PostgreSQL SQLSTATE, as the client sees it. */
public final class SqlException extends RuntimeException {
  private final String sqlState;
  private final String detail;
  private String hint;
  private int position;

  public SqlException(String sqlState, String message) {
    this(sqlState, message, null);
  }

  public SqlException(String sqlState, String message, String detail) {
    super(message, null, false, false);
    this.sqlState = sqlState;
    this.detail = detail;
  }

  public String sqlState() {
    return sqlState;
  }

  /** The DETAIL line, or null. */
  public String detail() {
    return detail;
  }

  /** The HINT line, or null. */
  public String hint() {
    return hint;
  }

  /** 1-based character position in the statement text the error points at; 0 for none. */
  public int position() {
    return position;
  }

  /** Sets the hint; returns this. */
  public SqlException withHint(String h) {
    this.hint = h;
    return this;
  }

  /** Points the error at 0-based character index {@code at} (kept if already set); returns this. */
  public SqlException at(int at) {
    if (position == 0 && at >= 0) {
      this.position = at + 1;
    }
    return this;
  }

  /** A failure of the store: 53100 when its disk is full, else 58030 (I/O error). */
  public static SqlException storage(dev.orbit.node.storage.StorageException e) {
    String m = e.getMessage() == null ? "" : e.getMessage();
    if (e instanceof dev.orbit.node.storage.NotLeaderException) {
      // a write refused at commit, as PostgreSQL refuses one in a read-only transaction
      return new SqlException("25006", "cannot execute COMMIT in a read-only transaction", m);
    }
    if (e instanceof dev.orbit.node.storage.LeadershipChangedException) {
      // nothing was written and a retry reads afresh: a serialization failure, as PostgreSQL
      // answers a transaction that would overwrite a row changed since it read it
      return new SqlException("40001", "could not serialize access due to a change of leader", m);
    }
    if (e instanceof dev.orbit.node.storage.UnconfirmedWriteException) {
      // statement_completion_unknown (as CockroachDB answers an ambiguous commit): not 40001 or
      // 57014, which tell a client that nothing happened and a retry is safe
      return new SqlException("40003", m);
    }
    if (e instanceof dev.orbit.node.storage.ReplicaLagException) {
      // not a recovery conflict (40001): the replica is behind, as a standby not yet consistent
      return new SqlException(
          "57P03", "this replica is too far behind its leader to serve reads", m);
    }
    return new SqlException(
        m.contains("No space left on device") ? "53100" : "58030", "storage failure: " + m);
  }

  public static SqlException syntax(String message) {
    return new SqlException("42601", message);
  }

  public static SqlException unsupported(String feature) {
    return new SqlException("0A000", feature + " is not supported");
  }

  public static SqlException undefinedTable(String name) {
    return new SqlException("42P01", "relation \"" + name + "\" does not exist");
  }

  public static SqlException undefinedColumn(String name) {
    return new SqlException("42703", "column \"" + name + "\" does not exist");
  }

  public static SqlException badInput(String type, String text) {
    return new SqlException(
        "22P02", "invalid input syntax for type " + type + ": \"" + text + "\"");
  }
}
