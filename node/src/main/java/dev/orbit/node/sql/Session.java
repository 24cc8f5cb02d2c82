package dev.orbit.node.sql;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One client session: its settings, its transaction (explicit or one per statement), prepared
 * statements' compilation, and what the connection must report (notices, changed parameters).
 */
public final class Session {
  /** Parameters reported to the client in ParameterStatus at startup and when SET. */
  public static final List<String> REPORTED =
      List.of(
          "server_version",
          "server_encoding",
          "client_encoding",
          "application_name",
          "DateStyle",
          "IntervalStyle",
          "integer_datetimes",
          "standard_conforming_strings",
          "TimeZone",
          "is_superuser",
          "session_authorization",
          "default_transaction_read_only",
          "in_hot_standby");

  final SqlEngine engine;
  final String user;
  final String database;
  final int pid;
  private final Map<String, String> settings = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  private final Map<String, String> changed = new LinkedHashMap<>();
  private final List<String> notices = new ArrayList<>();
  private final Map<String, Long> currvals = new HashMap<>();
  private String lastSequence;
  private final StatementCache statements = new StatementCache();
  private Transaction txn;
  private OffsetDateTime txnStart;
  private long txid;

  /** Why the running statement must stop: 0 none, else one of the CANCEL_ reasons. */
  private volatile int cancelReason;

  static final int CANCEL_USER = 1;
  static final int CANCEL_TIMEOUT = 2;
  static final int CANCEL_SHUTDOWN = 3;
  static final int CANCEL_DISCONNECT = 4;

  /** What pg_stat_activity shows of this session. */
  public final Activity activity = new Activity();

  /** The session's current state for pg_stat_activity (written by its connection). */
  public static final class Activity {
    public volatile String state = "idle";
    public volatile String query = "";
    public volatile String clientAddr;
    public volatile Integer clientPort;
    public volatile OffsetDateTime backendStart =
        OffsetDateTime.now(java.time.ZoneOffset.UTC)
            .truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    public volatile OffsetDateTime queryStart;
    public volatile OffsetDateTime xactStart;
    public volatile OffsetDateTime stateChange = backendStart;
  }

  Session(SqlEngine engine, String user, String database, int pid, Map<String, String> startup) {
    this.engine = engine;
    this.user = user;
    this.database = database;
    this.pid = pid;
    defaults();
    for (Map.Entry<String, String> e : startup.entrySet()) {
      if (!e.getKey().equals("user")
          && !e.getKey().equals("database")
          && !e.getKey().equals("options")
          && !e.getKey().equals("replication")) {
        settings.put(e.getKey(), e.getValue());
      }
    }
    if (settings.get("TimeZone") != null) {
      zoneOf(settings.get("TimeZone")); // an unknown zone fails the login, as in PostgreSQL
    }
    changed.clear();
  }

  private void defaults() {
    String[][] d = {
      {"server_version", "15.18"},
      {"server_version_num", "150018"},
      {"server_encoding", "UTF8"},
      {"client_encoding", "UTF8"},
      {"application_name", ""},
      {"DateStyle", "ISO, MDY"},
      {"IntervalStyle", "postgres"},
      {"integer_datetimes", "on"},
      {"standard_conforming_strings", "on"},
      {"TimeZone", "UTC"},
      {"is_superuser", user.equals("orbit") ? "on" : "off"},
      {"session_authorization", user},
      {"default_transaction_read_only", "off"},
      {"transaction_read_only", "off"},
      {"in_hot_standby", "off"},
      {"search_path", "\"$user\", public"},
      {"extra_float_digits", "1"},
      {"transaction_isolation", "read committed"},
      {"default_transaction_isolation", "read committed"},
      {"lock_timeout", "0"},
      {"statement_timeout", "0"},
      {"idle_in_transaction_session_timeout", "0"},
      {"orbit.query_memory", "256MB"},
      {"max_connections", "100"},
      {"max_identifier_length", "63"},
      {"max_index_keys", "32"},
      {"block_size", "8192"},
      {"lc_collate", "C"},
      {"lc_ctype", "C"},
      {"lc_messages", "C"},
      {"client_min_messages", "notice"},
      {"synchronous_commit", "on"},
      {"work_mem", "4MB"},
      {"datestyle", "ISO, MDY"}
    };
    for (String[] kv : d) {
      settings.put(kv[0], kv[1]);
    }
  }

  public String user() {
    return user;
  }

  public String database() {
    return database;
  }

  public int pid() {
    return pid;
  }

  // ---- settings ----

  public Map<String, String> reportedParameters() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String k : REPORTED) {
      out.put(k, settings.get(k));
    }
    return out;
  }

  String setting(String name) {
    if (name.equalsIgnoreCase("transaction_isolation") && txn != null && txn.repeatableRead) {
      return "repeatable read";
    }
    String v = settings.get(name);
    if (v == null) {
      throw new SqlException("42704", "unrecognized configuration parameter \"" + name + "\"");
    }
    return v;
  }

  Map<String, String> allSettings() {
    return settings;
  }

  void set(String name, String value) {
    String key = name.equalsIgnoreCase("time zone") ? "TimeZone" : name;
    if (key.equalsIgnoreCase("lock_timeout") && txn != null) {
      txn.lockTimeoutMillis = millis(value);
    }
    if (key.equalsIgnoreCase("statement_timeout")
        || key.equalsIgnoreCase("idle_in_transaction_session_timeout")
        || key.equalsIgnoreCase("lock_timeout")) {
      millis(value);
    }
    if (key.equalsIgnoreCase("orbit.query_memory")) {
      QueryMemory.parseSize(value);
    }
    if (key.equalsIgnoreCase("TimeZone")) {
      zoneOf(value);
    }
    if (key.equalsIgnoreCase("DateStyle")) {
      String[] cur = {"DateStyle"};
      int[] ds = dev.orbit.node.sql.types.IoContext.parseDateStyle(value, new int[] {1, 2});
      if (ds == null) {
        throw new SqlException(
            "22023", "invalid value for parameter \"DateStyle\": \"" + value + "\"");
      }
      value = dev.orbit.node.sql.types.IoContext.dateStyleName(ds[0], ds[1]);
      key = cur[0];
    }
    settings.put(key, value);
    for (String r : REPORTED) {
      if (r.equalsIgnoreCase(key)) {
        changed.put(r, value);
      }
    }
  }

  void reset(String name) {
    Session fresh = new Session(engine, user, database, pid, Map.of());
    if (name == null) {
      for (String k : new ArrayList<>(settings.keySet())) {
        String v = fresh.settings.get(k);
        if (v != null) {
          set(k, v);
        }
      }
    } else {
      String v = fresh.settings.get(name);
      if (v != null) {
        set(name, v);
      } else {
        settings.remove(name);
      }
    }
  }

  /** TimeZone, DateStyle and IntervalStyle as the value codecs take them. */
  public dev.orbit.node.sql.types.IoContext io() {
    String[] key = {
      settings.get("TimeZone"), settings.get("DateStyle"), settings.get("IntervalStyle")
    };
    if (io != null && java.util.Arrays.equals(key, ioKey)) {
      return io;
    }
    java.time.ZoneId zone = zoneOf(key[0]);
    int[] ds =
        dev.orbit.node.sql.types.IoContext.parseDateStyle(
            key[1] == null ? "ISO, MDY" : key[1], new int[] {1, 2});
    if (ds == null) {
      ds = new int[] {1, 2};
    }
    int is = key[2] == null ? 0 : dev.orbit.node.sql.types.IoContext.intervalStyle(key[2]);
    io =
        new dev.orbit.node.sql.types.IoContext(
            ds[0],
            ds[1],
            Math.max(0, is),
            zone,
            1,
            true,
            dev.orbit.node.sql.types.DateTimes::nowMicros);
    ioKey = key;
    return io;
  }

  private dev.orbit.node.sql.types.IoContext io;
  private String[] ioKey;

  static java.time.ZoneId zoneOf(String name) {
    if (name == null) {
      return java.time.ZoneOffset.UTC;
    }
    java.time.ZoneId z = dev.orbit.node.sql.types.Zones.find(name.trim());
    if (z != null) {
      return z;
    }
    try {
      double hours = Double.parseDouble(name.trim());
      return java.time.ZoneOffset.ofTotalSeconds((int) Math.round(hours * 3600));
    } catch (RuntimeException e) {
      throw new SqlException("22023", "invalid value for parameter \"TimeZone\": \"" + name + "\"");
    }
  }

  /** A time setting in milliseconds: a plain number is milliseconds; units us, ms, s, min, h, d. */
  private static final java.util.regex.Pattern TIME_SETTING =
      java.util.regex.Pattern.compile("(-?\\d+(?:\\.\\d+)?)\\s*(us|ms|s|min|h|d)?");

  static long millis(String v) {
    if (v.equals("0")) {
      return 0; // the default of every timeout: no parsing on each statement
    }
    String t = v.trim().toLowerCase(Locale.ROOT).replace("'", "");
    java.util.regex.Matcher m = TIME_SETTING.matcher(t);
    if (!m.matches()) {
      throw new SqlException("22023", "invalid value for parameter: \"" + v + "\"");
    }
    double n = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "ms" : m.group(2);
    double ms =
        switch (unit) {
          case "us" -> n / 1000;
          case "s" -> n * 1000;
          case "min" -> n * 60_000;
          case "h" -> n * 3_600_000;
          case "d" -> n * 86_400_000;
          default -> n;
        };
    if (ms < 0 || ms > Integer.MAX_VALUE) {
      throw new SqlException("22023", "invalid value for parameter: \"" + v + "\"");
    }
    return Math.round(ms);
  }

  /** Parameters changed since the last call (for ParameterStatus messages). */
  public Map<String, String> drainChangedParameters() {
    Map<String, String> out = new LinkedHashMap<>(changed);
    changed.clear();
    return out;
  }

  void notice(String message) {
    notices.add(message);
  }

  public List<String> drainNotices() {
    List<String> out = new ArrayList<>(notices);
    notices.clear();
    return out;
  }

  // ---- transactions ----

  /** 'I' idle, 'T' in a transaction block, 'E' in a failed transaction block. */
  public char transactionStatus() {
    return txn == null || txn.implicit ? 'I' : txn.failed ? 'E' : 'T';
  }

  /**
   * Starts an implicit transaction block unless one is open: statements up to {@link #endImplicit}
   * (the next Sync, or the end of a multi-statement query) commit or roll back together.
   */
  public void beginImplicit() {
    if (txn == null) {
      txn = autocommit();
      txn.implicit = true;
      txnStart = null;
    }
  }

  /** Ends an implicit block: commits it, or rolls it back when a statement failed. */
  public void endImplicit() {
    if (txn != null && txn.implicit) {
      Transaction t = txn;
      txn = null;
      txid = 0;
      if (t.failed) {
        t.rollback();
      } else {
        try {
          t.commit();
        } catch (dev.orbit.node.storage.StorageException e) {
          throw SqlException.storage(e);
        }
      }
    }
  }

  OffsetDateTime transactionStart(OffsetDateTime now) {
    return txn != null && txnStart != null ? txnStart : now;
  }

  long txid() {
    if (txid == 0) {
      txid = engine.txids.incrementAndGet();
    }
    return txid;
  }

  /** READ ONLY or READ WRITE for the current transaction block (SET TRANSACTION, BEGIN …). */
  void setTransactionReadOnly(boolean readOnly) {
    if (txn != null && !txn.implicit) {
      txn.readOnly = readOnly;
    }
  }

  /** REPEATABLE READ (true) or READ COMMITTED for the current block, before its first query. */
  void setTransactionIsolation(boolean repeatableRead) {
    if (txn != null && !txn.implicit) {
      if (txn.hasSnapshot()) {
        throw new SqlException(
            "25001", "SET TRANSACTION ISOLATION LEVEL must be called before any query");
      }
      txn.repeatableRead = repeatableRead;
    }
  }

  private boolean readOnlyNow() {
    if (txn != null && !txn.implicit && txn.readOnly != null) {
      return txn.readOnly;
    }
    String d = settings.get("default_transaction_read_only");
    return d != null && (d.equalsIgnoreCase("on") || d.equalsIgnoreCase("true"));
  }

  /** The name PostgreSQL gives a writing statement in 25006, or null for a read. */
  static String writeCommand(Parser.Parsed p) {
    String w0 = p.word(0);
    switch (w0) {
      case "INSERT", "UPDATE", "DELETE", "MERGE":
        return w0;
      case "TRUNCATE":
        return "TRUNCATE TABLE";
      case "COPY":
        return p.text().toUpperCase(Locale.ROOT).matches("(?s).*\\bFROM\\b.*") ? "COPY FROM" : null;
      case "CREATE", "DROP", "ALTER":
        {
          String w1 = p.word(1);
          if (w1.equals("UNIQUE") || w1.equals("OR")) {
            w1 = w1.equals("UNIQUE") ? "INDEX" : p.word(3);
          }
          return w0 + " " + w1;
        }
      case "COMMENT", "GRANT", "REVOKE":
        return w0;
      case "WITH":
        return p.statement() instanceof net.sf.jsqlparser.statement.select.Select ? null : "WITH";
      default:
        return null;
    }
  }

  void begin() {
    if (txn != null && txn.implicit) {
      txn.implicit = false;
      txnStart =
          OffsetDateTime.now(java.time.ZoneOffset.UTC)
              .truncatedTo(java.time.temporal.ChronoUnit.MICROS);
      return;
    }
    if (txn != null) {
      notice("there is already a transaction in progress");
      return;
    }
    txn = engine.newTransaction(true);
    txn.lockTimeoutMillis = millis(settings.get("lock_timeout"));
    txnStart =
        OffsetDateTime.now(java.time.ZoneOffset.UTC)
            .truncatedTo(java.time.temporal.ChronoUnit.MICROS);
  }

  /** Ends the transaction block; returns the command tag. */
  String commit() {
    if (txn == null) {
      notice("there is no transaction in progress");
      return "COMMIT";
    }
    Transaction t = txn;
    txn = null;
    txid = 0;
    if (t.failed) {
      noticeIfKept(t.rollback());
      return "ROLLBACK";
    }
    t.commit();
    return "COMMIT";
  }

  void rollback() {
    if (txn == null) {
      notice("there is no transaction in progress");
      return;
    }
    Transaction t = txn;
    txn = null;
    txid = 0;
    noticeIfKept(t.rollback());
  }

  private void noticeIfKept(String schemaChangesKept) {
    if (schemaChangesKept != null) {
      notice(schemaChangesKept);
    }
  }

  Transaction currentOrNull() {
    return txn;
  }

  Transaction autocommit() {
    Transaction t = engine.newTransaction(false);
    t.lockTimeoutMillis = millis(settings.get("lock_timeout"));
    return t;
  }

  // ---- statements ----

  /** A statement parsed and compiled for execution, with its parameter and result types. */
  public static final class Prepared {
    public final String sql;
    final Parser.Parsed parsed;
    final int[] declaredOids;

    /** Types of the literals a {@link LiteralShape} took out of the text, or null. */
    PgType[] literals;

    Stmt stmt;
    long catalogVersion;
    PgType[] paramTypes;

    Prepared(String sql, Parser.Parsed parsed, int[] declaredOids) {
      this.sql = sql;
      this.parsed = parsed;
      this.declaredOids = declaredOids;
    }

    public boolean empty() {
      return parsed == null;
    }

    public int[] parameterOids() {
      int[] out = new int[paramTypes.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = paramTypes[i].oid;
      }
      return out;
    }

    public PgType[] parameterTypes() {
      return paramTypes;
    }

    /** Result fields, or null when the statement returns no rows. */
    public List<Field> fields() {
      return stmt == null ? null : stmt.fields();
    }
  }

  /** Splits a simple-query string into its statements. */
  public static List<String> split(String sql) {
    return Parser.split(sql);
  }

  /** Parses and compiles one statement; fails with 42601 on syntax errors. */
  public Prepared prepare(String sql, int[] paramOids) {
    Values.useSession(io());
    Parser.checkDepth(sql);
    Parser.Parsed p = Parser.parse(sql);
    Prepared prep = new Prepared(sql, p, paramOids);
    if (p != null) {
      compile(prep);
    } else {
      prep.paramTypes = new PgType[0];
    }
    return prep;
  }

  /**
   * Prepares one statement of a simple query, reusing the compiled form of an earlier statement of
   * this session that differed only in literal values.
   */
  public Bound prepareSimple(String sql) {
    return statements.prepare(this, sql);
  }

  /** A statement ready to run with these parameters (literal values for a shared shape). */
  public record Bound(Prepared prepared, Object[] params) {}

  Prepared prepareShape(LiteralShape shape) {
    Parser.checkDepth(shape.text());
    Parser.Parsed p = Parser.parse(shape.text());
    Prepared prep = new Prepared(shape.text(), p, new int[0]);
    prep.literals = shape.types();
    compile(prep);
    return prep;
  }

  private void compile(Prepared p) {
    long version = engine.catalog.version();
    Compiler c = new Compiler(this, p.declaredOids);
    c.literals = p.literals;
    try {
      p.stmt = Parser.compile(c, p.parsed);
    } catch (SqlException e) {
      throw e;
    } catch (StackOverflowError e) {
      throw new SqlException("54001", "stack depth limit exceeded");
    } catch (RuntimeException e) {
      // a form of a statement the compiler does not handle is refused, never a closed connection
      throw SqlException.unsupported("this form of " + p.parsed.word(0));
    }
    p.paramTypes = c.params();
    p.catalogVersion = version;
  }

  /** SQL-level prepared statements (PREPARE / EXECUTE / DEALLOCATE) by name. */
  final java.util.Map<String, Prepared> sqlPrepared = new java.util.HashMap<>();

  /** Runs a prepared statement with its parameters (already converted to their types). */
  public Result execute(Prepared p, Object[] params) {
    Values.useSession(io());
    if (cancelReason != CANCEL_SHUTDOWN && cancelReason != CANCEL_DISCONNECT) {
      cancelReason = 0;
    }
    if (p.empty()) {
      return Result.command("");
    }
    if (txn != null && txn.failed && !p.parsed.endsTransaction()) {
      throw new SqlException(
          "25P02",
          "current transaction is aborted, commands ignored until end of transaction block");
    }
    if (p.stmt instanceof SqlPrepare.Execute e) {
      try {
        Bound b = e.bind(this);
        return execute(b.prepared(), b.params());
      } catch (SqlException ex) {
        failTransaction();
        throw ex;
      }
    }
    String write = writeCommand(p.parsed);
    if (write != null && readOnlyNow()) {
      failTransaction();
      throw new SqlException("25006", "cannot execute " + write + " in a read-only transaction");
    }
    if (write != null && txn != null && txn.repeatableRead) {
      failTransaction();
      throw SqlException.unsupported(
          write + " in a REPEATABLE READ transaction (only reads run on its snapshot)");
    }
    try {
      if (p.catalogVersion != engine.catalog.version()) {
        compile(p);
      }
      Stmt stmt = p.stmt;
      if (!stmt.transactional()) {
        return runManaging(stmt, params);
      }
      boolean auto = txn == null;
      if (!auto) {
        txn.beginStatement(engine.catalog);
      }
      Transaction t = auto ? autocommit() : txn;
      if (write != null) {
        t.requireLeader(); // what it reads must be the leader's data, until its commit
      }
      Result r;
      try (Exec ex = new Exec(this, t, params)) {
        r = stmt.run(ex);
        if (r.copy == null) {
          ex.endStatement();
        }
      } catch (RuntimeException | Error e) {
        if (auto) {
          t.rollback();
        }
        throw e;
      }
      if (r.copy != null) {
        r.copy.begin(this, t, auto);
        return r;
      }
      if (auto) {
        t.commit();
      }
      return r;
    } catch (SqlException e) {
      failTransaction();
      throw e;
    } catch (dev.orbit.node.storage.NotLeaderException e) {
      failTransaction();
      throw new SqlException(
          "25006",
          "cannot execute "
              + (write == null ? p.parsed.word(0) : write)
              + " in a read-only transaction",
          e.getMessage());
    } catch (dev.orbit.node.storage.ReplicaLagException e) {
      failTransaction();
      throw new SqlException(
              "40001", "canceling statement due to conflict with recovery", e.getMessage())
          .withHint("This replica lags its leader; retry, or read from the leader.");
    } catch (dev.orbit.node.storage.StorageException e) {
      failTransaction();
      throw SqlException.storage(e);
    } catch (StackOverflowError e) {
      failTransaction();
      throw new SqlException("54001", "stack depth limit exceeded")
          .withHint(
              "Increase the configuration parameter \"max_stack_depth\" (currently 2048kB),"
                  + " after ensuring the platform's stack depth limit is adequate.");
    } catch (OutOfMemoryError e) {
      failTransaction();
      throw QueryMemory.exceeded(0);
    } catch (java.util.concurrent.CompletionException e) {
      failTransaction();
      if (e.getCause() instanceof dev.orbit.node.storage.StorageException s) {
        // a store write waited on (DDL, sequences): refused, lost leadership, unknown outcome
        throw SqlException.storage(s);
      }
      throw new SqlException("XX000", "internal error: " + e);
    } catch (RuntimeException e) {
      failTransaction();
      throw new SqlException("XX000", "internal error: " + e);
    }
  }

  /**
   * Runs a statement that manages the transaction itself (DDL, SET, BEGIN …): inside a block with
   * the block's transaction, else with one of its own that ends with the statement — committed when
   * it succeeds, rolled back when it fails — so no row lock, snapshot or buffered write outlives
   * it.
   */
  private Result runManaging(Stmt stmt, Object[] params) {
    if (txn != null) {
      try (Exec ex = new Exec(this, txn, params)) {
        Result r = stmt.run(ex);
        ex.endStatement();
        return r;
      }
    }
    Transaction t = autocommit();
    Result r;
    try (Exec ex = new Exec(this, t, params)) {
      r = stmt.run(ex);
      ex.endStatement();
    } catch (RuntimeException | Error e) {
      t.rollback();
      throw e;
    }
    t.commit();
    return r;
  }

  /** SAVEPOINT: marks the block's state so ROLLBACK TO can return to it. */
  void savepoint(String name) {
    blockOnly("SAVEPOINT").savepoint(name);
  }

  /** ROLLBACK TO SAVEPOINT: undoes what the block did since, and leaves the failed state. */
  void rollbackToSavepoint(String name) {
    noticeIfKept(blockOnly("ROLLBACK TO SAVEPOINT").rollbackTo(name));
  }

  /** RELEASE SAVEPOINT: forgets the savepoint and those set after it. */
  void releaseSavepoint(String name) {
    Transaction t = blockOnly("RELEASE SAVEPOINT");
    if (t.failed) {
      throw new SqlException(
          "25P02",
          "current transaction is aborted, commands ignored until end of transaction block");
    }
    t.release(name);
  }

  private Transaction blockOnly(String what) {
    if (txn == null || txn.implicit) {
      throw new SqlException("25P01", what + " can only be used in transaction blocks");
    }
    return txn;
  }

  /** Marks the transaction block failed (an error the connection saw outside a statement). */
  public void markFailed() {
    failTransaction();
  }

  /** An error inside a transaction block puts it in the failed state until ROLLBACK. */
  void failTransaction() {
    if (txn != null) {
      txn.failed = true;
    }
  }

  // ---- sequences ----

  long nextval(String name) {
    String n = seqName(name);
    long v = engine.catalog.nextval(database, n);
    currvals.put(n, v);
    lastSequence = n;
    return v;
  }

  long currval(String name) {
    String n = seqName(name);
    Long v = currvals.get(n);
    if (v == null) {
      throw new SqlException(
          "55000", "currval of sequence \"" + n + "\" is not yet defined in this session");
    }
    return v;
  }

  /** setval: with {@code isCalled} false the next nextval returns {@code value} itself. */
  long setval(String name, long value, boolean isCalled) {
    String n = seqName(name);
    if (isCalled) {
      currvals.put(n, value);
    }
    return engine.catalog.setval(database, n, value, isCalled);
  }

  /** lastval: the value nextval most recently returned in this session. */
  long lastval() {
    if (lastSequence == null) {
      throw new SqlException("55000", "lastval is not yet defined in this session");
    }
    if (!engine.catalog.hasSequence(database, lastSequence)) {
      throw new SqlException("55000", "lastval is not yet defined in this session");
    }
    return currvals.get(lastSequence);
  }

  /** A sequence name as nextval's text argument gives it: lower case unless quoted, qualified. */
  private static String seqName(String name) {
    return SequenceDef.plainName(List.of(name));
  }

  // ---- cancel and close ----

  /** Asks the running statement to stop (CancelRequest). */
  public void cancel() {
    cancelReason = CANCEL_USER;
  }

  /** Stops the running statement because statement_timeout passed. */
  public void cancelForTimeout() {
    cancelReason = CANCEL_TIMEOUT;
  }

  /** Stops the running statement for good: the node shuts down or the client went away. */
  public void terminate(boolean shutdown) {
    cancelReason = shutdown ? CANCEL_SHUTDOWN : CANCEL_DISCONNECT;
  }

  /** Fails the running statement when it was asked to stop. */
  void checkCancel() {
    int r = cancelReason;
    if (r == 0) {
      return;
    }
    switch (r) {
      case CANCEL_TIMEOUT -> {
        cancelReason = 0;
        throw new SqlException("57014", "canceling statement due to statement timeout");
      }
      case CANCEL_SHUTDOWN ->
          throw new SqlException("57P01", "terminating connection due to administrator command");
      case CANCEL_DISCONNECT -> throw new SqlException("08006", "the client closed the connection");
      default -> {
        cancelReason = 0;
        throw new SqlException("57014", "canceling statement due to user request");
      }
    }
  }

  /** statement_timeout in milliseconds (0: none). */
  public long statementTimeoutMillis() {
    return millis(settings.get("statement_timeout"));
  }

  /** idle_in_transaction_session_timeout in milliseconds (0: none). */
  public long idleInTransactionTimeoutMillis() {
    String v = settings.get("idle_in_transaction_session_timeout");
    return v == null ? 0 : millis(v);
  }

  /** The per-query memory bound (orbit.query_memory) in bytes. */
  long queryMemoryLimit() {
    String v = settings.get("orbit.query_memory");
    if (v == null) {
      return QueryMemory.DEFAULT_LIMIT;
    }
    if (!v.equals(memorySetting)) {
      memoryLimit = QueryMemory.parseSize(v);
      memorySetting = v;
    }
    return memoryLimit;
  }

  private String memorySetting;
  private long memoryLimit;

  public void close() {
    if (txn != null) {
      txn.rollback();
      txn = null;
    }
    engine.closed(this);
  }
}
