package dev.orderflow.constructs.internal;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.TimeConversionOptions;
import software.amazon.awscdk.Token;

/**
 * Prop checks shared by the constructs. Each failure names the prop, the value provided and what
 * is allowed; values that are unresolved tokens are not judged.
 */
public final class Checks {

  private Checks() {}

  public static void requireBetween(String prop, double value, double minimum, double maximum) {
    if (Token.isUnresolved(value)) {
      return;
    }
    if (!(value >= minimum && value <= maximum)) {
      throw new IllegalArgumentException(
          prop + " must be from " + minimum + " to " + maximum + ", but " + value + " was provided");
    }
  }

  /** An {@code int} cannot hold a CDK token (tokens are encoded as huge doubles), so none is skipped. */
  public static void requireBetween(String prop, int value, int minimum, int maximum) {
    if (value < minimum || value > maximum) {
      throw new IllegalArgumentException(
          prop + " must be from " + minimum + " to " + maximum + ", but " + value + " was provided");
    }
  }

  public static void requireSecondsBetween(String prop, Duration value, long minimumSeconds, long maximumSeconds) {
    if (value.isUnresolved()) {
      return;
    }
    double seconds = seconds(value);
    if (seconds < minimumSeconds || seconds > maximumSeconds) {
      throw new IllegalArgumentException(
          prop + " must be from " + minimumSeconds + " to " + maximumSeconds + " seconds, but "
              + value.toHumanString() + " was provided");
    }
  }

  /** Refuses a duration with a fraction of a second; an unresolved token is not judged. */
  public static void requireWholeSeconds(String prop, Duration value) {
    if (value.isUnresolved()) {
      return;
    }
    double seconds = seconds(value);
    if (seconds != Math.floor(seconds)) {
      throw new IllegalArgumentException(
          prop + " must be a whole number of seconds, but " + value.toHumanString() + " was provided");
    }
  }

  /** Refuses a duration that is not shorter than another; unresolved tokens are not judged. */
  public static void requireShorter(String prop, Duration value, String otherProp, Duration other) {
    if (value.isUnresolved() || other.isUnresolved()) {
      return;
    }
    if (seconds(value) >= seconds(other)) {
      throw new IllegalArgumentException(prop + " must be shorter than " + otherProp + " (" + other.toHumanString()
          + "), but " + value.toHumanString() + " was provided");
    }
  }

  /** Whether {@code value} is {@code seconds} long; an unresolved token is not judged and counts as yes. */
  public static boolean hasSeconds(Duration value, long seconds) {
    return value.isUnresolved() || seconds(value) == seconds;
  }

  /** {@code value} in seconds, fractions kept: a resolved duration only. */
  private static double seconds(Duration value) {
    return value.toSeconds(TimeConversionOptions.builder().integral(false).build()).doubleValue();
  }
}
