package dev.orderflow.constructs;

import dev.orderflow.constructs.internal.Checks;
import org.immutables.value.Value;
import software.amazon.awscdk.Duration;

/**
 * Settings of a {@link QueueToStateMachinePipe}, without the queue and state machine it connects:
 * what {@link EventDrivenOrderApiProps#pipeProps()} takes.
 */
@Value.Immutable
public interface QueueToStateMachinePipeOptions extends PipeOptions {

  /**
   * Messages per execution, from 1 to 10. The state machine must answer which messages of a batch
   * failed (as {@link OrderWorkflow} does), so that only those return to the queue.
   *
   * @default 10
   */
  @Value.Default
  default int batchSize() {
    return 10;
  }

  /**
   * How long the pipe may wait to fill a batch before it starts the state machine with fewer
   * messages, from 0 to 300 seconds in whole seconds. Longer windows make fuller batches (fewer
   * executions) at the price of latency under light load.
   *
   * @default Duration.seconds(1)
   */
  @Value.Default
  default Duration maximumBatchingWindow() {
    return Duration.seconds(1);
  }

  /** Refuses values outside what is allowed, naming the prop; {@code build()} calls it. */
  @Value.Check
  default void checkPipeOptions() {
    Checks.requireBetween("batchSize", batchSize(), 1, 10);
    Checks.requireSecondsBetween("maximumBatchingWindow", maximumBatchingWindow(), 0, 300);
    Checks.requireWholeSeconds("maximumBatchingWindow", maximumBatchingWindow());
  }

  /** A builder; {@code build()} checks every value and refuses what is not allowed. */
  static ImmutableQueueToStateMachinePipeOptions.Builder builder() {
    return ImmutableQueueToStateMachinePipeOptions.builder();
  }
}
