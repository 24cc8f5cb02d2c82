package dev.orbit.node.protocol.pg;

import dev.orbit.config.NodeConfig;
import dev.orbit.node.protocol.NettyListener;
import dev.orbit.node.sql.Copy;
import dev.orbit.node.sql.Field;
import dev.orbit.node.sql.PgType;
import dev.orbit.node.sql.Result;
import dev.orbit.node.sql.Session;
import dev.orbit.node.sql.SqlException;
import dev.orbit.node.sql.Values;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PostgreSQL connection: startup and authentication, then simple and extended queries and COPY.
 * Messages are handled in order on a worker thread (statements may wait for row locks and group
 * commits); replies are buffered and flushed at Sync, ReadyForQuery and Flush.
 */
final class PgConnection extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(PgConnection.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int PAUSE_READS_AT = 256;

  private enum State {
    STARTUP,
    SASL_FIRST,
    SASL_FINAL,
    READY,
    CLOSED
  }

  private final PgServer server;
  private final Executor workers;
  private final Queue<Object> inbox = new ArrayDeque<>();
  private boolean draining;
  private boolean readsPaused;
  private ChannelHandlerContext ctx;
  private final PgOut out = new PgOut();
  private State state = State.STARTUP;
  private Map<String, String> startup;
  private Scram.Exchange scram;
  private volatile Session session;
  private int secret;

  /** Messages received so far (the idle-in-transaction timer checks that none came). */
  private volatile long received;

  private java.util.concurrent.ScheduledFuture<?> statementTimer;
  private java.util.concurrent.ScheduledFuture<?> idleTimer;

  /** Extended protocol: after an error, messages are skipped until Sync. */
  private boolean skipUntilSync;

  private final Map<String, Statement> statements = new HashMap<>();
  private final Map<String, Portal> portals = new HashMap<>();

  /** A COPY FROM STDIN in progress, and the simple-query statements still to run after it. */
  private Copy copyIn;

  private List<String> pendingAfterCopy;

  private record Statement(Session.Prepared prepared) {}

  /** A bound statement: its parameters, result formats, and rows not yet sent. */
  private static final class Portal {
    final Session.Prepared prepared;
    final Object[] params;
    final int[] resultFormats;
    Result result;
    int sent;

    Portal(Session.Prepared prepared, Object[] params, int[] resultFormats) {
      this.prepared = prepared;
      this.params = params;
      this.resultFormats = resultFormats;
    }
  }

  PgConnection(PgServer server, Executor workers) {
    this.server = server;
    this.workers = workers;
  }

  // ---- netty side: queue messages, run them in order on a worker ----

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    this.ctx = ctx;
    received++;
    // every message is handled on a worker, in order: parsing and execution never run on the
    // event loop, whose threads also serve every other connection
    synchronized (inbox) {
      inbox.add(msg);
      if (inbox.size() > PAUSE_READS_AT && !readsPaused) {
        readsPaused = true;
        ctx.channel().config().setAutoRead(false);
      }
    }
  }

  /**
   * The messages of one read (a client's Bind/Execute/Sync arrive together) go to a worker in one
   * hand-off, once Netty has delivered them all.
   */
  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    kick();
    ctx.fireChannelReadComplete();
  }

  private void kick() {
    boolean start;
    synchronized (inbox) {
      start = !draining && !inbox.isEmpty();
      if (start) {
        draining = true;
      }
    }
    if (start) {
      workers.execute(this::drain);
    }
  }

  private void drain() {
    server.active.incrementAndGet();
    try {
      drainInbox();
    } finally {
      server.active.decrementAndGet();
    }
  }

  private void drainInbox() {
    while (true) {
      Object msg;
      synchronized (inbox) {
        msg = inbox.poll();
        if (msg == null) {
          draining = false;
          if (readsPaused) {
            readsPaused = false;
            ctx.channel().config().setAutoRead(true);
          }
          return;
        }
      }
      handleSafely(msg);
    }
  }

  private void handleSafely(Object msg) {
    try {
      Session s = session;
      if (s != null) {
        dev.orbit.node.sql.Values.useSession(s.io()); // parameters and results in its TimeZone
      }
      handle(msg);
    } catch (PgIn.Malformed e) {
      fatal("08P01", "invalid message format: " + e.getMessage());
    } catch (RuntimeException | Error e) {
      LOG.warn("postgres connection {} failed", ctx.channel().remoteAddress(), e);
      fatal("XX000", "internal error: " + e);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    Session s = session;
    if (s != null) {
      s.terminate(server.closing); // stops the running statement now, not after it ends
    }
    channelRead(ctx, Closed.INSTANCE);
    kick();
    ctx.fireChannelInactive();
  }

  private enum Closed {
    INSTANCE,
    /** idle_in_transaction_session_timeout passed with no message from the client. */
    IDLE_TIMEOUT
  }

  private String client() {
    return ctx == null ? "?" : String.valueOf(ctx.channel().remoteAddress());
  }

  /** Failures of the kinds the node refuses or stops on purpose: logged with the client. */
  private static final java.util.Set<String> LOGGED =
      java.util.Set.of(
          "54001", "57014", "25P03", "53200", "54000", "28P01", "08P01", "XX000", "57P01", "53300");

  private void logRefusal(String code, String message) {
    if (LOGGED.contains(code)) {
      LOG.warn("postgres client {}: {} {}", client(), code, message);
    }
  }

  private void startStatementTimer() {
    long ms = session.statementTimeoutMillis();
    if (ms > 0) {
      Session s = session;
      statementTimer = server.timers.schedule(s::cancelForTimeout, ms, TimeUnit.MILLISECONDS);
    }
  }

  private void stopStatementTimer() {
    if (statementTimer != null) {
      statementTimer.cancel(false);
      statementTimer = null;
    }
  }

  /** In a transaction block, closes the connection when the client stays silent too long. */
  private void armIdleTimer(char status) {
    if (idleTimer != null) {
      idleTimer.cancel(false);
      idleTimer = null;
    }
    long ms = status == 'I' ? 0 : session.idleInTransactionTimeoutMillis();
    if (ms > 0) {
      long seen = received;
      ChannelHandlerContext c = ctx;
      idleTimer =
          server.timers.schedule(
              () ->
                  c.executor()
                      .execute(
                          () -> {
                            if (received == seen && c.channel().isActive()) {
                              channelRead(c, Closed.IDLE_TIMEOUT);
                              kick();
                            }
                          }),
              ms,
              TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("postgres connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    if (ctx.channel().isActive()) {
      PgOut o = new PgOut();
      error(o, "FATAL", "08P01", "invalid frontend message: " + cause.getMessage(), null);
      ctx.writeAndFlush(o.take()).addListener(ChannelFutureListener.CLOSE);
    }
  }

  private void flush() {
    if (!out.isEmpty()) {
      ctx.channel().writeAndFlush(out.take());
    }
  }

  private void fatal(String code, String message) {
    if (state == State.CLOSED) {
      return;
    }
    logRefusal(code, message);
    error(out, "FATAL", code, message, null);
    ctx.channel().writeAndFlush(out.take()).addListener(ChannelFutureListener.CLOSE);
    shutdown();
  }

  private void shutdown() {
    state = State.CLOSED;
    stopStatementTimer();
    if (idleTimer != null) {
      idleTimer.cancel(false);
      idleTimer = null;
    }
    if (copyIn != null) {
      copyIn.abort("connection closed");
      copyIn = null;
    }
    if (session != null) {
      server.secrets.remove(session.pid());
      server.sessions.remove(session);
      session.close();
      session = null;
    }
  }

  // ---- dispatch ----

  private void handle(Object msg) {
    if (msg == Closed.INSTANCE) {
      shutdown();
      return;
    }
    if (msg == Closed.IDLE_TIMEOUT) {
      logRefusal(
          "25P03", "idle in transaction for longer than idle_in_transaction_session_timeout");
      fatal("25P03", "terminating connection due to idle-in-transaction timeout");
      return;
    }
    if (state == State.CLOSED) {
      return;
    }
    if (msg instanceof PgDecoder.Startup s) {
      startup(s);
      return;
    }
    PgDecoder.Message m = (PgDecoder.Message) msg;
    switch (state) {
      case SASL_FIRST, SASL_FINAL -> sasl(m);
      case READY -> ready(m);
      default -> fatal("08P01", "unexpected message type " + m.type() + " during startup");
    }
  }

  private void ready(PgDecoder.Message m) {
    char t = m.type();
    if (copyIn != null) {
      copyMessage(m);
      return;
    }
    if (t == 'X') {
      shutdown();
      ctx.channel().close();
      return;
    }
    if (skipUntilSync && t != 'S') {
      return;
    }
    PgIn in = new PgIn(m.body());
    switch (t) {
      case 'Q' -> simpleQuery(in.cstring());
      case 'P' -> parse(in);
      case 'B' -> bind(in);
      case 'D' -> describe(in);
      case 'E' -> execute(in);
      case 'C' -> close(in);
      case 'H' -> flush();
      case 'S' -> {
        skipUntilSync = false;
        readyForQuery();
      }
      case 'd', 'c', 'f' -> {
        // copy messages outside COPY are ignored, as PostgreSQL does
      }
      default -> fatal("08P01", "invalid frontend message type " + (int) t);
    }
  }

  // ---- startup and authentication ----

  private void startup(PgDecoder.Startup s) {
    if (state != State.STARTUP) {
      fatal("08P01", "unexpected startup packet");
      return;
    }
    switch (s.code()) {
      case PgDecoder.SSL_REQUEST, PgDecoder.GSSENC_REQUEST -> {
        out.raw('N');
        flush();
        return;
      }
      case PgDecoder.CANCEL_REQUEST -> {
        PgIn in = new PgIn(s.body());
        int pid = in.int32();
        int key = in.int32();
        Integer expected = server.secrets.get(pid);
        Session target = server.engine.session(pid);
        if (expected != null && expected == key && target != null) {
          target.cancel();
        }
        state = State.CLOSED;
        ctx.channel().close();
        return;
      }
      default -> {}
    }
    PgIn in = new PgIn(s.body());
    startup = new LinkedHashMap<>();
    List<String> unknownOptions = new java.util.ArrayList<>();
    while (in.hasMore()) {
      String k = in.cstring();
      if (k.isEmpty()) {
        break;
      }
      String v = in.cstring();
      if (k.startsWith("_pq_.")) {
        unknownOptions.add(k);
      } else {
        startup.put(k, v);
      }
    }
    int minor = s.code() & 0xFFFF;
    if (minor > 0 || !unknownOptions.isEmpty()) {
      out.begin('v').int32(0).int32(unknownOptions.size());
      unknownOptions.forEach(out::cstring);
      out.end();
    }
    String user = startup.get("user");
    if (user == null || user.isEmpty()) {
      fatal("28000", "no PostgreSQL user name specified in startup packet");
      return;
    }
    if (server.authMethod == NodeConfig.AuthMethod.TRUST) {
      authenticated();
      return;
    }
    out.begin('R').int32(10).cstring(Scram.MECHANISM).int8(0).end();
    flush();
    Scram.Verifier v = server.verifiers.get(user);
    // an unknown user gets the same salt every time, so replies do not tell which users exist
    scram = new Scram.Exchange(v != null ? v : Scram.Verifier.mock(user, server.mockSecret));
    state = State.SASL_FIRST;
  }

  private void sasl(PgDecoder.Message m) {
    if (m.type() != 'p') {
      fatal("08P01", "expected SASL response, got message type " + m.type());
      return;
    }
    PgIn in = new PgIn(m.body());
    if (state == State.SASL_FIRST) {
      String mechanism = in.cstring();
      if (!mechanism.equals(Scram.MECHANISM)) {
        fatal("28000", "client selected an invalid SASL authentication mechanism");
        return;
      }
      int len = in.int32();
      String first = new String(len < 0 ? new byte[0] : in.bytes(len), StandardCharsets.UTF_8);
      String serverFirst = scram.first(first);
      if (serverFirst == null) {
        fatal("08P01", "malformed SCRAM message");
        return;
      }
      out.begin('R').int32(11).bytes(serverFirst.getBytes(StandardCharsets.UTF_8)).end();
      flush();
      state = State.SASL_FINAL;
      return;
    }
    String serverFinal = scram.last(new String(in.rest(), StandardCharsets.UTF_8));
    if (serverFinal == null) {
      failLogin();
      return;
    }
    server.throttle.succeeded(address());
    out.begin('R').int32(12).bytes(serverFinal.getBytes(StandardCharsets.UTF_8)).end();
    authenticated();
  }

  private java.net.InetAddress address() {
    java.net.SocketAddress a = ctx.channel().remoteAddress();
    return a instanceof java.net.InetSocketAddress i ? i.getAddress() : null;
  }

  /**
   * Answers a failed login; repeated failures from one address are answered later and later, so
   * passwords cannot be tried quickly.
   */
  private void failLogin() {
    String message = "password authentication failed for user \"" + startup.get("user") + "\"";
    long delay = server.throttle.failed(address());
    if (delay <= 0) {
      fatal("28P01", message);
      return;
    }
    LOG.warn("postgres client {}: repeated failed logins, answering in {} ms", client(), delay);
    state = State.SASL_FINAL;
    ChannelHandlerContext c = ctx;
    server.timers.schedule(
        () -> c.executor().execute(() -> fatal("28P01", message)), delay, TimeUnit.MILLISECONDS);
  }

  private void authenticated() {
    String user = startup.get("user");
    String db = startup.getOrDefault("database", "");
    if (db.isEmpty()) {
      db = "orbit";
    }
    try {
      session = server.engine.open(user, db, startup);
    } catch (SqlException e) {
      fatal(e.sqlState(), e.getMessage());
      return;
    }
    out.begin('R').int32(0).end();
    for (Map.Entry<String, String> p : session.reportedParameters().entrySet()) {
      out.begin('S').cstring(p.getKey()).cstring(p.getValue() == null ? "" : p.getValue()).end();
    }
    session.drainChangedParameters();
    if (ctx.channel().remoteAddress() instanceof java.net.InetSocketAddress isa) {
      session.activity.clientAddr = isa.getAddress().getHostAddress();
      session.activity.clientPort = isa.getPort();
    }
    server.sessions.add(session);
    secret = RANDOM.nextInt();
    server.secrets.put(session.pid(), secret);
    out.begin('K').int32(session.pid()).int32(secret).end();
    state = State.READY;
    NettyListener.authenticated(ctx.channel()); // authentication_timeout no longer applies
    readyForQuery();
  }

  private void readyForQuery() {
    try {
      session.endImplicit();
    } catch (SqlException e) {
      error(out, "ERROR", e.sqlState(), e.getMessage(), e.detail(), e.hint(), e.position());
    }
    char status = session.transactionStatus();
    // idle before the client can see ReadyForQuery (as PostgreSQL): its next query in another
    // session must never find this one still active
    Session.Activity a = session.activity;
    a.state =
        status == 'I'
            ? "idle"
            : status == 'T' ? "idle in transaction" : "idle in transaction (aborted)";
    a.stateChange = now();
    if (status == 'I') {
      a.xactStart = null;
    }
    out.begin('Z').int8(status).end();
    flush();
    armIdleTimer(status);
  }

  private static java.time.OffsetDateTime now() {
    return java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC)
        .truncatedTo(java.time.temporal.ChronoUnit.MICROS);
  }

  private void active(String sql) {
    Session.Activity a = session.activity;
    java.time.OffsetDateTime t = now();
    a.state = "active";
    a.query = sql;
    a.queryStart = t;
    a.stateChange = t;
    if (a.xactStart == null) {
      a.xactStart = t;
    }
  }

  // ---- simple query ----

  private void simpleQuery(String sql) {
    active(sql);
    List<String> stmts;
    try {
      stmts = Session.split(sql);
    } catch (SqlException e) {
      sqlError(e);
      readyForQuery();
      return;
    }
    if (stmts.isEmpty()) {
      out.begin('I').end();
      readyForQuery();
      return;
    }
    if (stmts.size() > 1) {
      session.beginImplicit();
    }
    runSimple(stmts, 0);
  }

  /** Runs statements from {@code from}; stops at a COPY FROM STDIN (resumed at CopyDone). */
  private void runSimple(List<String> stmts, int from) {
    for (int i = from; i < stmts.size(); i++) {
      long start = System.nanoTime();
      boolean failed = false;
      try {
        startStatementTimer();
        Session.Bound b;
        Result r;
        try {
          b = session.prepareSimple(stmts.get(i));
          r = session.execute(b.prepared(), b.params());
        } finally {
          stopStatementTimer();
        }
        if (r.copy != null) {
          if (startCopy(r)) {
            pendingAfterCopy = stmts.subList(i + 1, stmts.size());
            server.metrics.observe(System.nanoTime() - start, false);
            return;
          }
          continue;
        }
        sendNotices();
        if (r.fields != null) {
          rowDescription(r.fields, null);
          dataRows(r, r.rows.size(), null);
        }
        commandComplete(r.tag);
      } catch (SqlException e) {
        failed = true;
        sqlError(e);
        server.metrics.observe(System.nanoTime() - start, true);
        break;
      } finally {
        if (!failed) {
          server.metrics.observe(System.nanoTime() - start, false);
        }
      }
      if (out.size() > 64 << 10) {
        flush();
      }
    }
    readyForQuery();
  }

  /** Starts a COPY: true for FROM STDIN (now waiting for data), false once TO STDOUT is sent. */
  private boolean startCopy(Result r) {
    Copy c = r.copy;
    int n = c.columnCount();
    if (c.isIn()) {
      out.begin('G').int8(0).int16(n);
      for (int i = 0; i < n; i++) {
        out.int16(0);
      }
      out.end();
      flush();
      copyIn = c;
      return true;
    }
    out.begin('H').int8(0).int16(n);
    for (int i = 0; i < n; i++) {
      out.int16(0);
    }
    out.end();
    for (String line : c.lines()) {
      out.begin('d').bytes(line.getBytes(StandardCharsets.UTF_8)).end();
      if (out.size() > 64 << 10) {
        flush();
      }
    }
    out.begin('c').end();
    commandComplete(r.tag);
    return false;
  }

  private void copyMessage(PgDecoder.Message m) {
    switch (m.type()) {
      case 'd' -> copyIn.data(m.body());
      case 'c' -> {
        Copy c = copyIn;
        copyIn = null;
        try {
          String tag = c.finish();
          commandComplete(tag);
        } catch (SqlException e) {
          sqlError(e);
          pendingAfterCopy = null;
          readyForQuery();
          return;
        }
        List<String> rest = pendingAfterCopy;
        pendingAfterCopy = null;
        runSimple(rest == null ? List.of() : rest, 0);
      }
      case 'f' -> {
        String reason = new PgIn(m.body()).cstring();
        copyIn.abort(reason);
        copyIn = null;
        pendingAfterCopy = null;
        error(out, "ERROR", "57014", "COPY from stdin failed: " + reason, null);
        readyForQuery();
      }
      case 'H', 'S' -> {
        // ignored during COPY, per the protocol
      }
      case 'X' -> {
        shutdown();
        ctx.channel().close();
      }
      default -> {
        copyIn.abort("unexpected message");
        copyIn = null;
        pendingAfterCopy = null;
        error(
            out,
            "ERROR",
            "08P01",
            "unexpected message type " + m.type() + " during COPY from stdin",
            null);
        readyForQuery();
      }
    }
  }

  // ---- extended query ----

  private void parse(PgIn in) {
    String name = in.cstring();
    String sql = in.cstring();
    int n = in.int16();
    int[] oids = new int[Math.max(0, n)];
    for (int i = 0; i < oids.length; i++) {
      oids[i] = in.int32();
    }
    if (trailing(in)) {
      return;
    }
    try {
      if (!name.isEmpty() && statements.containsKey(name)) {
        throw new SqlException("42P05", "prepared statement \"" + name + "\" already exists");
      }
      Session.Prepared p = session.prepare(sql, oids);
      statements.put(name, new Statement(p));
      out.begin('1').end();
    } catch (SqlException e) {
      extendedError(e);
    }
  }

  private void bind(PgIn in) {
    String portal = in.cstring();
    String name = in.cstring();
    int nf = in.int16();
    int[] formats = new int[Math.max(0, nf)];
    for (int i = 0; i < formats.length; i++) {
      formats[i] = in.int16();
    }
    int np = in.int16();
    byte[][] raw = new byte[Math.max(0, np)][];
    for (int i = 0; i < raw.length; i++) {
      int len = in.int32();
      raw[i] = len < 0 ? null : in.bytes(len);
    }
    int nr = in.int16();
    int[] resultFormats = new int[Math.max(0, nr)];
    for (int i = 0; i < resultFormats.length; i++) {
      resultFormats[i] = in.int16();
    }
    if (trailing(in)) {
      return;
    }
    try {
      Statement st = statements.get(name);
      if (st == null) {
        throw new SqlException("26000", "prepared statement \"" + name + "\" does not exist");
      }
      PgType[] types = st.prepared().parameterTypes();
      if (raw.length != types.length) {
        throw new SqlException(
            "08P01",
            "bind message supplies "
                + raw.length
                + " parameters, but prepared statement \""
                + name
                + "\" requires "
                + types.length);
      }
      Object[] params = new Object[raw.length];
      for (int i = 0; i < raw.length; i++) {
        if (raw[i] == null) {
          continue;
        }
        int f = formats.length == 0 ? 0 : formats.length == 1 ? formats[0] : formats[i];
        params[i] =
            f == 1
                ? Values.fromBinary(raw[i], types[i])
                : Values.fromText(new String(raw[i], StandardCharsets.UTF_8), types[i]);
      }
      portals.put(portal, new Portal(st.prepared(), params, resultFormats));
      out.begin('2').end();
    } catch (SqlException e) {
      extendedError(e);
    }
  }

  private void describe(PgIn in) {
    int kind = in.int8();
    String name = in.cstring();
    if (trailing(in)) {
      return;
    }
    try {
      if (kind == 'S') {
        Statement st = statements.get(name);
        if (st == null) {
          throw new SqlException("26000", "prepared statement \"" + name + "\" does not exist");
        }
        int[] oids = st.prepared().parameterOids();
        out.begin('t').int16(oids.length);
        for (int o : oids) {
          out.int32(o);
        }
        out.end();
        List<Field> f = st.prepared().fields();
        if (f == null) {
          out.begin('n').end();
        } else {
          rowDescription(f, null);
        }
      } else {
        Portal p = portals.get(name);
        if (p == null) {
          throw new SqlException("34000", "portal \"" + name + "\" does not exist");
        }
        List<Field> f = p.prepared.fields();
        if (f == null) {
          out.begin('n').end();
        } else {
          rowDescription(f, p.resultFormats);
        }
      }
    } catch (SqlException e) {
      extendedError(e);
    }
  }

  private void execute(PgIn in) {
    String name = in.cstring();
    int maxRows = in.int32();
    if (trailing(in)) {
      return;
    }
    Portal p = portals.get(name);
    long start = System.nanoTime();
    try {
      if (p == null) {
        throw new SqlException("34000", "portal \"" + name + "\" does not exist");
      }
      if (p.prepared.empty()) {
        out.begin('I').end();
        return;
      }
      if (p.result == null) {
        active(p.prepared.sql);
        session.beginImplicit();
        startStatementTimer();
        try {
          p.result = session.execute(p.prepared, p.params);
        } finally {
          stopStatementTimer();
        }
        if (p.result.copy != null) {
          if (p.result.copy.isIn()) {
            p.result.copy.abort("extended protocol");
            throw SqlException.unsupported("COPY FROM STDIN in the extended query protocol");
          }
          startCopy(p.result);
          return;
        }
      }
      sendNotices();
      Result r = p.result;
      if (r.fields != null) {
        int left = r.rows.size() - p.sent;
        int n = maxRows > 0 ? Math.min(maxRows, left) : left;
        dataRows(r, n, p);
        if (p.sent < r.rows.size()) {
          out.begin('s').end();
          return;
        }
      }
      commandComplete(r.tag);
      server.metrics.observe(System.nanoTime() - start, false);
    } catch (SqlException e) {
      server.metrics.observe(System.nanoTime() - start, true);
      extendedError(e);
    }
  }

  /** A message with bytes after its fields is refused, as PostgreSQL's pq_getmsgend does. */
  private boolean trailing(PgIn in) {
    if (in.hasMore()) {
      extendedError(new SqlException("08P01", "invalid message format"));
      return true;
    }
    return false;
  }

  private void close(PgIn in) {
    int kind = in.int8();
    String name = in.cstring();
    if (trailing(in)) {
      return;
    }
    if (kind == 'S') {
      statements.remove(name);
    } else {
      portals.remove(name);
    }
    out.begin('3').end();
  }

  private void extendedError(SqlException e) {
    sqlError(e);
    skipUntilSync = true;
  }

  // ---- results ----

  private void sqlError(SqlException e) {
    logRefusal(e.sqlState(), e.getMessage());
    if (session != null) {
      session.markFailed();
    }
    sendNotices();
    error(out, "ERROR", e.sqlState(), e.getMessage(), e.detail(), e.hint(), e.position());
  }

  private void sendNotices() {
    if (session == null) {
      return;
    }
    for (String n : session.drainNotices()) {
      out.begin('N')
          .int8('S')
          .cstring("NOTICE")
          .int8('V')
          .cstring("NOTICE")
          .int8('C')
          .cstring("00000")
          .int8('M')
          .cstring(n)
          .int8(0)
          .end();
    }
    for (Map.Entry<String, String> p : session.drainChangedParameters().entrySet()) {
      out.begin('S').cstring(p.getKey()).cstring(p.getValue()).end();
    }
  }

  private static void error(PgOut o, String severity, String code, String message, String detail) {
    error(o, severity, code, message, detail, null, 0);
  }

  private static void error(
      PgOut o,
      String severity,
      String code,
      String message,
      String detail,
      String hint,
      int position) {
    o.begin('E');
    o.int8('S').cstring(severity);
    o.int8('V').cstring(severity);
    o.int8('C').cstring(code);
    o.int8('M').cstring(message);
    if (detail != null) {
      o.int8('D').cstring(detail);
    }
    if (hint != null) {
      o.int8('H').cstring(hint);
    }
    if (position > 0) {
      o.int8('P').cstring(Integer.toString(position));
    }
    o.int8(0).end();
  }

  private void commandComplete(String tag) {
    out.begin('C').cstring(tag).end();
  }

  private static int format(int[] formats, int i) {
    if (formats == null || formats.length == 0) {
      return 0;
    }
    return formats.length == 1 ? formats[0] : formats[i];
  }

  private void rowDescription(List<Field> fields, int[] formats) {
    out.begin('T').int16(fields.size());
    for (int i = 0; i < fields.size(); i++) {
      Field f = fields.get(i);
      out.cstring(f.name())
          .int32((int) f.tableOid())
          .int16(f.attnum())
          .int32(f.type().oid)
          .int16(f.type().typlen)
          .int32(f.typmod() < 0 ? -1 : f.typmod() + 4)
          .int16(format(formats, i));
    }
    out.end();
  }

  private void dataRows(Result r, int n, Portal p) {
    int from = p == null ? 0 : p.sent;
    int[] formats = p == null ? null : p.resultFormats;
    int cols = r.fields.size();
    for (int k = from; k < from + n; k++) {
      Object[] row = r.rows.get(k);
      // Encode every value before the message is begun: a value that cannot be
      // written raises its error with no half-written DataRow in the buffer.
      byte[][] enc = new byte[cols][];
      for (int i = 0; i < cols; i++) {
        Object v = row[i];
        if (v != null) {
          PgType t = r.fields.get(i).type();
          enc[i] =
              format(formats, i) == 1
                  ? Values.toBinary(Values.coerce(v, t, -1), t)
                  : Values.toText(v, t).getBytes(StandardCharsets.UTF_8);
        }
      }
      out.begin('D').int16(cols);
      for (byte[] b : enc) {
        if (b == null) {
          out.int32(-1);
        } else {
          out.int32(b.length).bytes(b);
        }
      }
      out.end();
      if (out.size() > 256 << 10) {
        flush();
      }
    }
    if (p != null) {
      p.sent = from + n;
    }
  }
}
