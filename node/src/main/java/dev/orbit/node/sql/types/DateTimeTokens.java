package dev.orbit.node.sql.types;

import java.util.HashMap;
import java.util.Map;

/**
 * The field types, masks and keyword tables of PostgreSQL's date/time parser (datetime.h,
 * datetktbl, deltatktbl) and its default time zone abbreviations (tznames/Default).
 */
final class DateTimeTokens {
  private DateTimeTokens() {}

  // token types
  static final int RESERV = 0;
  static final int MONTH = 1;
  static final int YEAR = 2;
  static final int DAY = 3;
  static final int TZ = 5;
  static final int DTZ = 6;
  static final int DYNTZ = 7;
  static final int IGNORE_DTF = 8;
  static final int AMPM = 9;
  static final int HOUR = 10;
  static final int MINUTE = 11;
  static final int SECOND = 12;
  static final int MILLISECOND = 13;
  static final int MICROSECOND = 14;
  static final int DOY = 15;
  static final int DOW = 16;
  static final int UNITS = 17;
  static final int ADBC = 18;
  static final int AGO = 19;
  static final int ISOTIME = 23;
  static final int WEEK = 24;
  static final int DECADE = 25;
  static final int CENTURY = 26;
  static final int MILLENNIUM = 27;
  static final int DTZMOD = 28;
  static final int UNKNOWN_FIELD = 31;

  // field kinds from ParseDateTime, and token values
  static final int DTK_NUMBER = 0;
  static final int DTK_STRING = 1;
  static final int DTK_DATE = 2;
  static final int DTK_TIME = 3;
  static final int DTK_TZ = 4;
  static final int DTK_SPECIAL = 6;
  static final int DTK_EARLY = 9;
  static final int DTK_LATE = 10;
  static final int DTK_EPOCH = 11;
  static final int DTK_NOW = 12;
  static final int DTK_YESTERDAY = 13;
  static final int DTK_TODAY = 14;
  static final int DTK_TOMORROW = 15;
  static final int DTK_ZULU = 16;
  static final int DTK_DELTA = 17;
  static final int DTK_SECOND = 18;
  static final int DTK_MINUTE = 19;
  static final int DTK_HOUR = 20;
  static final int DTK_DAY = 21;
  static final int DTK_WEEK = 22;
  static final int DTK_MONTH = 23;
  static final int DTK_QUARTER = 24;
  static final int DTK_YEAR = 25;
  static final int DTK_DECADE = 26;
  static final int DTK_CENTURY = 27;
  static final int DTK_MILLENNIUM = 28;
  static final int DTK_MILLISEC = 29;
  static final int DTK_MICROSEC = 30;
  static final int DTK_JULIAN = 31;
  static final int DTK_DOW = 32;
  static final int DTK_DOY = 33;
  static final int DTK_TZ_HOUR = 34;
  static final int DTK_TZ_MINUTE = 35;
  static final int DTK_ISOYEAR = 36;
  static final int DTK_ISODOW = 37;

  static final int AM = 0;
  static final int PM = 1;
  static final int HR24 = 2;
  static final int AD = 0;
  static final int BC = 1;

  static int m(int t) {
    return 1 << t;
  }

  static final int DTK_ALL_SECS_M = m(SECOND) | m(MILLISECOND) | m(MICROSECOND);
  static final int DTK_DATE_M = m(YEAR) | m(MONTH) | m(DAY);
  static final int DTK_TIME_M = m(HOUR) | m(MINUTE) | DTK_ALL_SECS_M;

  // parse errors
  static final int DTERR_BAD_FORMAT = -1;
  static final int DTERR_FIELD_OVERFLOW = -2;
  static final int DTERR_MD_FIELD_OVERFLOW = -3;
  static final int DTERR_INTERVAL_OVERFLOW = -4;
  static final int DTERR_TZDISP_OVERFLOW = -5;

  /** A keyword: its type and value. */
  record Tok(int type, int value) {}

  static final Map<String, Tok> DATE_TOKENS = new HashMap<>();
  static final Map<String, Tok> DELTA_TOKENS = new HashMap<>();

  private static void d(String t, int type, int value) {
    DATE_TOKENS.put(t, new Tok(type, value));
  }

  private static void u(String t, int type, int value) {
    DELTA_TOKENS.put(t, new Tok(type, value));
  }

  static {
    d("-infinity", RESERV, DTK_EARLY);
    d("ad", ADBC, AD);
    d("allballs", RESERV, DTK_ZULU);
    d("am", AMPM, AM);
    d("at", IGNORE_DTF, 0);
    d("bc", ADBC, BC);
    d("d", UNITS, DTK_DAY);
    d("dow", UNITS, DTK_DOW);
    d("doy", UNITS, DTK_DOY);
    d("dst", DTZMOD, 3600);
    d("epoch", RESERV, DTK_EPOCH);
    d("h", UNITS, DTK_HOUR);
    d("infinity", RESERV, DTK_LATE);
    d("isodow", UNITS, DTK_ISODOW);
    d("isoyear", UNITS, DTK_ISOYEAR);
    d("j", UNITS, DTK_JULIAN);
    d("jd", UNITS, DTK_JULIAN);
    d("julian", UNITS, DTK_JULIAN);
    d("m", UNITS, DTK_MONTH);
    d("mm", UNITS, DTK_MINUTE);
    d("now", RESERV, DTK_NOW);
    d("on", IGNORE_DTF, 0);
    d("pm", AMPM, PM);
    d("s", UNITS, DTK_SECOND);
    d("t", ISOTIME, DTK_TIME);
    d("today", RESERV, DTK_TODAY);
    d("tomorrow", RESERV, DTK_TOMORROW);
    d("y", UNITS, DTK_YEAR);
    d("yesterday", RESERV, DTK_YESTERDAY);
    String[][] months = {
      {"jan", "january"},
      {"feb", "february"},
      {"mar", "march"},
      {"apr", "april"},
      {"may"},
      {"jun", "june"},
      {"jul", "july"},
      {"aug", "august"},
      {"sep", "sept", "september"},
      {"oct", "october"},
      {"nov", "november"},
      {"dec", "december"}
    };
    for (int i = 0; i < months.length; i++) {
      for (String n : months[i]) {
        d(n, MONTH, i + 1);
      }
    }
    String[][] days = {
      {"sun", "sunday"}, {"mon", "monday"}, {"tue", "tues", "tuesday"},
      {"wed", "wednesday", "weds"}, {"thu", "thur", "thurs", "thursday"}, {"fri", "friday"},
      {"sat", "saturday"}
    };
    for (int i = 0; i < days.length; i++) {
      for (String n : days[i]) {
        d(n, DOW, i);
      }
    }

    u("@", IGNORE_DTF, 0);
    u("ago", AGO, 0);
    for (String s : new String[] {"c", "cent", "centuries", "century"}) {
      u(s, UNITS, DTK_CENTURY);
    }
    for (String s : new String[] {"d", "day", "days"}) {
      u(s, UNITS, DTK_DAY);
    }
    for (String s : new String[] {"dec", "decade", "decades", "decs"}) {
      u(s, UNITS, DTK_DECADE);
    }
    for (String s : new String[] {"h", "hour", "hours", "hr", "hrs"}) {
      u(s, UNITS, DTK_HOUR);
    }
    for (String s : new String[] {"m", "min", "mins", "minute", "minutes"}) {
      u(s, UNITS, DTK_MINUTE);
    }
    for (String s : new String[] {"microsecon", "us", "usec", "usecs", "useconds", "microsecond"}) {
      u(s, UNITS, DTK_MICROSEC);
    }
    for (String s : new String[] {"mil", "millennia", "millennium", "mils"}) {
      u(s, UNITS, DTK_MILLENNIUM);
    }
    for (String s : new String[] {"millisecon", "ms", "msec", "msecs", "mseconds", "millisecond"}) {
      u(s, UNITS, DTK_MILLISEC);
    }
    for (String s : new String[] {"mon", "mons", "month", "months"}) {
      u(s, UNITS, DTK_MONTH);
    }
    for (String s : new String[] {"qtr", "quarter"}) {
      u(s, UNITS, DTK_QUARTER);
    }
    for (String s : new String[] {"s", "sec", "second", "seconds", "secs"}) {
      u(s, UNITS, DTK_SECOND);
    }
    u("timezone", UNITS, DTK_TZ);
    u("timezone_h", UNITS, DTK_TZ_HOUR);
    u("timezone_m", UNITS, DTK_TZ_MINUTE);
    for (String s : new String[] {"w", "week", "weeks"}) {
      u(s, UNITS, DTK_WEEK);
    }
    for (String s : new String[] {"y", "year", "years", "yr", "yrs"}) {
      u(s, UNITS, DTK_YEAR);
    }
  }

  /** PostgreSQL compares keywords on their first 10 characters (TOKMAXLEN). */
  static Tok lookup(Map<String, Tok> table, String lower) {
    Tok t = table.get(lower);
    if (t == null && lower.length() > 10) {
      t = table.get(lower.substring(0, 10));
    }
    return t;
  }

  /** A time zone abbreviation: fixed offset (seconds east) or a zone to consult. */
  record Abbrev(String abbrev, int offset, boolean dst, String zone) {}

  static final Map<String, Abbrev> ABBREVS = new HashMap<>();

  // abbrev:offsetSecondsEast[:D] or abbrev:=Zone/Name (from PostgreSQL's tznames/Default)
  private static final String ABBREV_LIST =
      "eat:10800 sast:7200 wat:3600 act:-18000 akdt:-28800:D akst:-32400"
          + " art:=America/Argentina/Buenos_Aires arst:=America/Argentina/Buenos_Aires bot:-14400"
          + " bra:-10800 brst:-7200:D brt:-10800 cot:-18000 cdt:-18000:D clst:-10800:D"
          + " clt:=America/Santiago cst:-21600 edt:-14400:D egst:0:D egt:-3600 est:-18000 fnt:-7200"
          + " fnst:-3600:D gft:-10800 gyt:=America/Guyana mdt:-21600:D mst:-25200 ndt:-9000:D"
          + " nft:-12600 nst:-12600 pet:-18000 pdt:-25200:D pmdt:-7200:D pmst:-10800 pst:-28800"
          + " pyst:-10800:D pyt:=America/Asuncion uyst:-7200:D uyt:-10800 vet:=America/Caracas"
          + " wgst:-7200:D wgt:-10800 davt:=Antarctica/Davis ddut:36000 mawt:=Antarctica/Mawson"
          + " aft:16200 almt:21600 almst:25200:D amst:=Asia/Yerevan amt:-14400 anast:=Asia/Anadyr"
          + " anat:=Asia/Anadyr azst:=Asia/Baku azt:=Asia/Baku bdt:21600 bnt:28800 bort:28800 btt:21600"
          + " cct:28800 gest:=Asia/Tbilisi get:=Asia/Tbilisi hkt:28800 ict:25200 idt:10800:D"
          + " irkst:=Asia/Irkutsk irkt:=Asia/Irkutsk irt:12600 ist:7200 jayt:32400 jst:32400"
          + " kdt:36000:D kgst:21600:D kgt:=Asia/Bishkek krast:=Asia/Krasnoyarsk krat:=Asia/Krasnoyarsk"
          + " kst:32400 lkt:=Asia/Colombo magst:=Asia/Magadan magt:=Asia/Magadan mmt:23400 myt:28800"
          + " novst:=Asia/Novosibirsk novt:=Asia/Novosibirsk npt:20700 omsst:=Asia/Omsk omst:=Asia/Omsk"
          + " petst:=Asia/Kamchatka pett:=Asia/Kamchatka pht:28800 pkt:18000 pkst:21600:D"
          + " sgt:=Asia/Singapore tjt:18000 tmt:=Asia/Ashgabat ulast:32400:D ulat:=Asia/Ulaanbaatar"
          + " uzst:21600:D uzt:18000 vlast:=Asia/Vladivostok vlat:=Asia/Vladivostok xjt:21600"
          + " yakst:=Asia/Yakutsk yakt:=Asia/Yakutsk yekst:21600:D yekt:=Asia/Yekaterinburg"
          + " adt:-10800:D ast:-14400 azost:0:D azot:-3600 fkst:=Atlantic/Stanley fkt:=Atlantic/Stanley"
          + " acsst:37800:D acdt:37800:D acst:34200 acwst:31500 aesst:39600:D aedt:39600:D aest:36000"
          + " awsst:32400:D awst:28800 cadt:37800:D cast:34200 lhdt:=Australia/Lord_Howe lhst:37800"
          + " ligt:36000 nzt:43200 sadt:37800:D wadt:28800:D wast:25200 wdt:32400:D gmt:0 uct:0 ut:0"
          + " utc:0 z:0 zulu:0 bst:3600:D bdst:7200:D cest:7200:D cet:3600 cetdst:7200:D eest:10800:D"
          + " eet:7200 eetdst:10800:D fet:10800 mest:7200:D mesz:7200:D met:3600 metdst:7200:D mez:3600"
          + " msd:14400:D msk:=Europe/Moscow volt:=Europe/Volgograd wet:0 wetdst:3600:D cxt:25200"
          + " iot:=Indian/Chagos mut:14400 must:18000:D mvt:18000 ret:14400 sct:14400 tft:18000"
          + " chadt:49500:D chast:45900 chut:36000 ckt:=Pacific/Rarotonga easst:=Pacific/Easter"
          + " east:=Pacific/Easter fjst:46800:D fjt:43200 galt:-21600 gamt:-32400 gilt:43200 hst:-36000"
          + " kost:=Pacific/Kosrae lint:=Pacific/Kiritimati mart:-34200 mht:43200 mpt:36000"
          + " nut:=Pacific/Niue nzdt:46800:D nzst:43200 pgt:36000 pont:39600 pwt:32400 taht:-36000"
          + " tkt:=Pacific/Fakaofo tot:46800 trut:36000 tvt:43200 vut:39600 wakt:43200 wft:43200"
          + " yapt:36000";

  static {
    for (String item : ABBREV_LIST.split(" ")) {
      String[] p = item.split(":");
      if (p[1].startsWith("=")) {
        ABBREVS.put(p[0], new Abbrev(p[0], 0, false, p[1].substring(1)));
      } else {
        ABBREVS.putIfAbsent(p[0], new Abbrev(p[0], Integer.parseInt(p[1]), p.length > 2, null));
      }
    }
  }
}
