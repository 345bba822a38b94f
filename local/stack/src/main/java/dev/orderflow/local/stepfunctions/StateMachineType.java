package dev.orderflow.local.stepfunctions;

/** The type of a state machine, which decides how its executions are named and started. */
public enum StateMachineType {
  /** Execution names are unique per state machine; started asynchronously only. */
  STANDARD,
  /** Execution names need not be unique; started asynchronously or synchronously. */
  EXPRESS
}
