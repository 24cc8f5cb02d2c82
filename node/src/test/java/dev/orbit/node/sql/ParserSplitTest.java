package dev.orbit.node.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A query string splits into statements at semicolons outside quotes and comments. */
class ParserSplitTest {
  @Test
  void oneStatementWithOrWithoutItsSemicolon() {
    assertEquals(List.of("select 1"), Parser.split("select 1;"));
    assertEquals(List.of("select 1"), Parser.split("  select 1  ;  \n"));
    assertEquals(List.of("BEGIN"), Parser.split("BEGIN"));
    assertEquals(List.of(), Parser.split("  "));
    assertEquals(List.of(), Parser.split(";"));
  }

  @Test
  void semicolonsInQuotesAndCommentsDoNotSplit() {
    assertEquals(List.of("select ';'"), Parser.split("select ';'"));
    assertEquals(List.of("select 'a;b'", "select 2"), Parser.split("select 'a;b'; select 2;"));
    assertEquals(List.of("select 1", "select 2"), Parser.split("select 1; -- x;y\n select 2"));
    assertEquals(List.of("select \"a;\""), Parser.split("select \"a;\";"));
  }
}
