package dev.orbit.node.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Array features PostgreSQL 15 has and Orbit does not are refused with 0A000 instead of giving a
 * different answer (both cases come from PostgreSQL's {@code arrays} regression file: {@code UPDATE
 * arrtest SET e[1] = '2.2'} overwrote the whole array, {@code char(5)[]} stored {@code "too
 * long"}).
 */
class ArrayRefusalTest extends SqlTestCase {
  @BeforeEach
  void table() {
    db.run("create table arr (id int primary key, e float8[], t text[])");
    db.run("insert into arr values (1, '{1.5,2.5}', '{x,y}')");
  }

  private void refused(String sql, String message) {
    SqlException e = assertThrows(SqlException.class, () -> db.run(sql));
    assertEquals("0A000 " + message, e.sqlState() + " " + e.getMessage());
  }

  private List<List<String>> all() {
    return db.rows("select id, e, t from arr order by id");
  }

  @Test
  void assignmentToAnArrayElementOrSliceIsRefusedAndChangesNothing() {
    String msg = "assignment to an array element or slice is not supported";
    refused("update arr set e[1] = '2.2'", msg);
    refused("update arr set e[0] = '1.1'", msg);
    refused("update arr set t[1:2] = '{a,b}'", msg);
    refused("update arr set id = 2, t[3] = 'z' where id = 1", msg);
    refused("insert into arr (id, t[1]) values (2, 'a')", msg);
    refused("insert into arr values (1) on conflict (id) do update set t[1] = 'a'", msg);
    assertEquals(List.of(List.of("1", "{1.5,2.5}", "{x,y}")), all());
    assertEquals("UPDATE 1", db.run("update arr set t = '{a,b}'").tag);
    assertEquals(List.of(List.of("1", "{1.5,2.5}", "{a,b}")), all());
  }

  @Test
  void lengthLimitedCharacterArraysAreRefused() {
    refused(
        "create table f (f char(5)[])",
        "type char(5)[] (a length-limited character array) is not supported");
    refused(
        "create table g (g character varying(5)[])",
        "type character varying(5)[] (a length-limited character array) is not supported");
    refused(
        "create table h (h character[])",
        "type character[] (a length-limited character array) is not supported");
    refused(
        "alter table arr add column g varchar(5)[]",
        "type varchar(5)[] (a length-limited character array) is not supported");
    refused(
        "select '{abcdefg}'::varchar(5)[]",
        "type varchar(5)[] (a length-limited character array) is not supported");
    refused(
        "select cast('{ab}' as char(5)[])",
        "type char(5)[] (a length-limited character array) is not supported");
    refused(
        "create table c (c \"char\"[])",
        "type \"char\"[] (a length-limited character array) is not supported");
    assertThrows(SqlException.class, () -> db.run("select * from f"));
    db.run("create table ok (v varchar[], b bpchar[])");
    db.run("insert into ok values ('{\"too long\"}', '{ab}')");
    assertEquals(List.of(List.of("{\"too long\"}", "{ab}")), db.rows("select * from ok"));
  }
}
