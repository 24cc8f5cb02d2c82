package dev.orbit.node.protocol.cql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import dev.orbit.node.TestNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SELECT JSON through the Java driver; every expected text below is what Apache Cassandra 5.0.x
 * returned for the same statements.
 */
class CqlJsonIT {
  @TempDir Path dir;

  private static String json(CqlSession s, String cql) {
    ResultSet rs = s.execute(cql);
    assertEquals("[json]", rs.getColumnDefinitions().get(0).getName().asInternal());
    return rs.one().getString(0);
  }

  @Test
  void selectJsonShowsEveryTypeAsCassandraDoes() {
    try (TestNode n = CqlFixture.start(dir);
        CqlSession s = CqlFixture.connect(n)) {
      CqlFixture.createKeyspace(s, "js");
      s.execute(
          "CREATE TABLE js.t (k int PRIMARY KEY, a ascii, t text, bi bigint, si smallint,"
              + " ti tinyint, vi varint, de decimal, f float, d double, b boolean, u uuid,"
              + " tu timeuuid, ts timestamp, dt date, tm time, bl blob, ip inet, l list<int>,"
              + " s set<text>, m map<text,int>, mi map<int,text>, tp tuple<int,text>,"
              + " fl frozen<list<double>>, \"Mixed\" int)");
      s.execute(
          "INSERT INTO js.t (k, a, t, bi, si, ti, vi, de, f, d, b, u, tu, ts, dt, tm, bl, ip, l,"
              + " s, m, mi, tp, fl, \"Mixed\") VALUES (1, 'as\"c\\', 'tëxt \"q\" \\n', 9000000000,"
              + " -3, 7, 123456789012345678901234567890, 1.50, 1.5, 1e20, true,"
              + " 5a8f3b4e-1234-4abc-8def-0123456789ab, 50554d6e-29bb-11e5-b345-feff819cdc9f,"
              + " '2021-03-04 05:06:07.089Z', '2021-03-04', '05:06:07.123456789', 0xcafe, '::1',"
              + " [1, 2], {'b', 'a'}, {'x': 1, 'y': 2}, {1: 'one', 2: 'two'}, (3, 'z'),"
              + " [1.0, 2.5e-7], 42)");
      s.execute(
          "INSERT INTO js.t (k, f, d, de, ts, tm, ip) VALUES (2, 100000000.0, 0.001, 1E+10,"
              + " '1960-01-01 00:00:00Z', '00:00:00', '10.0.0.1')");
      s.execute(
          s.prepare("INSERT INTO js.t (k, f, d, de) VALUES (3, ?, ?, -0.000001)")
              .bind(Float.NaN, Double.NEGATIVE_INFINITY));
      s.execute("INSERT INTO js.t (k) VALUES (4)");

      assertEquals(
          "{\"k\": 1, \"\\\"Mixed\\\"\": 42, \"a\": \"as\\\"c\\\\\", \"b\": true, \"bi\": 9000000000,"
              + " \"bl\": \"0xcafe\", \"d\": 1.0E20, \"de\": 1.50, \"dt\": \"2021-03-04\","
              + " \"f\": 1.5, \"fl\": [1.0, 2.5E-7], \"ip\": \"0:0:0:0:0:0:0:1\", \"l\": [1, 2],"
              + " \"m\": {\"x\": 1, \"y\": 2}, \"mi\": {\"1\": \"one\", \"2\": \"two\"},"
              + " \"s\": [\"a\", \"b\"], \"si\": -3, \"t\": \"tëxt \\\"q\\\" \\\\n\", \"ti\": 7,"
              + " \"tm\": \"05:06:07.123456789\", \"tp\": [3, \"z\"],"
              + " \"ts\": \"2021-03-04 05:06:07.089Z\","
              + " \"tu\": \"50554d6e-29bb-11e5-b345-feff819cdc9f\","
              + " \"u\": \"5a8f3b4e-1234-4abc-8def-0123456789ab\","
              + " \"vi\": 123456789012345678901234567890}",
          json(s, "SELECT JSON * FROM js.t WHERE k = 1"));
      assertEquals(
          "{\"k\": 2, \"\\\"Mixed\\\"\": null, \"a\": null, \"b\": null, \"bi\": null,"
              + " \"bl\": null, \"d\": 0.001, \"de\": 1E+10, \"dt\": null, \"f\": 1.0E8,"
              + " \"fl\": null, \"ip\": \"10.0.0.1\", \"l\": null, \"m\": null, \"mi\": null,"
              + " \"s\": null, \"si\": null, \"t\": null, \"ti\": null,"
              + " \"tm\": \"00:00:00.000000000\", \"tp\": null,"
              + " \"ts\": \"1960-01-01 00:00:00.000Z\", \"tu\": null, \"u\": null, \"vi\": null}",
          json(s, "SELECT JSON * FROM js.t WHERE k = 2"));
      assertEquals(
          "{\"k\": 3, \"d\": null, \"de\": -0.000001, \"f\": null}",
          json(s, "SELECT JSON k, d, de, f FROM js.t WHERE k = 3"));
      assertEquals(
          "{\"k\": 4, \"\\\"Alias\\\"\": null, \"ttl(t)\": null, \"writetime(a)\": null}",
          json(s, "SELECT JSON k, t AS \"Alias\", ttl(t), writetime(a) FROM js.t WHERE k = 4"));
      assertEquals(
          "{\"k\": 1, \"\\\"Mixed\\\"\": 42}",
          json(s, "SELECT JSON k, \"Mixed\" FROM js.t WHERE k = 1"));
      assertEquals("{\"count\": 4}", json(s, "SELECT JSON count(*) FROM js.t"));
      assertEquals(
          "{\"k\": 1, \"alias\": \"tëxt \\\"q\\\" \\\\n\"}",
          json(s, "SELECT JSON k, t AS alias FROM js.t WHERE k = 1"));
      assertEquals("{\"k\": 1}", json(s, "SELECT JSON DISTINCT k FROM js.t WHERE k = 1"));

      // prepared, and one page at a time
      assertEquals(
          "{\"k\": 2, \"ip\": \"10.0.0.1\"}",
          s.execute(s.prepare("SELECT JSON k, ip FROM js.t WHERE k = ?").bind(2))
              .one()
              .getString(0));
      assertEquals("{\"system.max(k)\": 4}", json(s, "SELECT JSON max(k) FROM js.t"));

      // only names with an upper-case letter are quoted; nested collections and tuples
      s.execute(
          "CREATE TABLE js.kw (k int PRIMARY KEY, \"select\" int, \"Up\" int, \"a b\" int,"
              + " \"x\"\"y\" int)");
      s.execute(
          "INSERT INTO js.kw (k, \"select\", \"Up\", \"a b\", \"x\"\"y\") VALUES (1, 1, 5, 6, 7)");
      assertEquals(
          "{\"k\": 1, \"\\\"Up\\\"\": 5, \"a b\": 6, \"select\": 1, \"x\\\"y\": 7}",
          json(s, "SELECT JSON * FROM js.kw"));
      assertEquals(
          "{\"k\": 1, \"\\\"ttl(Up)\\\"\": null}",
          json(s, "SELECT JSON k, ttl(\"Up\") FROM js.kw"));
      s.execute(
          "CREATE TABLE js.nest (k int PRIMARY KEY, a list<frozen<map<int, text>>>,"
              + " b map<frozen<list<int>>, double>, c set<frozen<tuple<int, boolean>>>,"
              + " d tuple<int, text>)");
      s.execute(
          "INSERT INTO js.nest (k, a, b, c, d) VALUES (1, [{1: 'a'}], {[1, 2]: 1.5}, {(1, true)},"
              + " (null, 'x'))");
      assertEquals(
          "{\"k\": 1, \"a\": [{\"1\": \"a\"}], \"b\": {\"[1, 2]\": 1.5},"
              + " \"c\": [[1, true]], \"d\": [null, \"x\"]}",
          json(s, "SELECT JSON * FROM js.nest"));
    }
  }

  @Test
  void insertJsonWritesWhatSelectJsonShows() {
    try (TestNode n = CqlFixture.start(dir);
        CqlSession s = CqlFixture.connect(n)) {
      CqlFixture.createKeyspace(s, "js");
      s.execute(
          "CREATE TABLE js.t (k int, c text, bi bigint, d double, de decimal, b boolean, u uuid,"
              + " ts timestamp, dt date, bl blob, ip inet, l list<int>, st set<text>,"
              + " m map<int, text>, tp tuple<int, text>, \"Up\" int, PRIMARY KEY (k, c))");
      String row =
          "{\"k\": 1, \"c\": \"a\", \"\\\"Up\\\"\": 5, \"b\": true, \"bi\": 9000000000,"
              + " \"bl\": \"0xcafe\", \"d\": 1.5, \"de\": 1.50, \"dt\": \"2021-03-04\","
              + " \"ip\": \"10.0.0.1\", \"l\": [1, 2], \"m\": {\"1\": \"one\"},"
              + " \"st\": [\"x\", \"y\"], \"tp\": [3, \"z\"],"
              + " \"ts\": \"2021-03-04 05:06:07.089Z\","
              + " \"u\": \"5a8f3b4e-1234-4abc-8def-0123456789ab\"}";
      // a decimal's digits survive as a string (a JSON number is read as a double, as Cassandra
      // does)
      s.execute("INSERT INTO js.t JSON '" + row.replace("1.50", "\"1.50\"") + "'");
      assertEquals(row, json(s, "SELECT JSON * FROM js.t WHERE k = 1 AND c = 'a'"));

      // numbers may come as strings, timestamps as milliseconds; keys fold to lower case
      s.execute("INSERT INTO js.t JSON '{\"K\": \"2\", \"c\": \"b\", \"bi\": \"7\", \"ts\": 0}'");
      assertEquals(
          "{\"k\": 2, \"bi\": 7, \"ts\": \"1970-01-01 00:00:00.000Z\"}",
          json(s, "SELECT JSON k, bi, ts FROM js.t WHERE k = 2 AND c = 'b'"));

      // left-out columns become null, unless DEFAULT UNSET
      s.execute("INSERT INTO js.t JSON '{\"k\": 1, \"c\": \"a\", \"d\": 2.5}' DEFAULT UNSET");
      assertEquals(
          "{\"d\": 2.5, \"bi\": 9000000000}",
          json(s, "SELECT JSON d, bi FROM js.t WHERE k = 1 AND c = 'a'"));
      s.execute("INSERT INTO js.t JSON '{\"k\": 1, \"c\": \"a\", \"d\": 3.5}'");
      assertEquals(
          "{\"d\": 3.5, \"bi\": null}",
          json(s, "SELECT JSON d, bi FROM js.t WHERE k = 1 AND c = 'a'"));

      // prepared, with USING TTL bound after the JSON, and IF NOT EXISTS
      s.execute(
          s.prepare("INSERT INTO js.t JSON ? USING TTL ?")
              .bind("{\"k\": 3, \"c\": \"c\", \"bi\": 1}", 1000));
      assertEquals(
          1000, s.execute("SELECT ttl(bi) FROM js.t WHERE k = 3 AND c = 'c'").one().getInt(0), 5);
      assertEquals(
          false,
          s.execute("INSERT INTO js.t JSON '{\"k\": 3, \"c\": \"c\"}' IF NOT EXISTS").wasApplied());

      // what cannot be decoded is refused, and nothing is written
      for (String bad :
          new String[] {
            "{\"k\": 4, \"c\": \"d\", \"nope\": 1}",
            "{\"k\": 4, \"c\": 5}",
            "{\"k\": 4, \"c\": \"d\", \"bl\": \"cafe\"}",
            "{\"k\": 4, \"c\": \"d\", \"l\": 1}",
            "[1]",
            "{\"c\": \"d\"}"
          }) {
        assertThrows(
            InvalidQueryException.class,
            () -> s.execute("INSERT INTO js.t JSON '" + bad + "'"),
            bad);
      }
      assertEquals(0, s.execute("SELECT * FROM js.t WHERE k = 4").all().size());
    }
  }

  @Test
  void toJsonAndFromJsonConvertSingleValues() {
    try (TestNode n = CqlFixture.start(dir);
        CqlSession s = CqlFixture.connect(n)) {
      CqlFixture.createKeyspace(s, "fj");
      s.execute("CREATE TABLE fj.t (k int PRIMARY KEY, m map<text, int>, ts timestamp, t text)");
      s.execute(
          "INSERT INTO fj.t (k, m, ts, t) VALUES (fromJson('1'), fromJson('{\"a\": 1}'),"
              + " from_json('\"2021-03-04 05:06:07.089Z\"'), fromJson('\"x\"'))");
      s.execute(
          s.prepare("UPDATE fj.t SET m = fromJson(?), t = fromJson(?) WHERE k = 2")
              .bind("{\"b\": \"2\"}", null));

      ResultSet rs =
          s.execute("SELECT toJson(m), to_json(ts), toJson(t), toJson(k) FROM fj.t WHERE k = 1");
      assertEquals("system.tojson(m)", rs.getColumnDefinitions().get(0).getName().asInternal());
      var r = rs.one();
      assertEquals("{\"a\": 1}", r.getString(0));
      assertEquals("\"2021-03-04 05:06:07.089Z\"", r.getString(1));
      assertEquals("\"x\"", r.getString(2));
      assertEquals("1", r.getString(3));
      var two = s.execute("SELECT toJson(m), toJson(ts), t FROM fj.t WHERE k = 2").one();
      assertEquals("{\"b\": 2}", two.getString(0));
      assertEquals("null", two.getString(1)); // toJson of a null is the text null
      assertEquals(null, two.getString(2));

      assertEquals("x", s.execute("SELECT t FROM fj.t WHERE k = fromJson('1')").one().getString(0));
      assertEquals(
          "x",
          s.execute(s.prepare("SELECT t FROM fj.t WHERE k = fromJson(?)").bind("1"))
              .one()
              .getString(0));
      assertThrows(
          InvalidQueryException.class,
          () -> s.execute("INSERT INTO fj.t (k, t) VALUES (3, fromJson('not json'))"));
      assertThrows(
          InvalidQueryException.class,
          () -> s.execute("INSERT INTO fj.t (k, m) VALUES (3, fromJson('[1]'))"));
      assertEquals(0, s.execute("SELECT * FROM fj.t WHERE k = 3").all().size());
    }
  }
}
