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
  private final StatementCache statements = new StatementCache();
  private Transaction txn;
  private OffsetDateTime txnStart;
  private volatile boolean cancelled;
  private long txid;

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
    changed.clear();
  }

  private void defaults() {
    String[][] d = {
      {"server_version", "16.4"},
      {"server_version_num", "160004"},
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
      {"in_hot_standby", "off"},
      {"search_path", "\"$user\", public"},
      {"extra_float_digits", "1"},
      {"transaction_isolation", "read committed"},
      {"default_transaction_isolation", "read committed"},
      {"lock_timeout", "0"},
      {"statement_timeout", "0"},
      {"max_connections", "100"},
      {"max_identifier_length", "63"},
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

  static long millis(String v) {
    String t = v.trim().toLowerCase(Locale.ROOT).replace("'", "");
    try {
      if (t.endsWith("ms")) {
        return Long.parseLong(t.substring(0, t.length() - 2).trim());
      }
      if (t.endsWith("s")) {
        return Long.parseLong(t.substring(0, t.length() - 1).trim()) * 1000;
      }
      return Long.parseLong(t);
    } catch (NumberFormatException e) {
      throw new SqlException("22023", "invalid value for parameter: \"" + v + "\"");
    }
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
    txn = new Transaction(engine.store, engine.locks, true);
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
    Transaction t = new Transaction(engine.store, engine.locks, false);
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

  /**
   * True when {@code p} can run without waiting: a point query compiled against the current schema,
   * outside any transaction holding writes.
   */
  public boolean quick(Prepared p) {
    return p.stmt != null
        && p.catalogVersion == engine.catalog.version()
        && p.stmt.quick()
        && quietTransaction();
  }

  /**
   * True when simple query {@code sql} can run without waiting: BEGIN outside a block, or one point
   * query that does not end a transaction holding writes (none, or an open block: reads take no
   * locks).
   */
  public boolean quickSimple(String sql) {
    List<String> stmts = split(sql);
    if (stmts.size() != 1) {
      return false;
    }
    String one = stmts.get(0);
    if (one.equalsIgnoreCase("BEGIN") || one.equalsIgnoreCase("START TRANSACTION")) {
      return txn == null;
    }
    if (!quietTransaction() && (txn.implicit || txn.failed)) {
      return false;
    }
    Prepared p;
    try {
      p = prepareSimple(one).prepared();
    } catch (SqlException e) {
      return false;
    }
    return p.stmt != null && p.catalogVersion == engine.catalog.version() && p.stmt.quick();
  }

  /** No transaction block, or an implicit one without writes (ending it does not wait). */
  public boolean quietTransaction() {
    return txn == null || (txn.implicit && !txn.hasWrites());
  }

  /** Splits a simple-query string into its statements. */
  public static List<String> split(String sql) {
    return Parser.split(sql);
  }

  /** Parses and compiles one statement; fails with 42601 on syntax errors. */
  public Prepared prepare(String sql, int[] paramOids) {
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
    p.stmt = Parser.compile(c, p.parsed);
    p.paramTypes = c.params();
    p.catalogVersion = version;
  }

  /** Runs a prepared statement with its parameters (already converted to their types). */
  public Result execute(Prepared p, Object[] params) {
    cancelled = false;
    if (p.empty()) {
      return Result.command("");
    }
    if (txn != null && txn.failed && !p.parsed.endsTransaction()) {
      throw new SqlException(
          "25P02",
          "current transaction is aborted, commands ignored until end of transaction block");
    }
    try {
      if (p.catalogVersion != engine.catalog.version()) {
        compile(p);
      }
      Stmt stmt = p.stmt;
      if (!stmt.transactional()) {
        try (Exec ex = new Exec(this, txn != null ? txn : autocommit(), params)) {
          return stmt.run(ex);
        }
      }
      boolean auto = txn == null;
      Transaction t = auto ? autocommit() : txn;
      Result r;
      try (Exec ex = new Exec(this, t, params)) {
        r = stmt.run(ex);
      } catch (RuntimeException e) {
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
    } catch (dev.orbit.node.storage.StorageException e) {
      failTransaction();
      throw SqlException.storage(e);
    } catch (RuntimeException e) {
      failTransaction();
      throw new SqlException("XX000", "internal error: " + e);
    }
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

  long setval(String name, long value) {
    String n = seqName(name);
    currvals.put(n, value);
    return engine.catalog.setval(database, n, value);
  }

  private static String seqName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.startsWith("public.")) {
      n = n.substring(7);
    }
    return n.replace("\"", "");
  }

  // ---- cancel and close ----

  /** Asks the running statement to stop (CancelRequest). */
  public void cancel() {
    cancelled = true;
  }

  void checkCancel() {
    if (cancelled) {
      cancelled = false;
      throw new SqlException("57014", "canceling statement due to user request");
    }
  }

  public void close() {
    if (txn != null) {
      txn.rollback();
      txn = null;
    }
    engine.closed(this);
  }
}
