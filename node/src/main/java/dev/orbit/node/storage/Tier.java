package dev.orbit.node.storage;

import java.util.Locale;

/** A storage tier; records move from HOT towards COLD as they age. */
public enum Tier {
  HOT,
  WARM,
  COLD;

  /** The folder name of this tier under its root, and its name in metrics and status. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The next colder tier, or null for COLD. */
  public Tier colder() {
    return this == HOT ? WARM : this == WARM ? COLD : null;
  }
}
