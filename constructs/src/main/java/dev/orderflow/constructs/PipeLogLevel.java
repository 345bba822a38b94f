package dev.orderflow.constructs;

/**
 * What an EventBridge Pipe writes to its log group. Each level includes the ones above it. Which
 * records carry the event itself is a separate choice ({@code includeExecutionData}).
 */
public enum PipeLogLevel {
  /** Nothing. */
  OFF,
  /** Failed executions and failed targets: the step, the error and its message. */
  ERROR,
  /** Also every execution's start and end, and every step of it, without the event. */
  INFO,
  /** Also the transformations and the target's responses: for debugging only. */
  TRACE
}
