package dev.orderflow.local.stepfunctions;

/** The status of an execution, as Step Functions reports it. */
public enum ExecutionStatus {
  /** Still running. */
  RUNNING,
  /** Ended in a Succeed state or an end state, with an output. */
  SUCCEEDED,
  /** Ended with an error: a Fail state, or an error that no Catch handled. */
  FAILED,
  /** Ran longer than the definition's {@code TimeoutSeconds}. */
  TIMED_OUT,
  /** Stopped before it ended. */
  ABORTED;

  /**
   * Whether the execution has ended.
   *
   * @return {@code false} only for {@link #RUNNING}
   */
  public boolean isDone() {
    return this != RUNNING;
  }
}
