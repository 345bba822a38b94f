package dev.orderflow.client;

import org.immutables.value.Value;

/** One bad field of a refused input, as the API's {@code ValidationError} names it. */
@Value.Immutable
public abstract class Violation {

  /** The field, e.g. {@code quantity}. */
  public abstract String field();

  /** The value that was refused, as text. */
  public abstract String value();

  /** What is allowed, e.g. {@code a whole number from 1 to 100}. */
  public abstract String allowed();

  /** The API's message about this field. */
  public abstract String message();

  /** A builder of a violation. */
  public static ImmutableViolation.Builder builder() {
    return ImmutableViolation.builder();
  }
}
