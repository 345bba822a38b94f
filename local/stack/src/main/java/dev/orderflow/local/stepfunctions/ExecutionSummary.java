package dev.orderflow.local.stepfunctions;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What is known of an execution at one moment, as Step Functions' {@code DescribeExecution} reports
 * it.
 *
 * @param executionArn the execution's ARN
 * @param stateMachineArn the ARN of its state machine
 * @param name the execution's name
 * @param status its status
 * @param input its input, JSON text
 * @param output its output, JSON text, once it {@linkplain ExecutionStatus#SUCCEEDED succeeded};
 *     {@code null} otherwise
 * @param error the error name when it failed, timed out or was stopped with one; {@code null}
 *     otherwise
 * @param cause the cause that goes with {@code error}; {@code null} when there is none
 * @param startDate when it started
 * @param stopDate when it ended; {@code null} while it runs
 */
public record ExecutionSummary(
    String executionArn,
    String stateMachineArn,
    String name,
    ExecutionStatus status,
    String input,
    String output,
    String error,
    String cause,
    Instant startDate,
    Instant stopDate) {

  /** Checks that the identifying parts are present. */
  public ExecutionSummary {
    Objects.requireNonNull(executionArn, "executionArn");
    Objects.requireNonNull(stateMachineArn, "stateMachineArn");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(startDate, "startDate");
  }

  /**
   * How long the execution ran, or has run so far.
   *
   * @return the time from start to stop, or to now while it runs
   */
  public java.time.Duration duration() {
    return java.time.Duration.between(startDate, Optional.ofNullable(stopDate).orElseGet(Instant::now));
  }
}
