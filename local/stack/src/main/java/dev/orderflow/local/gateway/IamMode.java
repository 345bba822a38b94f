package dev.orderflow.local.gateway;

import java.util.Locale;

/** What the gateway does with the template's IAM policies. */
public enum IamMode {
  /** A call that AWS would deny is denied, and the denial printed: the default. */
  ENFORCE,
  /** A call that AWS would deny goes through; the denial is printed. */
  WARN,
  /** Policies are not judged. */
  OFF;

  /**
   * Reads a mode from its lower-case name.
   *
   * @param text {@code enforce}, {@code warn} or {@code off}
   * @return the mode
   * @throws IllegalArgumentException naming the value and what is allowed
   */
  public static IamMode parse(String text) {
    for (IamMode mode : values()) {
      if (mode.name().equalsIgnoreCase(text)) {
        return mode;
      }
    }
    throw new IllegalArgumentException("iam must be enforce, warn or off, but '" + text + "' was given");
  }

  /** The name as written on the command line. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
