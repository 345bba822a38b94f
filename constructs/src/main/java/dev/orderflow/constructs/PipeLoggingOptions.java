package dev.orderflow.constructs;

import dev.orderflow.constructs.internal.Defaults;
import java.util.Optional;
import org.immutables.value.Value;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * How a pipe of OrderFlow logs: the settings that {@link QueueToStateMachinePipeOptions},
 * {@link OrderStatusNotifierOptions} and {@link OrderEventsOptions} share.
 */
public interface PipeLoggingOptions {

  /**
   * What the pipe logs. At the default level, a log record names the failed step and its error,
   * never an order's contents.
   *
   * @default PipeLogLevel.ERROR
   */
  @Value.Default
  default PipeLogLevel logLevel() {
    return PipeLogLevel.ERROR;
  }

  /**
   * Whether log records carry the event, its transformations and the target's answer: for a
   * stream pipe the whole order (name, customer). See docs/security.md before turning it on.
   *
   * @default false
   */
  @Value.Default
  default boolean includeExecutionData() {
    return false;
  }

  /**
   * A log group of yours for the pipe's records, instead of a new one. Its retention and
   * encryption are then yours; {@link #logRetention()} does not apply.
   *
   * @default - a new log group, with {@link #logRetention()}, encrypted with the construct's key when it has one
   */
  Optional<ILogGroup> logGroup();

  /**
   * How long the pipe's log records are kept in the new log group.
   *
   * @default RetentionDays.ONE_MONTH
   */
  @Value.Default
  default RetentionDays logRetention() {
    return Defaults.LOG_RETENTION;
  }
}
