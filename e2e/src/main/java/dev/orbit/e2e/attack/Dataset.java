package dev.orbit.e2e.attack;

import java.io.IOException;
import java.util.List;

/** Known data written before the attacks and checked after each: nothing may be lost. */
final class Dataset {
  static final int KEYS = 2000;

  private Dataset() {}

  static String value(int i) {
    return "v" + i + "-" + Integer.toHexString(i * 31 + 7);
  }

  static void write(TargetNode node) throws IOException {
    try (Resp r = new Resp(node.redis, 60_000);
        Pg pg = new Pg(node.postgres, 60_000)) {
      for (int i = 0; i < KEYS; i++) {
        r.call("SET", "data:" + i, value(i));
      }
      pg.query("create table intact (id int primary key, v text)");
      StringBuilder insert = new StringBuilder("insert into intact values ");
      for (int i = 0; i < KEYS; i++) {
        insert.append('(').append(i).append(",'").append(value(i)).append("')");
        insert.append(i + 1 < KEYS ? "," : "");
      }
      pg.query(insert.toString());
    }
  }

  /** Empty when every key and row is there with its value and a new write works; else why not. */
  static String verify(TargetNode node) {
    try (Resp r = new Resp(node.redis, 60_000);
        Pg pg = new Pg(node.postgres, 60_000)) {
      for (int i = 0; i < KEYS; i++) {
        Object v = r.call("GET", "data:" + i);
        if (!(v instanceof byte[] b) || !new String(b).equals(value(i))) {
          return "redis data:" + i + " is " + Bystanders.describe(v);
        }
      }
      List<List<String>> rows = pg.query("select id, v from intact where id >= 0 order by id");
      if (rows.size() != KEYS) {
        return "postgres table intact has " + rows.size() + " rows of " + KEYS;
      }
      for (int i = 0; i < KEYS; i++) {
        if (!rows.get(i).equals(List.of(Integer.toString(i), value(i)))) {
          return "postgres row " + i + " is " + rows.get(i);
        }
      }
      Object w = r.call("SET", "after-attack", "ok");
      if (!"OK".equals(w)) {
        return "a new redis write answered " + Bystanders.describe(w);
      }
      pg.query("insert into intact values (-1, 'x') on conflict (id) do update set v = 'x'");
      return "";
    } catch (IOException | RuntimeException e) {
      return e.toString();
    }
  }
}
