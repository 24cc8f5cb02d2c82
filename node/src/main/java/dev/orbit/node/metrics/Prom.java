package dev.orbit.node.metrics;

import java.util.Locale;

/** Writes Prometheus text-format lines. */
public final class Prom {
  private Prom() {}

  public static void header(StringBuilder sb, String name, String type, String help) {
    sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
    sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  public static void line(StringBuilder sb, String name, String labels, double value) {
    sb.append(name).append('{').append(labels).append("} ");
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      sb.append((long) value);
    } else {
      sb.append(String.format(Locale.ROOT, "%.6f", value));
    }
    sb.append('\n');
  }
}
