package dev.orbit.node.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Elements of a typed array are checked and normalised by the element type's own input conversion,
 * as PostgreSQL 15's array_in does (expected values are PostgreSQL 15's): a bad element fails with
 * the scalar error, a good one is returned in the element type's output form.
 */
class TypedArrayElementsTest extends SqlTestCase {
  private void fails(String sql, String stateAndMessage) {
    SqlException e = assertThrows(SqlException.class, () -> db.run(sql));
    assertEquals(stateAndMessage, e.sqlState() + " " + e.getMessage());
  }

  @Test
  void castOfABadElementFailsLikeTheScalarCast() {
    fails("select '{1.5}'::int[]", "22P02 invalid input syntax for type integer: \"1.5\"");
    fails("select '{1,x}'::int[]", "22P02 invalid input syntax for type integer: \"x\"");
    fails("select '{99999}'::int2[]", "22003 value \"99999\" is out of range for type smallint");
    fails("select '{\"NULL\"}'::int[]", "22P02 invalid input syntax for type integer: \"NULL\"");
    fails("select '{maybe}'::bool[]", "22P02 invalid input syntax for type boolean: \"maybe\"");
  }

  @Test
  void castReturnsElementsInTheirOutputForm() {
    assertEquals("{1.1}", db.one("select '{1.10}'::float8[]"));
    assertEquals("{1,NULL,-3}", db.one("select '{ 01 ,NULL, \"-3\"}'::int[]"));
    assertEquals("{1.10,NULL,2}", db.one("select '{1.10,null,2}'::numeric[]"));
    assertEquals("{t,f,t}", db.one("select '{t,FALSE,yes}'::bool[]"));
    assertEquals("{2020-01-02}", db.one("select '{2020-01-02}'::date[]"));
    assertEquals("{}", db.one("select '{}'::int8[]"));
    assertEquals("{x,\"a b\",NULL}", db.one("select '{x,\"a b\",NULL}'::text[]"));
  }

  @Test
  void insertIntoTypedArrayColumnsChecksAndNormalisesElements() {
    db.run("create table t (id int primary key, i int[], f float8[], b bool[], d date[])");
    fails(
        "insert into t (id, i) values (1, '{1.5}')",
        "22P02 invalid input syntax for type integer: \"1.5\"");
    fails(
        "insert into t (id, b) values (1, '{x}')",
        "22P02 invalid input syntax for type boolean: \"x\"");
    db.run("insert into t values (1, '{01,2}', '{1.10,NULL}', '{yes,off}', '{2020-1-2}')");
    fails(
        "update t set i = '{99999999999}'",
        "22003 value \"99999999999\" is out of range for type integer");
    assertEquals(
        List.of(List.of("1", "{1,2}", "{1.1,NULL}", "{t,f}", "{2020-01-02}")),
        db.rows("select id, i, f, b, d from t"));
  }
}
