package dev.orbit.node.protocol.resp;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** One connection's state: database, protocol version, authentication, MULTI, WATCH, pub/sub. */
final class Session {
  final long id;
  final String address;
  final long createdAt;
  final Connection conn;

  /** The logical database SELECT chose. */
  volatile int db;

  byte[] name;
  volatile boolean authenticated;
  String user = "default";
  volatile int resp = 2;
  boolean quit;
  String lastCommand = "NULL";
  byte[] libName;
  byte[] libVersion;

  /** Commands queued by MULTI; null when not in a transaction. */
  List<Call> multi;

  /** A command could not be queued: EXEC answers EXECABORT. */
  boolean multiFailed;

  /** Keys under WATCH, as (database, key), each with whether it was already expired then. */
  final java.util.Map<WatchRegistry.Key, Boolean> watched =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** CLIENT REPLY: replies are sent (ON), not sent (OFF), or the next one is not (SKIP). */
  String replyMode = "ON";

  /** Blocked in a blocking command (BLPOP …). */
  volatile boolean blocked;

  /** Set when a watched key changed: the next EXEC fails. */
  volatile boolean watchDirty;

  /** Subscriptions, in the order they were made. */
  final Set<Bytes> channels = new LinkedHashSet<>();

  final Set<Bytes> patterns = new LinkedHashSet<>();

  Session(long id, String address, long createdAt, boolean authenticated, Connection conn) {
    this.id = id;
    this.address = address;
    this.createdAt = createdAt;
    this.authenticated = authenticated;
    this.conn = conn;
  }

  boolean inMulti() {
    return multi != null;
  }

  void startMulti() {
    multi = new ArrayList<>();
    multiFailed = false;
  }

  void endMulti() {
    multi = null;
    multiFailed = false;
  }

  int subscriptions() {
    return channels.size() + patterns.size();
  }

  /** What the server needs of a connection beyond its session: pushing messages to it. */
  interface Connection {
    /** Sends {@code r} to the client now, out of band (pub/sub messages). */
    void push(Reply r);

    /** Hands a blocked command's outcome back to the connection (any thread). */
    void blockedDone(Engine.Outcome outcome);

    /** Runs {@code task} on the connection's thread after {@code millis}; returns a canceller. */
    Runnable schedule(Runnable task, long millis);

    /** The client authenticated (its login deadline no longer applies). */
    void loggedIn();

    /** True once the client went away. */
    boolean closed();

    /**
     * Bytes of replies made and not yet taken by the client's socket (CLIENT LIST omem): those
     * waiting to be written and those held back while the client does not read.
     */
    long outputBytes();

    /** Closes the connection (CLIENT KILL). */
    void kill();
  }
}
