package dev.orbit.node.protocol.resp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/** Server-wide state: settings, passwords, connected clients, counters for INFO. */
final class ServerState {
  final long startedAt;
  final ServerConfig config;
  private final Map<String, String> users;
  private final AtomicLong ids = new AtomicLong();
  final Map<Long, Session> clients = new ConcurrentHashMap<>();
  final IntSupplier port;
  final LongAdder commands = new LongAdder();
  final LongAdder connectionsReceived = new LongAdder();
  volatile PubSub pubsub;
  final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
  volatile CommandTable table;
  volatile Blocking blocking;

  /**
   * @param users user → password; when empty no password is required
   */
  ServerState(long startedAt, ServerConfig config, Map<String, String> users, IntSupplier port) {
    this.startedAt = startedAt;
    this.config = config;
    this.users = Map.copyOf(users);
    this.port = port;
  }

  boolean authRequired() {
    return !users.isEmpty();
  }

  /**
   * True when {@code password} is {@code user}'s. AUTH with a password alone names the user {@code
   * default}, which is {@code orbit} (the superuser) unless a user called default exists.
   */
  boolean checkPassword(String user, byte[] password) {
    String name = user.equals("default") && !users.containsKey("default") ? "orbit" : user;
    String expected = users.get(name);
    if (expected == null) {
      MessageDigest.isEqual(password, password); // as long as a real comparison
      return false;
    }
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), password);
  }

  Session newSession(String address, Session.Connection conn) {
    connectionsReceived.increment();
    Session s =
        new Session(
            ids.incrementAndGet(), address, System.currentTimeMillis(), !authRequired(), conn);
    clients.put(s.id, s);
    return s;
  }

  void disconnected(Session s, Engine engine) {
    clients.remove(s.id);
    engine.watches.unwatchAll(s);
    PubSub ps = pubsub;
    if (ps != null) {
      ps.unsubscribeAll(s);
    }
    Blocking b = blocking;
    if (b != null) {
      b.cancel(s);
    }
  }

  void error(String code) {
    if (errors.size() < 128 || errors.containsKey(code)) {
      errors.computeIfAbsent(code, k -> new LongAdder()).increment();
    }
  }

  void resetStats() {
    errors.clear();
    commands.reset();
    connectionsReceived.reset();
    CommandTable t = table;
    if (t != null) {
      t.all().forEach(c -> c.stats().reset());
    }
  }

  Collection<Session> clients() {
    return clients.values();
  }

  long replyLimit() {
    return config.outputLimit("normal").hard();
  }

  /** The output buffer limits of a client: pub/sub while it is subscribed, else normal. */
  ServerConfig.OutputLimit outputLimit(boolean subscribed) {
    return config.outputLimit(subscribed ? "pubsub" : "normal");
  }
}
