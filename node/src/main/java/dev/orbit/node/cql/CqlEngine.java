package dev.orbit.node.cql;

import com.datastax.oss.protocol.internal.request.Batch;
import com.datastax.oss.protocol.internal.request.query.QueryOptions;
import com.datastax.oss.protocol.internal.response.Result;
import com.datastax.oss.protocol.internal.response.result.Prepared;
import com.datastax.oss.protocol.internal.response.result.RowsMetadata;
import com.datastax.oss.protocol.internal.response.result.SchemaChange;
import dev.orbit.node.storage.ProtocolStore;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** CQL over the cql protocol store: parses, plans and runs statements; keeps prepared ones. */
public final class CqlEngine {
  private static final int MAX_PREPARED = 10_000;

  private final Store store;
  private final Schema schema;
  private final Ddl ddl;
  private final SystemTables system;
  private final Sweeper sweeper;
  private final Map<ByteBuffer, Prepared0> prepared = new ConcurrentHashMap<>();
  private final List<Consumer<SchemaChange>> listeners = new CopyOnWriteArrayList<>();
  private final AtomicLong clock = new AtomicLong();

  /**
   * A prepared statement: its text, keyspace and parsed form, and its last plan with the schema it
   * was made against (re-planned when the schema changes).
   */
  private record Prepared0(
      String cql, String keyspace, Parser.Parsed parsed, AtomicReference<Planned> planned) {}

  /** A plan and its bind variables, valid while {@link Schema#keyspaces()} is {@code schema}. */
  private record Planned(Object schema, String keyspace, Plan plan, Vars vars) {}

  public CqlEngine(ProtocolStore store, String clusterName) {
    this.schema = new Schema(store);
    this.store = new Store(store, schema);
    this.ddl = new Ddl(schema, this.store);
    this.system = new SystemTables(schema, hostId(store), clusterName);
    this.sweeper = new Sweeper(this.store, schema, System::currentTimeMillis);
  }

  /** The expiry sweep of this engine's store (started by the server). */
  public Sweeper sweeper() {
    return sweeper;
  }

  /**
   * The stored host id; a new store's leader stores a random one. A replica that has none yet (it
   * takes no writes and may not have caught up) uses a random one until it restarts.
   */
  private static UUID hostId(ProtocolStore store) {
    byte[] key = {'C', 'h'};
    byte[] cur = store.getLocal(key);
    if (cur != null) {
      ByteBuffer b = ByteBuffer.wrap(cur);
      return new UUID(b.getLong(), b.getLong());
    }
    UUID id = UUID.randomUUID();
    try {
      store.put(key, Values.ofUuid(id)).join();
    } catch (dev.orbit.node.storage.NotLeaderException e) {
      // a replica: the leader's id arrives through the log
    } catch (java.util.concurrent.CompletionException e) {
      if (!(e.getCause() instanceof dev.orbit.node.storage.NotLeaderException)) {
        throw e;
      }
    }
    return id;
  }

  public Schema schema() {
    return schema;
  }

  public void onSchemaChange(Consumer<SchemaChange> l) {
    listeners.add(l);
  }

  /** Microsecond timestamps that never repeat or go back within this process. */
  long nextTimestamp() {
    long now = System.currentTimeMillis() * 1000;
    return clock.updateAndGet(prev -> Math.max(prev + 1, now));
  }

  public CompletableFuture<Result> query(
      Session s,
      String cql,
      QueryOptions o,
      InetAddress local,
      int port,
      BooleanSupplier cancelled) {
    Parser.Parsed p = Parser.parse(cql);
    return run(s, p, o, local, port, cancelled);
  }

  /** Runs a prepared data statement with its cached plan while the schema has not changed. */
  private CompletableFuture<Result> runPrepared(
      Session s,
      Prepared0 p,
      QueryOptions o,
      InetAddress local,
      int port,
      BooleanSupplier cancelled) {
    Object current = schema.keyspaces();
    Planned cached = p.planned().get();
    if (cached == null
        || cached.schema() != current
        || !java.util.Objects.equals(cached.keyspace(), s.keyspace())) {
      Ast.Statement st = p.parsed().statement();
      if (!(st instanceof Ast.Select || st instanceof Ast.Modification || st instanceof Ast.Batch)
          || (st instanceof Ast.Select sel && systemTable(s, sel, local, port) != null)) {
        return run(s, p.parsed(), o, local, port, cancelled);
      }
      Vars vars = new Vars(p.parsed().markers());
      Plan plan = plan(s, st, vars);
      vars.specs();
      cached = new Planned(current, s.keyspace(), plan, vars);
      p.planned().set(cached);
    }
    Exec e =
        new Exec(
            s,
            cached.vars().bind(o.positionalValues, o.namedValues),
            o,
            nextTimestamp(),
            cancelled);
    return cached.plan().execute(e);
  }

  private CompletableFuture<Result> run(
      Session s,
      Parser.Parsed p,
      QueryOptions o,
      InetAddress local,
      int port,
      BooleanSupplier cancelled) {
    Ast.Statement st = p.statement();
    Vars vars = new Vars(p.markers());
    if (st instanceof Ast.Select sel && systemTable(s, sel, local, port) != null) {
      SystemTable tb = systemTable(s, sel, local, port);
      Exec e =
          new Exec(s, vars.bind(o.positionalValues, o.namedValues), o, nextTimestamp(), cancelled);
      return CompletableFuture.completedFuture(tb.select(sel, e, vars));
    }
    Plan plan = plan(s, st, vars);
    if (plan == null) {
      Result r = ddl.run(st, s);
      if (r instanceof SchemaChange sc) {
        listeners.forEach(l -> l.accept(sc));
      }
      return CompletableFuture.completedFuture(r);
    }
    vars.specs();
    Exec e =
        new Exec(s, vars.bind(o.positionalValues, o.namedValues), o, nextTimestamp(), cancelled);
    return plan.execute(e);
  }

  private SystemTable systemTable(Session s, Ast.Select sel, InetAddress local, int port) {
    String ks = sel.table().keyspace() != null ? sel.table().keyspace() : s.keyspace();
    if (ks == null || !SystemTables.KEYSPACES.contains(ks)) {
      return null;
    }
    SystemTable t = system.table(ks, sel.table().name(), local, port);
    if (t == null) {
      throw CqlException.invalid("table " + sel.table().name() + " does not exist");
    }
    return t;
  }

  /** The plan of a data statement, or null for a schema statement. */
  private Plan plan(Session s, Ast.Statement st, Vars vars) {
    if (st instanceof Ast.Select sel) {
      return new SelectPlan(store, table(s, sel.table()), sel, vars);
    }
    if (st instanceof Ast.InsertJson j && j.json() instanceof Ast.Marker) {
      return new JsonInsertPlan(store, table(s, j.table()), j, vars);
    }
    if (st instanceof Ast.Modification m) {
      return Writes.plan(store, table(s, m.table()), m, vars);
    }
    if (st instanceof Ast.Batch b) {
      return new BatchPlan(store, this, b, s, vars);
    }
    return null;
  }

  TableDef table(Session s, Ast.QName n) {
    String ks = s.keyspaceOf(n);
    if (SystemTables.KEYSPACES.contains(ks)) {
      throw new CqlException(
          com.datastax.oss.protocol.internal.ProtocolConstants.ErrorCode.UNAUTHORIZED,
          ks + " keyspace is not user-modifiable.");
    }
    if (schema.keyspace(ks) == null) {
      throw CqlException.invalid("Keyspace " + ks + " does not exist");
    }
    TableDef t = schema.table(ks, n.name());
    if (t == null) {
      throw CqlException.invalid("table " + n.name() + " does not exist");
    }
    return t;
  }

  Plan planModification(Session s, Ast.Modification m, Vars vars) {
    return Writes.plan(store, table(s, m.table()), m, vars);
  }

  public Prepared prepare(Session s, String cql, String keyspace) {
    Session ps = sessionFor(s, keyspace);
    Parser.Parsed p = Parser.parse(cql);
    Vars vars = new Vars(p.markers());
    List<com.datastax.oss.protocol.internal.response.result.ColumnSpec> result = List.of();
    int[] pk = new int[0];
    if (p.statement() instanceof Ast.Select sel
        && systemTable(ps, sel, InetAddress.getLoopbackAddress(), 0) != null) {
      for (Ast.Relation r : sel.where()) {
        throw CqlException.unsupported("prepared statements with WHERE on system tables");
      }
    } else {
      Plan plan = plan(ps, p.statement(), vars);
      if (plan == null) {
        vars.specs();
      } else {
        result = plan.resultColumns();
        pk = plan.partitionKeyIndexes();
      }
    }
    byte[] id = md5(cql + "\0" + (ps.keyspace() == null ? "" : ps.keyspace()));
    if (prepared.size() >= MAX_PREPARED) {
      prepared.clear(); // drivers prepare again on UNPREPARED
    }
    prepared.put(
        ByteBuffer.wrap(id), new Prepared0(cql, ps.keyspace(), p, new AtomicReference<>()));
    RowsMetadata variables = new RowsMetadata(vars.specs(), null, pk, null);
    RowsMetadata rows = new RowsMetadata(result, null, null, null);
    return new Prepared(id, md5(result.toString()), variables, rows);
  }

  public CompletableFuture<Result> execute(
      Session s,
      byte[] id,
      QueryOptions o,
      InetAddress local,
      int port,
      BooleanSupplier cancelled) {
    Prepared0 p = prepared.get(ByteBuffer.wrap(id));
    if (p == null) {
      throw new CqlException.Unprepared(id);
    }
    return runPrepared(sessionFor(s, p.keyspace()), p, o, local, port, cancelled);
  }

  public CompletableFuture<Result> batch(Session s, Batch b, BooleanSupplier cancelled) {
    return BatchPlan.run(this, store, s, b, cancelled);
  }

  /** Parses the n-th statement of a BATCH message (text or prepared id). */
  Ast.Modification batchStatement(Object queryOrId, int[] markers) {
    String cql;
    Parser.Parsed parsed0 = null;
    if (queryOrId instanceof String q) {
      cql = q;
    } else {
      Prepared0 p = prepared.get(ByteBuffer.wrap((byte[]) queryOrId));
      if (p == null) {
        throw new CqlException.Unprepared((byte[]) queryOrId);
      }
      cql = null;
      parsed0 = p.parsed();
    }
    Parser.Parsed parsed = parsed0 != null ? parsed0 : Parser.parse(cql);
    if (!(parsed.statement() instanceof Ast.Modification m)) {
      throw CqlException.invalid(
          "Invalid statement in batch: only UPDATE, INSERT and DELETE statements are allowed.");
    }
    markers[0] = parsed.markers();
    return m;
  }

  private static Session sessionFor(Session s, String keyspace) {
    if (keyspace == null || keyspace.equals(s.keyspace())) {
      return s;
    }
    Session k = new Session();
    k.use(keyspace);
    return k;
  }

  private static byte[] md5(String s) {
    try {
      return MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<Object> unused() {
    return new ArrayList<>();
  }
}
