package dev.orbit.node.sql;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A test with a fresh SQL engine ({@link #db}) on its own folder for each test method. */
abstract class SqlTestCase {
  @TempDir Path dir;
  SqlFixture db;

  @BeforeEach
  void open() {
    db = new SqlFixture(dir);
  }

  @AfterEach
  void close() {
    db.close();
  }
}
