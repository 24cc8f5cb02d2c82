package dev.orbit.node.cql;

import com.datastax.oss.protocol.internal.response.Result;
import com.datastax.oss.protocol.internal.response.result.SchemaChange;
import com.datastax.oss.protocol.internal.response.result.SetKeyspace;
import com.datastax.oss.protocol.internal.response.result.Void;
import java.util.LinkedHashMap;
import java.util.Map;

/** Schema statements: dispatches them; runs USE and the keyspace statements itself. */
final class Ddl {
  private final Schema schema;
  private final Store store;
  private final IndexDdl indexes;
  private final TableDdl tables;

  Ddl(Schema schema, Store store) {
    this.schema = schema;
    this.store = store;
    this.indexes = new IndexDdl(schema, store);
    this.tables = new TableDdl(schema, store, indexes);
  }

  Result run(Ast.Statement s, Session session) {
    synchronized (schema) {
      if (s instanceof Ast.Use u) {
        return use(u, session);
      } else if (s instanceof Ast.CreateKeyspace c) {
        return createKeyspace(c);
      } else if (s instanceof Ast.AlterKeyspace a) {
        return alterKeyspace(a);
      } else if (s instanceof Ast.DropKeyspace d) {
        return dropKeyspace(d);
      } else if (s instanceof Ast.CreateTable c) {
        return tables.create(c, session);
      } else if (s instanceof Ast.AlterTable a) {
        return tables.alter(a, session);
      } else if (s instanceof Ast.DropTable d) {
        return tables.drop(d, session);
      } else if (s instanceof Ast.Truncate t) {
        return tables.truncate(t, session);
      } else if (s instanceof Ast.CreateIndex c) {
        return indexes.create(c, tables.require(c.table(), session));
      } else if (s instanceof Ast.DropIndex d) {
        return indexes.drop(d, session);
      } else if (s instanceof Ast.CreateType c) {
        return TypeDdl.create(schema, c, session);
      } else if (s instanceof Ast.DropType d) {
        return TypeDdl.drop(schema, d, session);
      }
      throw new IllegalStateException("not a schema statement: " + s);
    }
  }

  private Result use(Ast.Use u, Session session) {
    if (schema.keyspace(u.keyspace()) == null && !SystemTables.KEYSPACES.contains(u.keyspace())) {
      throw CqlException.invalid("Keyspace '" + u.keyspace() + "' does not exist");
    }
    session.use(u.keyspace());
    return new SetKeyspace(u.keyspace());
  }

  static void checkName(String n, String what) {
    if (!n.matches("\\w{1,48}")) {
      throw CqlException.invalid(
          what
              + " name must not be empty, more than 48 characters long, or contain non-alphanumeric-underscore characters (got \""
              + n
              + "\")");
    }
  }

  private static Map<String, String> replication(Map<String, Object> options) {
    for (String k : options.keySet()) {
      if (!k.equals("replication") && !k.equals("durable_writes")) {
        throw CqlException.syntax("Unknown property '" + k + "'");
      }
    }
    Object r = options.get("replication");
    if (!(r instanceof Map<?, ?> m) || !m.containsKey("class")) {
      throw CqlException.config("Missing mandatory option 'class' of the replication strategy");
    }
    Map<String, String> out = new LinkedHashMap<>();
    String cls = m.get("class").toString();
    if (!cls.contains(".")) {
      cls = "org.apache.cassandra.locator." + cls;
    }
    if (!cls.endsWith("SimpleStrategy") && !cls.endsWith("NetworkTopologyStrategy")) {
      throw CqlException.config(
          "Unable to find replication strategy class '" + m.get("class") + "'");
    }
    out.put("class", cls);
    m.forEach(
        (k, v) -> {
          if (!k.equals("class")) {
            out.put(k.toString(), v.toString());
          }
        });
    return out;
  }

  private Result createKeyspace(Ast.CreateKeyspace c) {
    checkName(c.name(), "Keyspace");
    if (schema.keyspace(c.name()) != null || SystemTables.KEYSPACES.contains(c.name())) {
      if (c.ifNotExists()) {
        return Void.INSTANCE;
      }
      throw new CqlException.AlreadyExists(c.name(), "");
    }
    boolean durable =
        !"false"
            .equalsIgnoreCase(String.valueOf(c.options().getOrDefault("durable_writes", "true")));
    schema.putKeyspace(
        new KeyspaceDef(c.name(), replication(c.options()), durable, Map.of(), Map.of()));
    return new SchemaChange("CREATED", "KEYSPACE", c.name(), null, null);
  }

  private Result alterKeyspace(Ast.AlterKeyspace a) {
    KeyspaceDef k = requireKeyspace(a.name());
    Map<String, String> rep =
        a.options().containsKey("replication") ? replication(a.options()) : k.replication();
    boolean durable =
        a.options().containsKey("durable_writes")
            ? !"false".equalsIgnoreCase(String.valueOf(a.options().get("durable_writes")))
            : k.durableWrites();
    schema.putKeyspace(new KeyspaceDef(k.name(), rep, durable, k.tables(), k.types()));
    return new SchemaChange("UPDATED", "KEYSPACE", k.name(), null, null);
  }

  private KeyspaceDef requireKeyspace(String name) {
    return requireKeyspace(schema, name);
  }

  /** The user keyspace {@code name}; refused for system keyspaces and missing ones. */
  static KeyspaceDef requireKeyspace(Schema schema, String name) {
    if (SystemTables.KEYSPACES.contains(name)) {
      throw new CqlException(
          com.datastax.oss.protocol.internal.ProtocolConstants.ErrorCode.UNAUTHORIZED,
          name + " keyspace is not user-modifiable.");
    }
    KeyspaceDef k = schema.keyspace(name);
    if (k == null) {
      throw CqlException.config("Keyspace '" + name + "' doesn't exist");
    }
    return k;
  }

  private Result dropKeyspace(Ast.DropKeyspace d) {
    if (schema.keyspace(d.name()) == null && d.ifExists()) {
      return Void.INSTANCE;
    }
    KeyspaceDef k = requireKeyspace(d.name());
    schema.dropKeyspace(k.name());
    for (TableDef t : k.tables().values()) {
      tables.clear(t);
    }
    return new SchemaChange("DROPPED", "KEYSPACE", k.name(), null, null);
  }
}
