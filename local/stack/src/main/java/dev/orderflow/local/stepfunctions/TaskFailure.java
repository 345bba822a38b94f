package dev.orderflow.local.stepfunctions;

import java.util.Objects;

/**
 * A Task state that failed, as Step Functions sees it: the {@linkplain #error() error name} is what
 * the state's {@code Retry} and {@code Catch} fields match in {@code ErrorEquals} (for example
 * {@code DynamoDB.ConditionalCheckFailedException}, {@code Lambda.Unknown}, a function's own error
 * type, or {@code States.TaskFailed}), and the {@linkplain #cause() cause} is the text that a
 * {@code Catch} puts into {@code Cause}.
 */
public final class TaskFailure extends Exception {

  private static final long serialVersionUID = 1L;

  private final String error;
  private final String cause;

  /**
   * A failure with an error name and a cause.
   *
   * @param error the error name that {@code ErrorEquals} matches; not blank
   * @param cause the human-readable cause; {@code null} stands for an empty cause
   */
  public TaskFailure(String error, String cause) {
    super(error + ": " + (cause == null ? "" : cause), null, false, false);
    Objects.requireNonNull(error, "error");
    if (error.isBlank()) {
      throw new IllegalArgumentException("error must name the failure (for example States.TaskFailed), but it was blank");
    }
    this.error = error;
    this.cause = cause == null ? "" : cause;
  }

  /**
   * The error name that {@code Retry} and {@code Catch} match.
   *
   * @return the error name
   */
  public String error() {
    return error;
  }

  /**
   * The cause that a {@code Catch} passes on in {@code Cause}.
   *
   * @return the cause, empty when there is none
   */
  public String cause() {
    return cause;
  }
}
