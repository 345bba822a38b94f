package dev.orderflow.runtime.domain;

/**
 * Checks shared by the value types. Each failure names the field, the value it had and what is
 * allowed, as an {@link IllegalArgumentException}.
 */
public final class Validation {

  private Validation() {}

  /** Requires text of 1 to {@code maxLength} characters that is not only white space. */
  public static void requireText(String field, String value, int maxLength) {
    if (value.isBlank()) {
      throw new IllegalArgumentException(
          field + " must be 1 to " + maxLength + " characters and not blank, but was \"" + value + "\"");
    }
    if (value.length() > maxLength) {
      throw new IllegalArgumentException(
          field + " must be 1 to " + maxLength + " characters, but had " + value.length());
    }
  }

  /** Requires {@code value >= minimum}. */
  public static void requireAtLeast(String field, int value, int minimum) {
    if (value < minimum) {
      throw new IllegalArgumentException(
          field + " must be " + minimum + " or more, but was " + value);
    }
  }
}
