package dev.orbit.node.protocol.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orbit.node.TestNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Typed array columns ({@code int[]}, {@code numeric(5,2)[]}, {@code uuid[]} …) are reported as
 * PostgreSQL 15 reports them — pg_attribute, format_type, information_schema, pg_type, the type
 * OIDs of result columns (text and binary), pgjdbc's metadata — and pg_dump writes them as such.
 * Every expected value below is what PostgreSQL 15.18 answered for the same statements.
 */
class PgTypedArraysIT {
  @TempDir Path dir;

  private static final String TABLE =
      "create table ta (id int primary key, a int[], b bigint[], c numeric(5,2)[], d bool[],"
          + " e date[], f timestamp[], g uuid[], h text[], i varchar[], j float8[], k jsonb[],"
          + " l smallint[], m timestamptz[], n real[])";

  private static final String ROW =
      "insert into ta values (1, '{1,NULL,3}', '{9000000000}', '{1.5}', '{t,f}', '{2024-02-29}',"
          + " '{\"2024-01-02 03:04:05.5\"}', '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}',"
          + " '{x,\"y z\"}', '{v}', '{1.25,-2}', '{\"{\\\"k\\\": 1}\"}', '{7}',"
          + " '{\"2024-01-02 03:04:05+00\"}', '{0.5}')";

  /** pgjdbc's view of each array column of a row: type name, base type, Java elements, text. */
  private static final List<String> COLUMNS =
      List.of(
          "_int4:2003:int4:Integer[1, null, 3]",
          "_int8:2003:int8:Long[9000000000]",
          "_numeric:2003:numeric:BigDecimal[1.50]",
          "_bool:2003:bool:Boolean[true, false]",
          "_date:2003:date:Date[2024-02-29]",
          "_timestamp:2003:timestamp:Timestamp[2024-01-02 03:04:05.5]",
          "_uuid:2003:uuid:UUID[a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11]",
          "_text:2003:text:String[x, y z]",
          "_varchar:2003:varchar:String[v]",
          "_float8:2003:float8:Double[1.25, -2.0]",
          "_jsonb:2003:jsonb:String[{\"k\": 1}]",
          "_int2:2003:int2:Short[7]",
          "_timestamptz:2003:timestamptz:Timestamp[2024-01-02 03:04:05.0]",
          "_float4:2003:float4:Float[0.5]");

  private static Connection connect(TestNode node, boolean binary) throws Exception {
    Properties p = new Properties();
    p.setProperty("user", "orbit");
    p.setProperty("password", PgFixture.PASSWORD);
    p.setProperty("options", "-c TimeZone=UTC");
    if (binary) {
      p.setProperty("prepareThreshold", "-1"); // pgjdbc asks for binary results at once
    }
    return DriverManager.getConnection(PgFixture.url(node, "orbit"), p);
  }

  private static List<String> arrayColumns(Connection c) throws Exception {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("select * from ta where id = ?")) {
      ps.setInt(1, 1);
      try (ResultSet rs = ps.executeQuery()) {
        ResultSetMetaData md = rs.getMetaData();
        assertTrue(rs.next());
        for (int i = 2; i <= md.getColumnCount(); i++) {
          Array arr = rs.getArray(i);
          Object[] items = (Object[]) arr.getArray();
          out.add(
              md.getColumnTypeName(i)
                  + ":"
                  + md.getColumnType(i)
                  + ":"
                  + arr.getBaseTypeName()
                  + ":"
                  + items.getClass().getComponentType().getSimpleName()
                  + Arrays.deepToString(items));
        }
      }
    }
    return out;
  }

  @Test
  void arrayColumnsReachPgjdbcWithTheirArrayTypesInTextAndBinary() throws Exception {
    try (TestNode node = PgFixture.start(dir.resolve("data"));
        Connection c = connect(node, false);
        Connection bin = connect(node, true);
        Statement st = c.createStatement()) {
      st.execute(TABLE);
      st.execute(ROW);
      List<String> meta = new ArrayList<>();
      try (ResultSet rs = c.getMetaData().getColumns(null, "public", "ta", null)) {
        while (rs.next()) {
          meta.add(
              rs.getString("COLUMN_NAME")
                  + "|"
                  + rs.getInt("DATA_TYPE")
                  + "|"
                  + rs.getString("TYPE_NAME")
                  + "|"
                  + rs.getString("COLUMN_SIZE")
                  + "|"
                  + rs.getString("DECIMAL_DIGITS"));
        }
      }
      assertEquals(
          List.of(
              "id|4|int4|10|0",
              "a|2003|_int4|10|0",
              "b|2003|_int8|19|0",
              "c|2003|_numeric|5|2",
              "d|2003|_bool|1|0",
              "e|2003|_date|13|0",
              "f|2003|_timestamp|29|6",
              "g|2003|_uuid|2147483647|0",
              "h|2003|_text|2147483647|0",
              "i|2003|_varchar|2147483647|0",
              "j|2003|_float8|17|17",
              "k|2003|_jsonb|2147483647|0",
              "l|2003|_int2|5|0",
              "m|2003|_timestamptz|35|6",
              "n|2003|_float4|8|8"),
          meta);
      assertEquals(COLUMNS, arrayColumns(c));
      assertEquals(COLUMNS, arrayColumns(bin)); // binary results: array_send's form
      // primitive Java arrays go as binary parameters (array_recv's form)
      try (PreparedStatement ps =
          bin.prepareStatement("insert into ta (id, a, b, j, h) values (?, ?, ?, ?, ?)")) {
        ps.setInt(1, 2);
        ps.setObject(2, new int[] {2, 5});
        ps.setObject(3, new long[] {2, 6L});
        ps.setObject(4, new double[] {2, 0.5});
        ps.setArray(5, bin.createArrayOf("text", new String[] {"q", null}));
        ps.executeUpdate();
      }
      assertEquals(
          List.of(List.of("{2,5}", "{2,6}", "{2,0.5}", "{q,NULL}")),
          PgFixture.rows(st, "select a, b, j, h from ta where id = 2"));
    }
  }

  @Test
  void catalogsNameTheArrayTypes() throws Exception {
    try (TestNode node = PgFixture.start(dir.resolve("data"));
        Connection c = connect(node, false);
        Statement st = c.createStatement()) {
      st.execute(TABLE);
      assertEquals(
          List.of(
              List.of("a", "1007", "-1", "1", "integer[]"),
              List.of("b", "1016", "-1", "1", "bigint[]"),
              List.of("c", "1231", "327686", "1", "numeric(5,2)[]"),
              List.of("d", "1000", "-1", "1", "boolean[]"),
              List.of("e", "1182", "-1", "1", "date[]"),
              List.of("f", "1115", "-1", "1", "timestamp without time zone[]"),
              List.of("g", "2951", "-1", "1", "uuid[]"),
              List.of("h", "1009", "-1", "1", "text[]"),
              List.of("i", "1015", "-1", "1", "character varying[]"),
              List.of("j", "1022", "-1", "1", "double precision[]"),
              List.of("k", "3807", "-1", "1", "jsonb[]"),
              List.of("l", "1005", "-1", "1", "smallint[]"),
              List.of("m", "1185", "-1", "1", "timestamp with time zone[]"),
              List.of("n", "1021", "-1", "1", "real[]")),
          PgFixture.rows(
              st,
              "select attname, atttypid, atttypmod, attndims, format_type(atttypid, atttypmod)"
                  + " from pg_attribute where attrelid = 'ta'::regclass and attnum > 1"
                  + " order by attnum"));
      assertEquals(
          List.of(
              List.of("a", "ARRAY", "_int4"),
              List.of("b", "ARRAY", "_int8"),
              List.of("c", "ARRAY", "_numeric"),
              List.of("d", "ARRAY", "_bool"),
              List.of("e", "ARRAY", "_date"),
              List.of("f", "ARRAY", "_timestamp"),
              List.of("g", "ARRAY", "_uuid"),
              List.of("h", "ARRAY", "_text"),
              List.of("i", "ARRAY", "_varchar"),
              List.of("j", "ARRAY", "_float8"),
              List.of("k", "ARRAY", "_jsonb"),
              List.of("l", "ARRAY", "_int2"),
              List.of("m", "ARRAY", "_timestamptz"),
              List.of("n", "ARRAY", "_float4")),
          PgFixture.rows(
              st,
              "select column_name, data_type, udt_name from information_schema.columns"
                  + " where table_name = 'ta' and column_name <> 'id' order by ordinal_position"));
      assertEquals(
          List.of(
              List.of("_int4", "23", "A", "0"),
              List.of("_numeric", "1700", "A", "0"),
              List.of("int4", "0", "N", "1007"),
              List.of("numeric", "0", "N", "1231")),
          PgFixture.rows(
              st,
              "select typname, typelem, typcategory, typarray from pg_type"
                  + " where typname in ('int4', '_int4', 'numeric', '_numeric') order by typname"));
      // expressions are typed as in PostgreSQL: result columns carry the array type's OID
      try (ResultSet rs =
          st.executeQuery(
              "select '{1}'::int[], array[1, 2], array[1, 2.5], array[1::int8, 2],"
                  + " array['a', 'b'], a[1], (select array_agg(x) from (values (1)) v(x)) as agg"
                  + " from (select '{7}'::int[] as a) s")) {
        ResultSetMetaData md = rs.getMetaData();
        List<String> types = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          types.add(md.getColumnName(i) + ":" + md.getColumnTypeName(i));
        }
        assertEquals(
            List.of(
                "int4:_int4",
                "array:_int4",
                "array:_numeric",
                "array:_int8",
                "array:_text",
                "a:int4",
                "agg:_int4"),
            types);
      }
      // an array of a type with no array support here is refused, never reported as text[]
      for (String t : List.of("interval[]", "regclass[]", "time[]", "serial[]")) {
        assertEquals("0A000", PgFixture.sqlState(st, "create table bad (x " + t + ")"), t);
      }
    }
  }

  @Test
  void pgDumpWritesArrayColumnsAsPostgresDoesAndTheDumpRestores() throws Exception {
    assumeTrue(PgTools.installed("pg_dump") && PgTools.installed("psql"), "pg_dump/psql missing");
    try (TestNode node = PgFixture.start(dir.resolve("data"))) {
      PgFixture.psql(node, "orbit", "-c", TABLE, "-c", ROW);
      Path dump = dir.resolve("arrays.sql");
      assertEquals(
          "", PgTools.run(node.postgresPort(), "pg_dump", "-d", "orbit", "-f", dump.toString()));
      String text = Files.readString(dump, StandardCharsets.UTF_8);
      // pg_dump 15 against PostgreSQL 15.18, same DDL and row
      assertTrue(
          text.contains(
              "CREATE TABLE public.ta (\n"
                  + "    id integer NOT NULL,\n"
                  + "    a integer[],\n"
                  + "    b bigint[],\n"
                  + "    c numeric(5,2)[],\n"
                  + "    d boolean[],\n"
                  + "    e date[],\n"
                  + "    f timestamp without time zone[],\n"
                  + "    g uuid[],\n"
                  + "    h text[],\n"
                  + "    i character varying[],\n"
                  + "    j double precision[],\n"
                  + "    k jsonb[],\n"
                  + "    l smallint[],\n"
                  + "    m timestamp with time zone[],\n"
                  + "    n real[]\n"
                  + ");\n"),
          text);
      assertTrue(
          text.contains(
              "1\t{1,NULL,3}\t{9000000000}\t{1.50}\t{t,f}\t{2024-02-29}\t{\"2024-01-02"
                  + " 03:04:05.5\"}\t{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}\t{x,\"y z\"}\t{v}"
                  + "\t{1.25,-2}\t{\"{\\\\\"k\\\\\": 1}\"}\t{7}\t{\"2024-01-02 03:04:05+00\"}\t{0.5}\n"),
          text);
      PgFixture.psql(node, "orbit", "-c", "create database copy");
      assertEquals("", PgFixture.psql(node, "copy", "-o", "/dev/null", "-f", dump.toString()));
      Path again = dir.resolve("copy.sql");
      assertEquals(
          "", PgTools.run(node.postgresPort(), "pg_dump", "-d", "copy", "-f", again.toString()));
      assertEquals(
          text.replaceAll("(?m)^\\\\(un)?restrict \\S+$", ""),
          Files.readString(again).replaceAll("(?m)^\\\\(un)?restrict \\S+$", ""));
      assertEquals(
          "integer[]",
          PgFixture.psql(
                  node,
                  "copy",
                  "-A",
                  "-t",
                  "-c",
                  "select format_type(atttypid, atttypmod) from pg_attribute"
                      + " where attrelid = 'ta'::regclass and attname = 'a'")
              .trim());
    }
  }
}
