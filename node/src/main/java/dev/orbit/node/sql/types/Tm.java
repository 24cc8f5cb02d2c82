package dev.orbit.node.sql.types;

/** Broken-down date and time (PostgreSQL's struct pg_tm plus its fractional seconds). */
final class Tm {
  int year;
  int mon;
  int mday;
  int hour;
  int min;
  int sec;

  /** Microseconds. */
  long fsec;

  int isdst = -1;
  int wday;
  int yday;

  /** Offset in seconds west of Greenwich (PostgreSQL's tz convention), when known. */
  int tz;

  /** Zone abbreviation for output, or null. */
  String zone;

  Tm copy() {
    Tm t = new Tm();
    t.year = year;
    t.mon = mon;
    t.mday = mday;
    t.hour = hour;
    t.min = min;
    t.sec = sec;
    t.fsec = fsec;
    t.isdst = isdst;
    t.wday = wday;
    t.yday = yday;
    t.tz = tz;
    t.zone = zone;
    return t;
  }
}
