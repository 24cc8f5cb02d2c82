package dev.orbit.node.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.orbit.node.storage.MergedScan;
import org.junit.jupiter.api.Test;

/** ADD PRIMARY KEY re-keys every row, refuses duplicates in any order, and drops the old copy. */
class AlterPrimaryKeyTest extends SqlTestCase {
  @Test
  void aDuplicateFarOutOfOrderIsRefusedAndTheTableKept() {
    db.run("create table d (k int, v int)");
    db.run("insert into d select 12001 - g, g from generate_series(1, 12000) g");
    db.run("insert into d values (7, 0)");
    SqlException dup =
        assertThrows(SqlException.class, () -> db.run("alter table d add primary key (k)"));
    assertEquals("23505", dup.sqlState());
    assertEquals("12001", db.one("select count(*) from d"));
    assertEquals("Seq Scan on d", db.plan("select * from d where k = 7"));
  }

  @Test
  void aNullKeyIsRefusedAndADefaultedKeyColumnIsKeyedByItsDefault() {
    db.run("create table n (k int, v int)");
    db.run("insert into n values (1, 1), (null, 2)");
    SqlException nul =
        assertThrows(SqlException.class, () -> db.run("alter table n add primary key (k)"));
    assertEquals("23502", nul.sqlState());
    db.run("create table m (v int)");
    db.run("insert into m values (42)");
    db.run("alter table m add column k int default 7");
    db.run("alter table m add primary key (k)");
    assertEquals("Point Get on m using m_pkey", db.plan("select v from m where k = 7"));
    assertEquals("42", db.one("select v from m where k = 7"));
  }

  @Test
  void rowsKeepTheirValuesUnderTheNewKeyAndTheOldCopyIsRemoved() {
    db.run("create table a (id int, filler text, n bigint)");
    db.run("insert into a select g, 'row' || g, g * 10 from generate_series(1, 12000) g");
    db.run("insert into a values (0, null, null)");
    byte[] oldRows = db.engine.catalog().find("orbit", "a").rowPrefix();
    db.run("alter table a add primary key (id)");
    assertEquals("Point Get on a using a_pkey", db.plan("select * from a where id = 1"));
    assertEquals(
        "row9999|99990",
        String.join("|", db.rows("select filler, n from a where id = 9999").get(0)));
    assertEquals("12001", db.one("select count(*) from a"));
    assertEquals(null, db.rows("select filler from a where id = 0").get(0).get(0));
    db.engine.close(); // waits for the background removal
    try (MergedScan s = db.storage.store("postgres").scan(oldRows, Bytes.prefixEnd(oldRows))) {
      assertFalse(s.hasNext(), "the rows under the old table id are gone");
    }
  }

  @Test
  void aDuplicateNextToItsTwinInKeyOrderIsRefusedAndTheTableKept() {
    // keys in ascending order go straight into files; an equal neighbour is the one duplicate
    // that order alone can show
    db.run("create table e (k int, v int)");
    db.run("insert into e select g, g from generate_series(1, 40000) g");
    db.run("insert into e values (40000, 0)");
    db.run("insert into e select g, g from generate_series(40001, 70000) g");
    SqlException dup =
        assertThrows(SqlException.class, () -> db.run("alter table e add primary key (k)"));
    assertEquals("23505", dup.sqlState());
    assertEquals("70001", db.one("select count(*) from e"));
    assertEquals("Seq Scan on e", db.plan("select * from e where k = 7"));
  }

  @Test
  void keysThatStopAscendingPartWayAreAllKeyed() {
    db.run("create table u (k int, v text)");
    db.run("insert into u select g, 'up' || g from generate_series(1, 40000) g");
    db.run("insert into u select 100000 - g, 'down' || g from generate_series(1, 30000) g");
    db.run("insert into u values (50000, 'middle')");
    db.run("alter table u add primary key (k)");
    assertEquals("70001", db.one("select count(*) from u"));
    assertEquals("up39999", db.one("select v from u where k = 39999"));
    assertEquals("down1", db.one("select v from u where k = 99999"));
    assertEquals("middle", db.one("select v from u where k = 50000"));
    assertEquals("70001", db.one("select count(*) from (select distinct k from u) d"));
    SqlException dup =
        assertThrows(SqlException.class, () -> db.run("insert into u values (50000, 'again')"));
    assertEquals("23505", dup.sqlState());
  }
}
