package dev.orbit.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses sizes written like Kubernetes quantities: {@code 1048576}, {@code 256Mi}, {@code 1G}. */
public final class Sizes {
  private static final Pattern SIZE = Pattern.compile("(\\d+)(Ki|Mi|Gi|Ti|K|M|G|T)?");

  private Sizes() {}

  public static long parse(String text) {
    Matcher m = SIZE.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a size (use e.g. 1048576, 512Ki, 256Mi, 2Gi, 1G)");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "" : m.group(2);
    long factor =
        switch (unit) {
          case "Ki" -> 1L << 10;
          case "Mi" -> 1L << 20;
          case "Gi" -> 1L << 30;
          case "Ti" -> 1L << 40;
          case "K" -> 1_000L;
          case "M" -> 1_000_000L;
          case "G" -> 1_000_000_000L;
          case "T" -> 1_000_000_000_000L;
          default -> 1L;
        };
    return Math.multiplyExact(n, factor);
  }

  public static String format(long bytes) {
    String[] units = {"Ti", "Gi", "Mi", "Ki"};
    int[] shifts = {40, 30, 20, 10};
    for (int i = 0; i < units.length; i++) {
      long unit = 1L << shifts[i];
      if (bytes >= unit && bytes % unit == 0) {
        return bytes / unit + units[i];
      }
    }
    return Long.toString(bytes);
  }
}
