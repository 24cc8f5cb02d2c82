package dev.orbit.node.cql;

import com.datastax.oss.protocol.internal.response.Result;
import com.datastax.oss.protocol.internal.response.result.ColumnSpec;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code INSERT INTO t JSON ?}: the JSON arrives with each execution, so the INSERT it stands for
 * is planned then ({@link JsonIn}); the other markers (USING) keep their places.
 */
final class JsonInsertPlan implements Plan {
  private final Store store;
  private final TableDef table;
  private final Ast.InsertJson insert;
  private final Vars vars;
  private final Ast.Marker json;

  JsonInsertPlan(Store store, TableDef t, Ast.InsertJson j, Vars vars) {
    if (t.isCounterTable()) {
      throw CqlException.invalid(
          "INSERT statements are not allowed on counter tables, use UPDATE instead");
    }
    this.store = store;
    this.table = t;
    this.insert = j;
    this.vars = vars;
    this.json = (Ast.Marker) j.json();
    vars.note(json, t.keyspace, t.name, "[json]", CqlType.of(CqlType.Kind.TEXT));
    // plans the USING markers and checks the statement once, with every column null
    Writes.plan(store, t, JsonIn.template(t, j), vars);
  }

  @Override
  public List<ColumnSpec> variables() {
    return vars.specs();
  }

  @Override
  public List<ColumnSpec> resultColumns() {
    return template().resultColumns();
  }

  @Override
  public boolean isWrite() {
    return true;
  }

  private WritePlan template() {
    return Writes.plan(store, table, JsonIn.template(table, insert), new Vars(vars.count()));
  }

  @Override
  public CompletableFuture<Result> execute(Exec e) {
    byte[] text = e.value(json, CqlType.of(CqlType.Kind.TEXT));
    if (text == null || text == Terms.UNSET) {
      throw CqlException.invalid("Got null for INSERT JSON values");
    }
    String s = new String(text, java.nio.charset.StandardCharsets.UTF_8);
    Ast.Insert ins = JsonIn.insert(table, insert, s);
    return Writes.plan(store, table, ins, new Vars(vars.count())).execute(e);
  }
}
