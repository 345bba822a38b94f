package dev.orderflow.constructs;

/** How a pipe starts its Step Functions target. */
public enum PipeInvocationType {
  /**
   * Waits for the execution's result: a failed execution fails the batch, which goes back to the
   * queue. Only Express workflows can be started this way.
   */
  REQUEST_RESPONSE,
  /** Starts the execution and moves on: the batch counts as delivered once the execution starts. */
  FIRE_AND_FORGET
}
