package dev.orbit.node.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlEngineTest extends SqlTestCase {
  @Test
  void parameterTypesAreInferredFromTheirTargetColumns() {
    db.run("create table kv (k bigint primary key, d date, ts timestamp, n numeric(5,2), t text)");
    Session.Prepared p =
        db.session.prepare(
            "insert into kv (k, d, ts, n, t) values ($1, $2, $3, $4, $5)", new int[0]);
    assertArrayEquals(
        new PgType[] {PgType.INT8, PgType.DATE, PgType.TIMESTAMP, PgType.NUMERIC, PgType.TEXT},
        p.parameterTypes());
    Session.Prepared q = db.session.prepare("select t from kv where k = $1 and n > $2", new int[0]);
    assertArrayEquals(new PgType[] {PgType.INT8, PgType.NUMERIC}, q.parameterTypes());
  }

  @Test
  void primaryKeyLookupsAndRangesNeverScanTheTable() {
    db.run("create table t (a int, b int, c text, primary key (a, b))");
    db.run("insert into t select g, g % 3, 'x' from generate_series(1, 50) g");
    assertEquals("Point Get on t using t_pkey", db.plan("select * from t where a = 5 and b = 2"));
    assertEquals("Range Scan on t using t_pkey", db.plan("select * from t where a = 5"));
    assertEquals(
        "Range Scan on t using t_pkey", db.plan("select * from t where a between 3 and 7"));
    assertEquals("Multi Get on t using t_pkey", db.plan("select * from t where a in (1, 2)"));
    assertEquals("Seq Scan on t", db.plan("select * from t where c = 'x'"));
    assertEquals(
        List.of(List.of("3"), List.of("4"), List.of("5")),
        db.rows("select a from t where a > 2 and a <= 5 order by a"));
    assertEquals("1", db.one("select count(*) from t where a = 5 and b = 2"));
    assertEquals(
        "Update on t\n  -> Point Get on t using t_pkey",
        db.plan("update t set c = 'y' where a = 1 and b = 1"));
  }

  @Test
  void joinsGroupingSubqueriesAndExpressions() {
    db.run("create table dept (id int primary key, name text)");
    db.run("create table emp (id serial primary key, dept int, name text, salary int)");
    db.run("insert into dept values (1, 'eng'), (2, 'ops'), (3, 'empty')");
    db.run(
        "insert into emp (dept, name, salary) values (1, 'Ann', 100), (1, 'Bob', 80),"
            + " (2, 'Cid', 70), (null, 'Dee', 50)");
    assertEquals(
        List.of(
            List.of("eng", "2", "180", "90.0000000000000000"),
            List.of("ops", "1", "70", "70.0000000000000000")),
        db.rows(
            "select d.name, count(*), sum(e.salary), avg(e.salary) from emp e join dept d on d.id ="
                + " e.dept group by d.name order by d.name"));
    assertEquals(
        List.of(
            java.util.Arrays.asList("empty", null),
            List.of("eng", "Ann"),
            List.of("eng", "Bob"),
            List.of("ops", "Cid")),
        db.rows(
            "select d.name, e.name from dept d left join emp e on e.dept = d.id order by 1, 2"));
    assertEquals(
        List.of(List.of("eng")),
        db.rows("select name from dept d group by name having count(*) > 0 and name like 'e%g'"));
    assertEquals(
        List.of(List.of("Ann"), List.of("Bob")),
        db.rows(
            "select name from emp where dept in (select id from dept where name = 'eng') order by name"));
    assertEquals(
        List.of(List.of("empty")),
        db.rows(
            "select name from dept d where not exists (select 1 from emp e where e.dept = d.id)"));
    assertEquals(
        List.of(List.of("1"), List.of("2")),
        db.rows("select distinct dept from emp where dept is not null order by 1"));
    assertEquals(
        List.of(List.of("Bob", "mid"), List.of("Cid", "low")),
        db.rows(
            "select name, case when salary >= 80 then 'mid' else 'low' end from emp where salary < 100"
                + " order by salary desc limit 2"));
    assertEquals(
        "3",
        db.one(
            "select count(*) from emp where name ilike '%_n%' or coalesce(dept, 0) = 0 or salary::text = '70'"));
    assertEquals("Cid", db.one("select name from emp order by salary desc offset 2 limit 1"));
    assertEquals(
        "100", db.one("select max(salary) from emp where salary > (select min(salary) from emp)"));
    assertEquals("0", db.one("select count(*) from emp where salary > 1000"));
    assertEquals(null, db.one("select sum(salary) from emp where salary > 1000"));
    assertEquals("4", db.one("select currval('emp_id_seq')"));
    assertEquals(
        "Seq Scan on emp\nPoint Get on dept using dept_pkey",
        db.plan("select e.name, d.name from emp e join dept d on d.id = e.dept"));
    assertEquals(
        List.of(List.of("Ann", "1"), List.of("Bob", "2"), List.of("Cid", "1")),
        db.rows(
            "select name, row_number() over (partition by dept order by salary desc) from emp"
                + " where dept is not null order by name"));
  }

  @Test
  void floorAndCeilKeepTheArgumentType() {
    assertEquals(
        List.of(List.of("7", "7", "2", "3", "-3", "-2", "2", "3")),
        db.rows(
            "select floor(7), ceil(7), floor(2.5::float8), ceiling(2.5::float8),"
                + " floor(-2.5), ceil(-2.5), floor(2.75::numeric), ceil(2.25::numeric)"));
  }

  @Test
  void insertOnConflictAndReturning() {
    db.run("create table c (k text primary key, n int default 0)");
    assertEquals(
        List.of(List.of("a", "1")), db.rows("insert into c values ('a', 1) returning k, n"));
    db.run("insert into c values ('a', 5) on conflict do nothing");
    assertEquals("1", db.one("select n from c where k = 'a'"));
    assertEquals(
        List.of(List.of("6")),
        db.rows(
            "insert into c values ('a', 5) on conflict (k) do update set n = c.n + excluded.n returning n"));
    assertEquals(
        List.of(List.of("a", "12")), db.rows("update c set n = n * 2 where k = 'a' returning *"));
    assertEquals(List.of(List.of("a")), db.rows("delete from c where n > 10 returning k"));
    assertEquals("0", db.one("select count(*) from c"));
  }

  @Test
  void secondaryIndexesAreMaintainedAndUsed() {
    db.run("create table p (id int primary key, email text, age int)");
    db.run("insert into p select g, 'u' || g || '@x', g % 50 from generate_series(1, 200) g");
    db.run("create unique index p_email on p (email)");
    db.run("create index p_age on p (age)");
    assertEquals("Range Scan on p using p_email", db.plan("select id from p where email = 'u7@x'"));
    assertEquals("7", db.one("select id from p where email = 'u7@x'"));
    assertEquals(
        "Range Scan on p using p_age", db.plan("select id from p where age between 10 and 11"));
    assertEquals("8", db.one("select count(*) from p where age between 10 and 11"));
    db.run("update p set email = 'new@x', age = 99 where id = 7");
    assertEquals(List.of(), db.rows("select id from p where email = 'u7@x'"));
    assertEquals("7", db.one("select id from p where email = 'new@x'"));
    assertEquals("7", db.one("select id from p where age = 99"));
    db.run("delete from p where id = 7");
    assertEquals("0", db.one("select count(*) from p where age = 99"));
    SqlException dup =
        assertThrows(SqlException.class, () -> db.run("insert into p values (500, 'u8@x', 1)"));
    assertEquals("23505", dup.sqlState());
    assertTrue(dup.getMessage().contains("p_email"), dup.getMessage());
    SqlException build =
        assertThrows(SqlException.class, () -> db.run("create unique index p_age_u on p (age)"));
    assertEquals("23505", build.sqlState());
  }

  @Test
  void alterTableChangesColumnsNamesAndKeys() {
    db.run("create table a (x int, y text)");
    db.run("insert into a values (2, 'two'), (1, 'one'), (3, 'three')");
    assertEquals("Seq Scan on a", db.plan("select * from a where x = 1"));
    db.run("alter table a add primary key (x)");
    assertEquals("Point Get on a using a_pkey", db.plan("select * from a where x = 1"));
    assertEquals("one", db.one("select y from a where x = 1"));
    db.run("alter table a add column z int default 7");
    assertEquals(
        List.of(List.of("1", "7"), List.of("2", "7")),
        db.rows("select x, z from a where x < 3 order by x"));
    db.run("alter table a rename column y to label");
    assertEquals("two", db.one("select label from a where x = 2"));
    db.run("alter table a drop column z");
    assertEquals(
        "42703", assertThrows(SqlException.class, () -> db.run("select z from a")).sqlState());
    db.run("alter table a rename to b");
    assertEquals(
        "42P01", assertThrows(SqlException.class, () -> db.run("select * from a")).sqlState());
    assertEquals("3", db.one("select count(*) from b"));
    db.run("create table d (k int, v int)");
    db.run("insert into d values (1, 1), (1, 2)");
    assertEquals(
        "23505",
        assertThrows(SqlException.class, () -> db.run("alter table d add primary key (k)"))
            .sqlState());
    assertEquals("2", db.one("select count(*) from d"));
    db.run("truncate d");
    assertEquals("0", db.one("select count(*) from d"));
  }

  @Test
  void unsupportedFeaturesAnswer0A000NamingThem() {
    db.run("create table w (id int primary key)");
    SqlException window =
        assertThrows(SqlException.class, () -> db.run("select lag(id) over () from w"));
    assertEquals("0A000", window.sqlState());
    assertTrue(window.getMessage().contains("window"), window.getMessage());
    SqlException cte =
        assertThrows(
            SqlException.class,
            () -> db.run("with x as (delete from w returning id) select * from x"));
    assertEquals("0A000", cte.sqlState());
    assertTrue(cte.getMessage().contains("WITH"), cte.getMessage());
    SqlException iso =
        assertThrows(SqlException.class, () -> db.run("begin isolation level serializable"));
    assertEquals("0A000", iso.sqlState());
    assertTrue(iso.getMessage().contains("SERIALIZABLE"), iso.getMessage());
    db.run("begin isolation level read committed");
    db.run("commit");
    SqlException fk =
        assertThrows(
            SqlException.class,
            () -> db.run("create table f (id int references w(id) on delete set default)"));
    assertEquals("0A000", fk.sqlState());
    assertTrue(fk.getMessage().contains("ON DELETE SET DEFAULT"), fk.getMessage());
  }
}
