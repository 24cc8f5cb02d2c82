package dev.orbit.node.cql;

import com.datastax.oss.protocol.internal.response.Result;
import com.datastax.oss.protocol.internal.response.result.SchemaChange;
import com.datastax.oss.protocol.internal.response.result.Void;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** CREATE TYPE and DROP TYPE: user-defined types, kept with their keyspace. */
final class TypeDdl {
  private static final Set<String> RESERVED =
      Set.of("list", "set", "map", "tuple", "frozen", "duration", "vector", "byte", "complex");

  private TypeDdl() {}

  static Result create(Schema schema, Ast.CreateType c, Session session) {
    String ks = session.keyspaceOf(c.name());
    KeyspaceDef k = Ddl.requireKeyspace(schema, ks);
    String name = c.name().name();
    if (CqlType.nativeType(name) != null || RESERVED.contains(name)) {
      throw CqlException.invalid("'" + name + "' is a reserved type name");
    }
    Ddl.checkName(name, "Type");
    if (k.types().containsKey(name)) {
      if (c.ifNotExists()) {
        return Void.INSTANCE;
      }
      throw new CqlException.AlreadyExists(
          ks, name, "A user type with name '" + name + "' already exists");
    }
    Set<String> seen = new HashSet<>();
    List<CqlType> types = new ArrayList<>();
    for (int i = 0; i < c.fields().size(); i++) {
      if (!seen.add(c.fields().get(i))) {
        throw CqlException.invalid(
            "Duplicate field name '" + c.fields().get(i) + "' in type '" + name + "'");
      }
      CqlType t = c.types().get(i);
      if (t.isCounter()) {
        throw CqlException.invalid("A user type cannot contain counters");
      }
      if (t.isUdt() && !t.frozen) {
        throw CqlException.invalid("A user type cannot contain non-frozen UDTs");
      }
      types.add(k.resolve(t));
    }
    schema.putType(CqlType.udt(ks, name, c.fields(), types));
    return new SchemaChange("CREATED", "TYPE", ks, name, null);
  }

  static Result drop(Schema schema, Ast.DropType d, Session session) {
    String ks = session.keyspaceOf(d.name());
    KeyspaceDef k = schema.keyspace(ks);
    String name = d.name().name();
    if (k == null || !k.types().containsKey(name)) {
      if (d.ifExists()) {
        return Void.INSTANCE;
      }
      Ddl.requireKeyspace(schema, ks);
      throw CqlException.invalid("Type '" + ks + "." + name + "' doesn't exist");
    }
    List<String> users = new ArrayList<>();
    for (TableDef t : k.tables().values()) {
      for (ColumnDef col : t.columns) {
        if (uses(col.type(), name)) {
          users.add(t.name);
          break;
        }
      }
    }
    for (CqlType other : k.types().values()) {
      if (!other.name.equals(name) && uses(other, name)) {
        users.add(other.name);
      }
    }
    if (!users.isEmpty()) {
      throw CqlException.invalid(
          "Cannot drop user type "
              + ks
              + "."
              + name
              + " as it is still used by "
              + String.join(", ", users));
    }
    schema.dropType(ks, name);
    return new SchemaChange("DROPPED", "TYPE", ks, name, null);
  }

  /** Whether {@code t} is or holds (at any depth, through fields) the user type {@code name}. */
  static boolean uses(CqlType t, String name) {
    if (t.isUdt() && t.name.equals(name)) {
      return true;
    }
    for (CqlType p : t.params) {
      if (uses(p, name)) {
        return true;
      }
    }
    return false;
  }
}
