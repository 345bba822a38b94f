package dev.orderflow.local.sqs;

/** An SQS call that the local queue engine answered with an error. */
public final class SqsException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String errorType;

  /**
   * An error answer.
   *
   * @param operation the SQS operation, e.g. {@code SendMessage}
   * @param errorType the error's type, e.g. {@code AWS.SimpleQueueService.NonExistentQueue}
   * @param message the error message
   */
  public SqsException(String operation, String errorType, String message) {
    super(operation + " failed: " + errorType + ": " + message);
    this.errorType = errorType;
  }

  /**
   * The error's type as SQS names it.
   *
   * @return e.g. {@code QueueDoesNotExist}
   */
  public String errorType() {
    return errorType;
  }
}
