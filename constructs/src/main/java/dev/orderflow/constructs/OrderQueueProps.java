package dev.orderflow.constructs;

import dev.orderflow.constructs.internal.Checks;
import java.util.Optional;
import org.immutables.value.Value;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.kms.IKey;

/** Props of {@link OrderQueue}. */
@Value.Immutable
public interface OrderQueueProps {

  /**
   * How often a message is received before it moves to the dead-letter queue, from 1 to 1000.
   *
   * @default 3
   */
  @Value.Default
  default int maxReceiveCount() {
    return 3;
  }

  /**
   * How long a received message stays hidden. Keep it longer than one workflow run (an Express
   * workflow runs at most 5 minutes), or a message is delivered again while it is processed.
   * From 0 seconds to 12 hours.
   *
   * @default Duration.minutes(6)
   */
  @Value.Default
  default Duration visibilityTimeout() {
    return Duration.minutes(6);
  }

  /**
   * How long the dead-letter queue keeps a message, from 1 minute to 14 days.
   *
   * @default Duration.days(14)
   */
  @Value.Default
  default Duration deadLetterRetentionPeriod() {
    return Duration.days(14);
  }

  /**
   * Customer-managed KMS key for both queues.
   *
   * @default - SQS-managed encryption (SSE-SQS)
   */
  Optional<IKey> encryptionKey();

  /** Refuses values outside what is allowed, naming the prop; {@code build()} calls it. */
  @Value.Check
  default void check() {
    Checks.requireBetween("maxReceiveCount", maxReceiveCount(), 1, 1000);
    Checks.requireSecondsBetween("visibilityTimeout", visibilityTimeout(), 0, 12 * 3600);
    Checks.requireSecondsBetween("deadLetterRetentionPeriod", deadLetterRetentionPeriod(), 60, 14 * 86400);
  }

  /** A builder; {@code build()} checks every value and refuses what is not allowed. */
  static ImmutableOrderQueueProps.Builder builder() {
    return ImmutableOrderQueueProps.builder();
  }
}
