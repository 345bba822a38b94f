package dev.orderflow.constructs;

import dev.orderflow.constructs.internal.Defaults;
import java.util.Optional;
import org.immutables.value.Value;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * Where a part of OrderFlow that logs on its own (the workflow, each pipe) writes, for how long,
 * and whether its records carry the orders: what {@link OrderWorkflowOptions} and
 * {@link PipeOptions} share. Each adds its own {@code logLevel}, since Step Functions and Pipes
 * name their levels differently.
 */
public interface LoggingOptions {

  /**
   * Whether log records carry the data that passes through: a state's input and output for the
   * workflow, the event, its transformations and the target's answer for a pipe. Either way that
   * is the order's name and customer. See docs/security.md before turning it on.
   *
   * @default false
   */
  @Value.Default
  default boolean includeExecutionData() {
    return false;
  }

  /**
   * A log group of yours for the records, instead of a new one. Its retention and encryption are
   * then yours; {@link #logRetention()} does not apply.
   *
   * @default - a new log group, with {@link #logRetention()}, encrypted with the construct's key when it has one
   */
  Optional<ILogGroup> logGroup();

  /**
   * How long the records are kept in the new log group.
   *
   * @default RetentionDays.ONE_MONTH
   */
  @Value.Default
  default RetentionDays logRetention() {
    return Defaults.LOG_RETENTION;
  }
}
