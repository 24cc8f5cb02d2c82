package dev.orbit.node.sql.types;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Time zone names as PostgreSQL accepts them: IANA names in any letter case, and fixed offsets. */
public final class Zones {
  private static final Map<String, String> BY_LOWER = new HashMap<>();

  static {
    for (String id : ZoneId.getAvailableZoneIds()) {
      BY_LOWER.put(id.toLowerCase(Locale.ROOT), id);
    }
  }

  private Zones() {}

  private static final java.util.regex.Pattern POSIX =
      java.util.regex.Pattern.compile(
          "(?i)([a-z]{3,}|<[^>]+>)([+-]?)(\\d{1,2})(?::(\\d{2})(?::(\\d{2}))?)?");

  /** The zone a name denotes, or null. */
  public static ZoneId find(String name) {
    String id = BY_LOWER.get(name.toLowerCase(Locale.ROOT));
    if (id != null) {
      return ZoneId.of(id);
    }
    // a POSIX zone without DST rules: "GMT+8" is eight hours west of Greenwich
    java.util.regex.Matcher m = POSIX.matcher(name);
    if (m.matches()) {
      int secs =
          Integer.parseInt(m.group(3)) * 3600
              + (m.group(4) == null ? 0 : Integer.parseInt(m.group(4)) * 60)
              + (m.group(5) == null ? 0 : Integer.parseInt(m.group(5)));
      if (secs > 24 * 3600) {
        return null;
      }
      return ZoneOffset.ofTotalSeconds(m.group(2).equals("-") ? secs : -secs);
    }
    return null;
  }

  /** A fixed zone of {@code secondsEast}. */
  public static ZoneId fixed(int secondsEast) {
    return ZoneOffset.ofTotalSeconds(secondsEast);
  }

  /** The name SHOW TimeZone prints for a fixed offset zone set by number: <-08>+08. */
  public static String posixName(int secondsEast) {
    String abbr = Calendar.offsetAbbrev(-secondsEast);
    int west = -secondsEast;
    int a = Math.abs(west);
    String off = (west < 0 ? "-" : "+") + (a / 3600);
    if (a % 3600 != 0) {
      off += String.format(":%02d", (a % 3600) / 60);
    }
    return "<" + abbr + ">" + off;
  }
}
