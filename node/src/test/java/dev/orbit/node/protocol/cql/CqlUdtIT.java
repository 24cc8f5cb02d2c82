package dev.orbit.node.protocol.cql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.data.UdtValue;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.UserDefinedType;
import dev.orbit.node.TestNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** User-defined types (frozen) through the Java driver: DDL, literals, codecs, JSON, metadata. */
class CqlUdtIT {
  @TempDir Path dir;

  private static String invalid(CqlSession s, String cql) {
    return assertThrows(InvalidQueryException.class, () -> s.execute(cql)).getMessage();
  }

  @Test
  void frozenUserTypesStoreReadAndSurviveARestart() {
    try (TestNode n = CqlFixture.start(dir);
        CqlSession s = CqlFixture.connect(n)) {
      CqlFixture.createKeyspace(s, "u");
      s.execute("CREATE TYPE u.phone (kind text, number text)");
      s.execute(
          "CREATE TYPE u.address (street text, zip int, \"Geo\" tuple<double, double>,"
              + " phones list<frozen<phone>>)");
      s.execute(
          "CREATE TABLE u.people (id int PRIMARY KEY, home frozen<address>,"
              + " others list<frozen<address>>, tags set<frozen<phone>>)");
      s.execute(
          "INSERT INTO u.people (id, home, tags) VALUES (1, {street: '1 Main', zip: 123,"
              + " \"Geo\": (1.5, 2.5), phones: [{kind: 'cell', number: '555'}]},"
              + " {{kind: 'b', number: '2'}, {kind: 'a', number: '9'}})");

      // the driver decodes the value with the type the result metadata carries
      Row r = s.execute("SELECT home, tags FROM u.people WHERE id = 1").one();
      UdtValue home = r.getUdtValue("home");
      assertEquals("1 Main", home.getString("street"));
      assertEquals(123, home.getInt("zip"));
      assertEquals(1.5, home.getTupleValue(CqlIdentifier.fromInternal("Geo")).getDouble(0));
      UdtValue phone = home.getList("phones", UdtValue.class).get(0);
      assertEquals("555", phone.getString("number"));
      List<String> kinds =
          r.getSet("tags", UdtValue.class).stream().map(p -> p.getString("kind")).toList();
      assertEquals(List.of("a", "b"), kinds); // a set of frozen UDTs in field order

      // a field (at any depth) is selected by name
      ResultSet fields =
          s.execute(
              "SELECT home.street, home.\"Geo\", home.phones AS p FROM u.people WHERE id = 1");
      assertEquals("home.street", fields.getColumnDefinitions().get(0).getName().asInternal());
      Row f = fields.one();
      assertEquals("1 Main", f.getString(0));
      assertEquals(2.5, f.getTupleValue(1).getDouble(1));
      assertEquals("cell", f.getList("p", UdtValue.class).get(0).getString("kind"));
      assertEquals(
          "home of type frozen<address> has no field nope",
          invalid(s, "SELECT home.nope FROM u.people"));

      // a prepared statement binds a UdtValue built from the driver's schema metadata
      UserDefinedType addr =
          s.getMetadata()
              .getKeyspace("u")
              .orElseThrow()
              .getUserDefinedType("address")
              .orElseThrow();
      assertEquals(
          List.of(
              DataTypes.TEXT,
              DataTypes.INT,
              DataTypes.tupleOf(DataTypes.DOUBLE, DataTypes.DOUBLE),
              DataTypes.listOf(
                  s.getMetadata()
                      .getKeyspace("u")
                      .orElseThrow()
                      .getUserDefinedType("phone")
                      .orElseThrow()
                      .copy(true))),
          addr.getFieldTypes());
      assertEquals(
          addr.copy(true),
          s.getMetadata()
              .getKeyspace("u")
              .orElseThrow()
              .getTable("people")
              .orElseThrow()
              .getColumn("home")
              .orElseThrow()
              .getType());
      PreparedStatement ins = s.prepare("INSERT INTO u.people (id, home) VALUES (?, ?)");
      s.execute(ins.bind(2, addr.newValue().setString("street", "2 Side").setInt("zip", 7)));
      UdtValue two = s.execute("SELECT home FROM u.people WHERE id = 2").one().getUdtValue(0);
      assertEquals("2 Side", two.getString("street"));
      assertNull(two.getTupleValue(2));

      // a bind marker inside a literal takes the field's type
      s.execute(
          s.prepare("UPDATE u.people SET home = {street: ?, zip: ?} WHERE id = 3").bind("x", 9));
      assertEquals(
          "{\"home\": {\"street\": \"x\", \"zip\": 9, \"\\\"Geo\\\"\": null, \"phones\": null}}",
          s.execute("SELECT JSON home FROM u.people WHERE id = 3").one().getString(0));

      // INSERT JSON reads objects as user type values, field names as column names
      s.execute(
          "INSERT INTO u.people JSON '{\"id\": 4, \"home\": {\"STREET\": \"j\","
              + " \"\\\"Geo\\\"\": [3, 4]}}'");
      UdtValue four = s.execute("SELECT home FROM u.people WHERE id = 4").one().getUdtValue(0);
      assertEquals("j", four.getString("street"));
      assertEquals(4.0, four.getTupleValue(2).getDouble(1));

      // an LWT compares whole values
      assertTrue(
          s.execute(
                  "UPDATE u.people SET home = {street: 'y'} WHERE id = 3 IF home = {street: 'x', zip: 9}")
              .wasApplied());
    }
    try (TestNode n = CqlFixture.start(dir);
        CqlSession s = CqlFixture.connect(n)) {
      UdtValue home = s.execute("SELECT home FROM u.people WHERE id = 1").one().getUdtValue(0);
      assertEquals("555", home.getList("phones", UdtValue.class).get(0).getString("number"));
      assertEquals(
          "y",
          s.execute("SELECT home FROM u.people WHERE id = 3").one().getUdtValue(0).getString(0));
      assertTrue(
          s.getMetadata().getKeyspace("u").orElseThrow().getUserDefinedType("phone").isPresent());
    }
  }

  @Test
  void userTypeMistakesAreRefusedAsCassandraRefusesThem() {
    try (TestNode n = CqlFixture.start(dir);
        CqlSession s = CqlFixture.connect(n)) {
      CqlFixture.createKeyspace(s, "v");
      s.execute("CREATE TYPE v.point (x int, y int)");
      s.execute("CREATE TABLE v.t (k int PRIMARY KEY, p frozen<point>)");
      assertEquals(
          "Unknown field 'z' in value of user defined type point",
          invalid(s, "INSERT INTO v.t (k, p) VALUES (1, {x: 1, z: 2})"));
      assertEquals(
          "Unknown type v.nope",
          invalid(s, "CREATE TABLE v.t2 (k int PRIMARY KEY, p frozen<nope>)"));
      assertTrue(
          invalid(s, "CREATE TABLE v.t3 (k int PRIMARY KEY, p point)")
              .contains("non-frozen user-defined type columns"));
      assertTrue(invalid(s, "ALTER TYPE v.point ADD z int").contains("ALTER TYPE"));
      assertEquals(
          "Cannot drop user type v.point as it is still used by t",
          invalid(s, "DROP TYPE v.point"));
      assertEquals(
          "A user type cannot contain non-frozen UDTs",
          invalid(s, "CREATE TYPE v.line (a point, b frozen<point>)"));
      assertTrue(s.execute("SELECT * FROM v.t").all().isEmpty(), "nothing was written");

      // a frozen user type as the partition key; as a clustering column it is refused
      s.execute("CREATE TABLE v.byp (p frozen<point>, n int, PRIMARY KEY ((p, n)))");
      s.execute("INSERT INTO v.byp (p, n) VALUES ({x: 1, y: 2}, 3)");
      assertEquals(
          1, s.execute("SELECT * FROM v.byp WHERE p = {x: 1, y: 2} AND n = 3").all().size());
      assertTrue(s.execute("SELECT * FROM v.byp WHERE p = {x: 1} AND n = 3").all().isEmpty());
      assertTrue(
          invalid(s, "CREATE TABLE v.byc (k int, c frozen<point>, PRIMARY KEY (k, c))")
              .contains("clustering columns of type frozen<point>"));
      s.execute("DROP TABLE v.byp");

      s.execute("DROP TABLE v.t");
      s.execute("DROP TYPE v.point");
      assertEquals("Type 'v.point' doesn't exist", invalid(s, "DROP TYPE v.point"));
      s.execute("DROP TYPE IF EXISTS v.point");
      assertTrue(
          s.execute("SELECT * FROM system_schema.types WHERE keyspace_name = 'v'").all().isEmpty());
    }
  }
}
