package dev.orbit.node.sql.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.orbit.node.sql.SqlException;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Date/time and number text forms compared with what PostgreSQL 15 prints for the same input. */
class DateTimesTest {
  private static final ZoneId LA = ZoneId.of("America/Los_Angeles");
  private static final IoContext ISO = IoContext.DEFAULT.withZone(LA);
  private static final IoContext POSTGRES =
      new IoContext(0, 2, 0, LA, 1, true, DateTimes::nowMicros);

  private static String tstz(String in, IoContext out) {
    return DateTimes.format(DateTimes.parseTimestampTz(in, -1, ISO), out);
  }

  @Test
  void timestampsWithoutZoneAreReadInTheSessionZone() {
    assertEquals("1997-02-10 17:32:01-08", tstz("1997-02-10 17:32:01", ISO));
    assertEquals("Tue Jun 10 17:32:01 1997 PDT", tstz("1997-06-10 17:32:01", POSTGRES));
    assertEquals("1997-02-10 14:32:01-08", tstz("1997-02-10 17:32:01 America/New_York", ISO));
    assertEquals("Wed Mar 15 08:14:01 2000 PST", tstz("2000-03-15 08:14:01 GMT+8", POSTGRES));
  }

  @Test
  void manyInputFormsAreUnderstood() {
    assertEquals("1999-01-08", DateTimes.format(DateTimes.parseDate("January 8, 1999", ISO), ISO));
    assertEquals("1999-01-08", DateTimes.format(DateTimes.parseDate("J2451187", ISO), ISO));
    assertEquals(
        "0099-01-08 BC", DateTimes.format(DateTimes.parseDate("January 8, 99 BC", ISO), ISO));
    assertEquals("Fri Jan 08 04:05:06.789 1999 PST", tstz("1999-01-08 04:05:06.789", POSTGRES));
    assertEquals("infinity", tstz("infinity", ISO));
  }

  @Test
  void badDatesFailWithPostgresMessages() {
    SqlException e = assertThrows(SqlException.class, () -> DateTimes.parseDate("2000-02-30", ISO));
    assertEquals("date/time field value out of range: \"2000-02-30\"", e.getMessage());
    SqlException f = assertThrows(SqlException.class, () -> DateTimes.parseDate("99-Jan-08", ISO));
    assertEquals("Perhaps you need a different \"datestyle\" setting.", f.hint());
  }

  @Test
  void intervalsPrintInEachIntervalStyle() {
    DateTimeValues.PgInterval v = DateTimes.parseInterval("-1 +2:03", -1, ISO);
    assertEquals("-1 days +02:03:00", DateTimes.format(v, ISO));
    IoContext verbose = new IoContext(1, 2, 1, LA, 1, true, DateTimes::nowMicros);
    assertEquals("@ 1 day -2 hours -3 mins ago", DateTimes.format(v, verbose));
    assertEquals(
        "1 year 2 mons 3 days 04:05:06",
        DateTimes.format(DateTimes.parseInterval("P1Y2M3DT4H5M6S", -1, ISO), ISO));
  }

  @Test
  void floatsPrintTheirShortestExactForm() {
    assertEquals("1.2345678901234e+200", Floats.format(1.2345678901234e+200));
    assertEquals("1e-05", Floats.format(1e-5));
    assertEquals("1e+15", Floats.format(1e15));
    assertEquals("123456.7", Floats.format(123456.7f));
    assertEquals("1e+06", Floats.format(1e6f));
  }

  @Test
  void numericDivisionUsesPostgresScale() {
    assertEquals(
        "0.33333333333333333333",
        Numerics.format(Numerics.divide(Numerics.parse("1"), Numerics.parse("3"))));
    assertEquals(
        "5.0000000000000000",
        Numerics.format(Numerics.divide(Numerics.parse("10"), Numerics.parse("2"))));
    SqlException e =
        assertThrows(
            SqlException.class,
            () -> Numerics.applyTypmod(Numerics.parse("1000"), Numerics.typmod(5, 2)));
    assertEquals("numeric field overflow", e.getMessage());
  }

  @Test
  void integerArithmeticOverflowsPerType() {
    SqlException e =
        assertThrows(SqlException.class, () -> Ints.add(Integer.MAX_VALUE, 1, PgType.INT4));
    assertEquals("integer out of range", e.getMessage());
    assertEquals(-32768L, Ints.parse("-32768", PgType.INT2));
  }
}
