package dev.orderflow.constructs.internal;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.logs.RetentionDays;

/** The defaults that several constructs share, declared once. */
public final class Defaults {

  /** How long every log group of OrderFlow keeps its records unless told otherwise. */
  public static final RetentionDays LOG_RETENTION = RetentionDays.ONE_MONTH;

  /** How long every dead-letter queue keeps a message: the longest SQS allows. */
  public static final Duration DEAD_LETTER_RETENTION = Duration.days(14);

  private Defaults() {}
}
