package dev.orbit.node.cql;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Plans INSERT, UPDATE and DELETE: key columns, the changes to make, USING and IF clauses. */
final class Writes {
  private Writes() {}

  static WritePlan plan(Store store, TableDef t, Ast.Modification m, Vars vars) {
    noteUsing(m.using(), vars, t);
    if (m instanceof Ast.InsertJson j) {
      if (!(j.json() instanceof Ast.Literal l)) {
        throw CqlException.unsupported("INSERT JSON with a bind marker inside a BATCH");
      }
      return insert(store, t, JsonIn.insert(t, j, l.text()), vars);
    }
    if (m instanceof Ast.Insert i) {
      return insert(store, t, i, vars);
    }
    if (m instanceof Ast.Update u) {
      return update(store, t, u, vars);
    }
    return delete(store, t, (Ast.Delete) m, vars);
  }

  private static void noteUsing(Ast.Using u, Vars vars, TableDef t) {
    if (u.ttl() != null) {
      vars.note(u.ttl(), t.keyspace, t.name, "[ttl]", CqlType.of(CqlType.Kind.INT));
    }
    if (u.timestamp() != null) {
      vars.note(u.timestamp(), t.keyspace, t.name, "[timestamp]", CqlType.of(CqlType.Kind.BIGINT));
    }
  }

  private static WritePlan insert(Store store, TableDef t, Ast.Insert ins, Vars vars) {
    if (t.isCounterTable()) {
      throw CqlException.invalid(
          "INSERT statements are not allowed on counter tables, use UPDATE instead");
    }
    Lwt lwt = ins.ifNotExists() ? new Lwt(store, t, Lwt.Mode.NOT_EXISTS, List.of(), vars) : null;
    WritePlan p = new WritePlan(store, t, ins, vars, lwt, true, false);
    Map<String, Boolean> seen = new HashMap<>();
    for (int i = 0; i < ins.columns().size(); i++) {
      ColumnDef c = t.require(ins.columns().get(i));
      if (seen.put(c.name(), true) != null) {
        throw CqlException.invalid("Multiple definitions found for column " + c.name());
      }
      Ast.Term v = ins.values().get(i);
      vars.note(v, t.keyspace, t.name, c.name(), c.type());
      if (c.kind() == ColumnDef.Kind.PARTITION_KEY) {
        p.partition.add(new KeyTerms.Values(c, List.of(v), null));
      } else if (c.kind() == ColumnDef.Kind.CLUSTERING) {
        p.clustering.add(new KeyTerms.Values(c, List.of(v), null));
      } else {
        p.ops.add(new Op(c, Op.Kind.SET, null, v, false));
      }
    }
    p.partition.sort(java.util.Comparator.comparingInt(v -> v.column().position()));
    p.clustering.sort(java.util.Comparator.comparingInt(v -> v.column().position()));
    requireKeys(t, p, false);
    return p;
  }

  private static WritePlan update(Store store, TableDef t, Ast.Update u, Vars vars) {
    Lwt lwt = lwt(store, t, u.ifExists(), u.conditions(), vars);
    WritePlan p = new WritePlan(store, t, u, vars, lwt, false, false);
    for (Ast.Assignment a : u.assignments()) {
      ColumnDef c = t.require(a.column());
      if (c.isPrimaryKey()) {
        throw CqlException.invalid("PRIMARY KEY part " + c.name() + " found in SET part");
      }
      p.ops.add(op(t, c, a, vars));
    }
    keys(t, u.where(), p, vars);
    requireKeys(t, p, false);
    if (lwt != null && t.isCounterTable()) {
      throw CqlException.invalid("Conditional updates are not supported on counter tables");
    }
    return p;
  }

  private static Op op(TableDef t, ColumnDef c, Ast.Assignment a, Vars vars) {
    CqlType type = c.type();
    if (a.element() != null) {
      if (!type.multiCell()) {
        throw CqlException.invalid(
            "Invalid operation ("
                + c.name()
                + "[...] = ...) for non-collection or frozen column "
                + c.name());
      }
      vars.note(
          a.element(),
          t.keyspace,
          t.name,
          type.kind == CqlType.Kind.MAP ? "key(" + c.name() + ")" : "idx(" + c.name() + ")",
          type.kind == CqlType.Kind.MAP ? type.element() : CqlType.of(CqlType.Kind.INT));
      vars.note(
          a.value(),
          t.keyspace,
          t.name,
          "value(" + c.name() + ")",
          type.kind == CqlType.Kind.MAP ? type.value() : type.element());
      return new Op(c, Op.Kind.SET_ELEMENT, a.element(), a.value(), false);
    }
    if (type.isCounter()) {
      if (a.op().equals("=")) {
        throw CqlException.invalid(
            "Cannot set the value of counter column "
                + c.name()
                + " (counters can only be incremented/decremented, not set)");
      }
      vars.note(a.value(), t.keyspace, t.name, c.name(), CqlType.of(CqlType.Kind.BIGINT));
      return new Op(c, Op.Kind.COUNTER, null, a.value(), a.op().equals("-"));
    }
    if (t.isCounterTable()) {
      throw CqlException.invalid("Cannot mix counter and non counter columns in the same table");
    }
    switch (a.op()) {
      case "=":
        vars.note(a.value(), t.keyspace, t.name, c.name(), type);
        return new Op(c, Op.Kind.SET, null, a.value(), false);
      case "+":
      case "prepend":
        if (!type.multiCell()) {
          throw CqlException.invalid(
              "Invalid operation ("
                  + c.name()
                  + " = "
                  + c.name()
                  + " + ?) for non counter column "
                  + c.name());
        }
        if (a.op().equals("prepend") && type.kind != CqlType.Kind.LIST) {
          throw CqlException.invalid(
              "Invalid operation ("
                  + c.name()
                  + " = ? + "
                  + c.name()
                  + ") for non list column "
                  + c.name());
        }
        vars.note(a.value(), t.keyspace, t.name, c.name(), type.freeze());
        return new Op(
            c, a.op().equals("+") ? Op.Kind.APPEND : Op.Kind.PREPEND, null, a.value(), false);
      default:
        if (!type.multiCell()) {
          throw CqlException.invalid(
              "Invalid operation ("
                  + c.name()
                  + " = "
                  + c.name()
                  + " - ?) for non counter column "
                  + c.name());
        }
        CqlType removeType =
            type.kind == CqlType.Kind.MAP
                ? CqlType.collection(CqlType.Kind.SET, true, List.of(type.element()))
                : type.freeze();
        vars.note(a.value(), t.keyspace, t.name, c.name(), removeType);
        return new Op(c, Op.Kind.REMOVE, null, a.value(), false);
    }
  }

  private static WritePlan delete(Store store, TableDef t, Ast.Delete d, Vars vars) {
    Lwt lwt = lwt(store, t, d.ifExists(), d.conditions(), vars);
    WritePlan p = new WritePlan(store, t, d, vars, lwt, false, d.columns().isEmpty());
    for (Ast.Deletion del : d.columns()) {
      ColumnDef c = t.require(del.column());
      if (c.isPrimaryKey()) {
        throw CqlException.invalid(
            "Invalid identifier " + c.name() + " for deletion (should not be a PRIMARY KEY part)");
      }
      if (del.element() != null) {
        if (!c.type().multiCell()) {
          throw CqlException.invalid(
              "Invalid deletion operation for non collection column " + c.name());
        }
        vars.note(
            del.element(),
            t.keyspace,
            t.name,
            c.type().kind == CqlType.Kind.MAP ? "key(" + c.name() + ")" : "idx(" + c.name() + ")",
            c.type().kind == CqlType.Kind.MAP ? c.type().element() : CqlType.of(CqlType.Kind.INT));
        p.ops.add(new Op(c, Op.Kind.DELETE_ELEMENT, del.element(), null, false));
      } else {
        p.ops.add(new Op(c, Op.Kind.DELETE, null, null, false));
      }
    }
    keys(t, d.where(), p, vars);
    requireKeys(t, p, true);
    return p;
  }

  private static Lwt lwt(
      Store store, TableDef t, boolean ifExists, List<Ast.Condition> conds, Vars vars) {
    if (ifExists) {
      return new Lwt(store, t, Lwt.Mode.EXISTS, List.of(), vars);
    }
    for (Ast.Condition c : conds) {
      if (t.require(c.column()).kind() == ColumnDef.Kind.STATIC) {
        throw CqlException.unsupported("conditional updates (IF) on tables' static columns");
      }
    }
    return conds.isEmpty() ? null : new Lwt(store, t, Lwt.Mode.CONDITIONS, conds, vars);
  }

  private static void keys(TableDef t, List<Ast.Relation> where, WritePlan p, Vars vars) {
    Map<String, KeyTerms.Values> terms = new HashMap<>();
    List<Ast.Relation> rest = KeyTerms.split(t, where, terms, vars);
    int eqPrefix = 0;
    while (eqPrefix < t.clustering.size() && terms.containsKey(t.clustering.get(eqPrefix).name())) {
      eqPrefix++;
    }
    if (p.rowDelete && p.lwt == null) {
      List<Ast.Relation> others = new java.util.ArrayList<>();
      for (Ast.Relation r : rest) {
        ColumnDef c = r.token() ? null : t.require(r.column());
        if (c != null && c.kind() == ColumnDef.Kind.CLUSTERING) {
          RangeDeletes.check(t, c, r, eqPrefix, p.slice, vars);
        } else {
          others.add(r);
        }
      }
      rest = others;
    }
    if (!rest.isEmpty()) {
      Ast.Relation r = rest.get(0);
      if (r.token()) {
        throw CqlException.invalid(
            "The token function cannot be used in WHERE clauses for UPDATE and DELETE statements");
      }
      ColumnDef c = t.require(r.column());
      if (!c.isPrimaryKey()) {
        throw CqlException.invalid("Non PRIMARY KEY columns found in where clause: " + c.name());
      }
      throw CqlException.unsupported(
          "deleting or updating a range of rows (" + c.name() + " " + r.op() + ")");
    }
    for (ColumnDef c : t.partitionKey) {
      if (terms.containsKey(c.name())) {
        p.partition.add(terms.get(c.name()));
      }
    }
    for (ColumnDef c : t.clustering) {
      if (!terms.containsKey(c.name())) {
        break;
      }
      p.clustering.add(terms.get(c.name()));
    }
    for (ColumnDef c : t.clustering) {
      if (terms.containsKey(c.name()) && !p.clustering.contains(terms.get(c.name()))) {
        throw CqlException.invalid(
            "PRIMARY KEY column \""
                + c.name()
                + "\" cannot be restricted as preceding column is not restricted");
      }
    }
  }

  private static void requireKeys(TableDef t, WritePlan p, boolean delete) {
    if (p.partition.size() != t.partitionKey.size()) {
      for (ColumnDef c : t.partitionKey) {
        if (p.partition.stream().noneMatch(v -> v.column() == c)) {
          throw CqlException.invalid("Some partition key parts are missing: " + c.name());
        }
      }
    }
    if (p.lwt != null && p.touchesStatic()) {
      throw CqlException.unsupported("conditional updates (IF) on tables' static columns");
    }
    if (p.onlyStatic() && !p.clustering.isEmpty() && p.clustering.size() != t.clustering.size()) {
      throw CqlException.invalid(
          "Invalid restrictions on clustering columns since the UPDATE statement modifies only"
              + " static columns");
    }
    if (!delete && p.clustering.size() != t.clustering.size() && !p.onlyStatic()) {
      for (ColumnDef c : t.clustering) {
        if (p.clustering.stream().noneMatch(v -> v.column() == c)) {
          throw CqlException.invalid("Some clustering keys are missing: " + c.name());
        }
      }
    }
    if (delete
        && !p.ops.isEmpty()
        && p.clustering.size() != t.clustering.size()
        && !(p.clustering.isEmpty() && p.onlyStatic())) {
      throw CqlException.invalid("Range deletions are not supported for specific columns");
    }
  }
}
