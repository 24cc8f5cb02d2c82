package dev.orbit.node.cql;

import com.datastax.oss.protocol.internal.ProtocolConstants.ErrorCode;

/** A CQL error with its native-protocol error code (syntax, invalid, already exists, …). */
public class CqlException extends RuntimeException {
  public final int code;

  public CqlException(int code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public static CqlException syntax(String message) {
    return new CqlException(ErrorCode.SYNTAX_ERROR, message);
  }

  public static CqlException invalid(String message) {
    return new CqlException(ErrorCode.INVALID, message);
  }

  /** A feature this server does not implement, named, so nothing answers wrongly. */
  public static CqlException unsupported(String feature) {
    return new CqlException(ErrorCode.INVALID, feature + " is not supported by Orbit");
  }

  public static CqlException config(String message) {
    return new CqlException(ErrorCode.CONFIG_ERROR, message);
  }

  /** An ALREADY_EXISTS error naming the keyspace and table (table empty for a keyspace). */
  public static final class AlreadyExists extends CqlException {
    public final String keyspace;
    public final String table;

    public AlreadyExists(String keyspace, String table) {
      this(
          keyspace,
          table,
          table.isEmpty()
              ? "Keyspace " + keyspace + " already exists"
              : "Table " + keyspace + "." + table + " already exists");
    }

    public AlreadyExists(String keyspace, String object, String message) {
      super(ErrorCode.ALREADY_EXISTS, message);
      this.keyspace = keyspace;
      this.table = object;
    }
  }

  /** EXECUTE of an id this server does not know: the driver prepares again. */
  public static final class Unprepared extends CqlException {
    public final byte[] id;

    public Unprepared(byte[] id) {
      super(ErrorCode.UNPREPARED, "Prepared query with ID " + hex(id) + " not found");
      this.id = id;
    }
  }

  static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) {
      sb.append(String.format("%02x", x));
    }
    return sb.toString();
  }
}
