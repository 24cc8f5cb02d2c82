package dev.orbit.node.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** UPDATE … FROM and DELETE … USING give PostgreSQL 15.18's results on the same statements. */
class UpdateFromDeleteUsingTest extends SqlTestCase {
  @BeforeEach
  void tables() {
    db.run("create table t (id int primary key, a int, b text)");
    db.run("create table s (id int, v int, b text)");
    db.run("insert into t values (1, 10, 'x'), (2, 20, 'y'), (3, 30, 'z')");
    db.run("insert into s values (1, 100, 'p'), (2, 200, 'q'), (2, 201, 'q'), (4, 400, 'r')");
  }

  private List<String> rows(String sql) {
    return db.rows(sql).stream()
        .map(r -> String.join("|", r.stream().map(v -> v == null ? "null" : v).toList()))
        .toList();
  }

  private void fails(String sql, String state, String message) {
    SqlException e = assertThrows(SqlException.class, () -> db.run(sql));
    assertEquals(state + " " + message, e.sqlState() + " " + e.getMessage());
  }

  @Test
  void updateFromJoinsEachTargetRowWithItsMatch() {
    assertEquals(
        "UPDATE 2",
        db.run("update t set a = s.v + t.a from s where t.id = s.id and s.v < 201").tag);
    assertEquals(List.of("1|110|x", "2|220|y", "3|30|z"), rows("select * from t order by id"));
    assertEquals(
        List.of("1|100|p"),
        rows(
            "update t as x set a = v, b = s.b from s where x.id = s.id and s.id = 1 returning x.*"));
    assertEquals(
        "UPDATE 1",
        db.run("update t set a = default, b = 'k' from (select 3 as id) q where q.id = t.id").tag);
    assertEquals("UPDATE 0", db.run("update t set a = -1 from s where s.id = 99").tag);
    // an uncorrelated match updates every target row the rest of WHERE keeps
    assertEquals("UPDATE 2", db.run("update t set a = 5 from s where s.id = 4 and t.id > 1").tag);
    assertEquals(List.of("1|100|p", "2|5|y", "3|5|k"), rows("select * from t order by id"));
  }

  @Test
  void deleteUsingDeletesRowsWithAMatch() {
    assertEquals("DELETE 1", db.run("delete from t using s where t.id = s.id and s.v = 100").tag);
    assertEquals(
        List.of("3"),
        rows("delete from t x using s, (select 3 as id) q where x.id = q.id returning x.id"));
    assertEquals(
        List.of("2"),
        rows("delete from t using (select 2 as id) s where t.id = s.id returning t.id"));
    assertEquals(List.of(), rows("select * from t"));
  }

  @Test
  void refusedAsPostgresRefusesThem() {
    fails(
        "update t set a = 0 from s where id = s.id",
        "42702",
        "column reference \"id\" is ambiguous");
    fails(
        "update t set a = 0 from s where b = 'p'", "42702", "column reference \"b\" is ambiguous");
    fails("update t set a = 0 from t", "42712", "table name \"t\" specified more than once");
    fails(
        "update t set a = 0 from s t where t.id = 1",
        "42712",
        "table name \"t\" specified more than once");
    fails("delete from t using s where id = 1", "42702", "column reference \"id\" is ambiguous");
    // PostgreSQL returns the USING tables' columns too; not built, so refused
    assertEquals(
        "0A000",
        assertThrows(
                SqlException.class,
                () -> db.run("delete from t using s where t.id = s.id returning *"))
            .sqlState());
    fails("delete from t returning q.*", "42P01", "missing FROM-clause entry for table \"q\"");
    fails(
        "update t set a = v.* from (values (100, 20)) as v(i, j) where t.id = v.i",
        "42804",
        "column \"a\" is of type integer but expression is of type record");
    assertEquals(List.of("1|10|x", "2|20|y", "3|30|z"), rows("select * from t order by id"));
  }
}
