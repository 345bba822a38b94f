package dev.orderflow.constructs;

import dev.orderflow.constructs.internal.Checks;
import java.util.List;
import org.immutables.value.Value;
import software.amazon.awscdk.Duration;

/**
 * How an {@link OrderStatusNotifier} reads the table's stream, without the table, topic and
 * addresses: what {@link EventDrivenOrderApiProps#notifierProps()} takes. The topic and the
 * addresses are top-level choices of {@link EventDrivenOrderApiProps}.
 */
@Value.Immutable
public interface OrderStatusNotifierOptions extends PipeOptions {

  /**
   * Where the pipe starts reading the stream when it is created: {@code LATEST} or
   * {@code TRIM_HORIZON} (the oldest record still in the stream, up to 24 hours back).
   *
   * @default "LATEST"
   */
  @Value.Default
  default String startingPosition() {
    return "LATEST";
  }

  /**
   * Status changes per batch, from 1 to 10: a batch is published to the topic in one
   * {@code PublishBatch} call, which takes at most 10 messages (SNS bills the call, not each
   * message, as one request per 64 KB).
   *
   * @default 10
   */
  @Value.Default
  default int batchSize() {
    return 10;
  }

  /**
   * How long the pipe gathers status changes into a batch before it publishes them, in whole
   * seconds from 0 to 300: the window fills batches (fewer SNS and Pipes requests: a batch of 10
   * costs what one change alone does) and delays each email by up to the window; 0 publishes what
   * each read of the stream finds.
   *
   * @default Duration.seconds(1)
   */
  @Value.Default
  default Duration maximumBatchingWindow() {
    return Duration.seconds(1);
  }

  /**
   * Retries of a failed batch before its records go to the dead-letter queue, from 0 to 10000.
   *
   * @default 3
   */
  @Value.Default
  default int maximumRetryAttempts() {
    return 3;
  }

  /**
   * Records older than this are not published but sent to the dead-letter queue, from 1 minute
   * to 7 days.
   *
   * @default Duration.hours(1)
   */
  @Value.Default
  default Duration maximumRecordAge() {
    return Duration.hours(1);
  }

  /** Refuses values outside what is allowed, naming the prop; {@code build()} calls it. */
  @Value.Check
  default void checkNotifierOptions() {
    if (!List.of("LATEST", "TRIM_HORIZON").contains(startingPosition())) {
      throw new IllegalArgumentException(
          "startingPosition must be LATEST or TRIM_HORIZON, but \"" + startingPosition() + "\" was provided");
    }
    Checks.requireBetween("batchSize", batchSize(), 1, 10);
    Checks.requireSecondsBetween("maximumBatchingWindow", maximumBatchingWindow(), 0, 300);
    Checks.requireWholeSeconds("maximumBatchingWindow", maximumBatchingWindow());
    Checks.requireBetween("maximumRetryAttempts", maximumRetryAttempts(), 0, 10000);
    Checks.requireSecondsBetween("maximumRecordAge", maximumRecordAge(), 60, 7 * 86400);
  }

  /** A builder; {@code build()} checks every value and refuses what is not allowed. */
  static ImmutableOrderStatusNotifierOptions.Builder builder() {
    return ImmutableOrderStatusNotifierOptions.builder();
  }
}
