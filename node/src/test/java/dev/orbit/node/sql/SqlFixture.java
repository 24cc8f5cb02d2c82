package dev.orbit.node.sql;

import dev.orbit.config.ConfigLoader;
import dev.orbit.config.NodeConfig;
import dev.orbit.node.storage.StorageEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A SQL engine on a storage engine in a test folder, and a session to run statements in. */
final class SqlFixture implements AutoCloseable {
  final StorageEngine storage;
  final SqlEngine engine;
  final Session session;
  private final boolean owner;

  SqlFixture(Path dir) {
    NodeConfig c =
        ConfigLoader.load(
            null,
            dir.toString(),
            List.of("storage.blockCacheSize=8Mi", "storage.writeBufferSize=8Mi"),
            Map.of());
    storage = StorageEngine.open(c, List.of("postgres"));
    engine = new SqlEngine(storage.store("postgres"), List.of("orbit"));
    session = engine.open("orbit", "orbit", Map.of());
    owner = true;
  }

  /** A second session on the engine of {@code shared}; closing it closes only the session. */
  SqlFixture(SqlFixture shared) {
    storage = shared.storage;
    engine = shared.engine;
    session = engine.open("orbit", "orbit", Map.of());
    owner = false;
  }

  Result run(String sql, Object... params) {
    Session.Prepared p = session.prepare(sql, new int[0]);
    return session.execute(p, params);
  }

  /** Rows as text, like psql shows them. */
  List<List<String>> rows(String sql, Object... params) {
    Result r = run(sql, params);
    List<List<String>> out = new ArrayList<>();
    for (Object[] row : r.rows) {
      List<String> l = new ArrayList<>();
      for (int i = 0; i < r.fields.size(); i++) {
        l.add(Values.toText(row[i], r.fields.get(i).type()));
      }
      out.add(l);
    }
    return out;
  }

  String one(String sql, Object... params) {
    return rows(sql, params).get(0).get(0);
  }

  String plan(String sql) {
    return String.join("\n", rows("explain " + sql).stream().map(r -> r.get(0)).toList());
  }

  @Override
  public void close() {
    session.close();
    if (owner) {
      engine.close();
      storage.close();
    }
  }
}
