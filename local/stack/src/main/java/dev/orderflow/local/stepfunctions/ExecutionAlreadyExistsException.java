package dev.orderflow.local.stepfunctions;

/**
 * A STANDARD execution was started with a name that an earlier execution of the same state machine
 * already has, and the earlier one has ended or had another input (Step Functions'
 * {@code ExecutionAlreadyExists}).
 */
public final class ExecutionAlreadyExistsException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String executionArn;

  ExecutionAlreadyExistsException(String message, String executionArn) {
    super(message);
    this.executionArn = executionArn;
  }

  /**
   * The ARN of the execution that already has the name.
   *
   * @return the existing execution's ARN
   */
  public String executionArn() {
    return executionArn;
  }
}
