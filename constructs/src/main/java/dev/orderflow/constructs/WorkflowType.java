package dev.orderflow.constructs;

/** The kind of Step Functions state machine that processes orders. */
public enum WorkflowType {
  /**
   * Up to 5 minutes a run, priced per request and duration. The pipe waits for each run, so a
   * failed run returns its message to the queue, and after {@code maxReceiveCount} receives to the
   * dead-letter queue.
   */
  EXPRESS,
  /**
   * Up to a year a run, priced per state transition, with a full execution history. The pipe
   * starts each run and moves on: a failed run is seen in the history and the failed-runs alarm,
   * and its message is not redelivered.
   */
  STANDARD;

  /** How a pipe starts a workflow of this type. */
  public PipeInvocationType pipeInvocationType() {
    return this == EXPRESS ? PipeInvocationType.REQUEST_RESPONSE : PipeInvocationType.FIRE_AND_FORGET;
  }
}
