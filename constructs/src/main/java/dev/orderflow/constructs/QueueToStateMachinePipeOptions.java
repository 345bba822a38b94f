package dev.orderflow.constructs;

import dev.orderflow.constructs.internal.Checks;
import org.immutables.value.Value;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * Settings of a {@link QueueToStateMachinePipe}, without the queue and state machine it connects:
 * what {@link EventDrivenOrderApiProps#pipeProps()} takes.
 */
@Value.Immutable
public interface QueueToStateMachinePipeOptions {

  /**
   * Messages per execution, from 1 to 10.
   *
   * @default 1
   */
  @Value.Default
  default int batchSize() {
    return 1;
  }

  /**
   * How long the pipe's log events are kept.
   *
   * @default RetentionDays.ONE_MONTH
   */
  @Value.Default
  default RetentionDays logRetention() {
    return RetentionDays.ONE_MONTH;
  }

  /** Refuses values outside what is allowed, naming the prop; {@code build()} calls it. */
  @Value.Check
  default void checkPipeOptions() {
    Checks.requireBetween("batchSize", batchSize(), 1, 10);
  }

  /** A builder; {@code build()} checks every value and refuses what is not allowed. */
  static ImmutableQueueToStateMachinePipeOptions.Builder builder() {
    return ImmutableQueueToStateMachinePipeOptions.builder();
  }
}
