package dev.orderflow.local.pipes;

/**
 * A target that did not take a pipe's batch: an execution that failed, a function error, a topic
 * or queue that refused the message. The pipe then handles the batch as failed.
 */
public final class PipeTargetException extends Exception {

  private static final long serialVersionUID = 1L;

  /** The error name. */
  private final String error;
  /** The cause text. */
  private final String detail;

  /**
   * A failure with the service's error name and its cause text.
   *
   * @param error the error name, e.g. {@code States.TaskFailed} or {@code ResourceNotFoundException}
   * @param cause what happened, in words
   */
  public PipeTargetException(String error, String cause) {
    super(error + ": " + cause);
    this.error = error;
    this.detail = cause;
  }

  /**
   * The error name.
   *
   * @return e.g. {@code States.TaskFailed}
   */
  public String error() {
    return error;
  }

  /**
   * The cause text that came with the error.
   *
   * @return what happened, in words
   */
  public String detail() {
    return detail;
  }
}
