package dev.orderflow.local.iam;

import java.util.Locale;

/**
 * A pattern of IAM's wildcard language: {@code *} matches any run of characters (also none, also
 * across {@code :} and {@code /}), {@code ?} matches exactly one character, everything else matches
 * itself. Actions compare without regard to case, ARNs and condition values with it.
 */
final class Wildcard {

  private static final Wildcard ANY = new Wildcard("*", false);

  private final String pattern;
  private final boolean ignoreCase;
  private final boolean literal;

  private Wildcard(String pattern, boolean ignoreCase) {
    this.ignoreCase = ignoreCase;
    this.pattern = ignoreCase ? pattern.toLowerCase(Locale.ROOT) : pattern;
    this.literal = pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0;
  }

  /** A pattern that compares case-sensitively, as ARNs and most condition values do. */
  static Wildcard of(String pattern) {
    return pattern.equals("*") ? ANY : new Wildcard(pattern, false);
  }

  /** A pattern that ignores case, as actions do. */
  static Wildcard ignoringCase(String pattern) {
    return pattern.equals("*") ? ANY : new Wildcard(pattern, true);
  }

  boolean matchesEverything() {
    return this == ANY;
  }

  boolean matches(String value) {
    if (this == ANY) {
      return true;
    }
    String text = ignoreCase ? value.toLowerCase(Locale.ROOT) : value;
    if (literal) {
      return pattern.equals(text);
    }
    return matches(pattern, text);
  }

  /**
   * Greedy matching with one back-tracking point: on a mismatch after a {@code *}, the star takes
   * one more character. Linear for the patterns policies hold, never exponential.
   */
  static boolean matches(String pattern, String text) {
    int p = 0;
    int t = 0;
    int star = -1;
    int afterStar = 0;
    while (t < text.length()) {
      if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
        p++;
        t++;
      } else if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        afterStar = t;
      } else if (star >= 0) {
        p = star + 1;
        t = ++afterStar;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }

  @Override
  public String toString() {
    return pattern;
  }
}
