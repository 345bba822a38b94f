package dev.orderflow.constructs;

import dev.orderflow.constructs.internal.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.sqs.QueueProps;

/**
 * Props of {@link OrderQueue}: settings for the two new queues, or an existing queue and its
 * dead-letter queue to use instead.
 */
@Value.Immutable
public interface OrderQueueProps {

  /** Default of {@link #maxReceiveCount()}. */
  int DEFAULT_MAX_RECEIVE_COUNT = 3;

  /** Default of {@link #visibilityTimeout()}, in seconds. */
  int DEFAULT_VISIBILITY_TIMEOUT_SECONDS = 6 * 60;

  /** Default of {@link #deadLetterRetentionPeriod()}, in seconds. */
  int DEFAULT_DEAD_LETTER_RETENTION_SECONDS = 14 * 86400;

  /**
   * A queue to use as the orders queue instead of creating one. It must send a message to
   * {@link #existingDeadLetterQueue()} after a few failed receives (its redrive policy), and its
   * visibility timeout must be longer than one workflow run; OrderFlow cannot check either.
   *
   * @default - a new queue, with the settings below
   */
  Optional<IQueue> existingQueue();

  /**
   * The dead-letter queue of {@link #existingQueue()}: required with it, and watched by the alarms
   * of {@link OrderMonitoring}.
   *
   * @default - a new dead-letter queue, attached to the new queue
   */
  Optional<IQueue> existingDeadLetterQueue();

  /**
   * How often a message is received before it moves to the dead-letter queue, from 1 to 1000.
   *
   * @default 3
   */
  @Value.Default
  default int maxReceiveCount() {
    return DEFAULT_MAX_RECEIVE_COUNT;
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
    return Duration.seconds(DEFAULT_VISIBILITY_TIMEOUT_SECONDS);
  }

  /**
   * How long the dead-letter queue keeps a message, from 1 minute to 14 days.
   *
   * @default Duration.days(14)
   */
  @Value.Default
  default Duration deadLetterRetentionPeriod() {
    return Duration.seconds(DEFAULT_DEAD_LETTER_RETENTION_SECONDS);
  }

  /**
   * Settings of the new orders queue, passed to it as they are, for example a name or a delivery
   * delay. OrderFlow's own settings (visibility timeout, dead-letter queue, encryption, TLS only)
   * are applied after them, and a FIFO queue is refused. Cannot be combined with
   * {@link #existingQueue()}.
   *
   * @default - OrderFlow's settings alone
   */
  Optional<QueueProps> queueProps();

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
    if (existingQueue().isPresent() != existingDeadLetterQueue().isPresent()) {
      throw new IllegalArgumentException("existingQueue and existingDeadLetterQueue go together, but only "
          + (existingQueue().isPresent() ? "existingQueue" : "existingDeadLetterQueue")
          + " was set: give both, or neither for two new queues");
    }
    existingQueue().ifPresent(queue -> {
      if (Boolean.TRUE.equals(queue.getFifo())) {
        throw new IllegalArgumentException("existingQueue must be a standard queue, but " + queue.getNode().getPath()
            + " is a FIFO queue: postOrder sends each order without a MessageGroupId, which a FIFO queue refuses");
      }
    });
    queueProps().ifPresent(props -> {
      if (Boolean.TRUE.equals(props.getFifo()) || props.getContentBasedDeduplication() != null
          || props.getDeduplicationScope() != null || props.getFifoThroughputLimit() != null) {
        throw new IllegalArgumentException("queueProps must describe a standard queue, but it sets FIFO settings:"
            + " postOrder sends each order without a MessageGroupId, which a FIFO queue refuses");
      }
      if (props.getDeadLetterQueue() != null || props.getVisibilityTimeout() != null
          || props.getEncryptionMasterKey() != null) {
        throw new IllegalArgumentException("queueProps must not set deadLetterQueue, visibilityTimeout or"
            + " encryptionMasterKey: use maxReceiveCount, visibilityTimeout and encryptionKey of OrderQueueProps");
      }
    });
    if (existingQueue().isPresent()) {
      List<String> newQueueSettings = new ArrayList<>();
      if (maxReceiveCount() != DEFAULT_MAX_RECEIVE_COUNT) {
        newQueueSettings.add("maxReceiveCount");
      }
      if (!Checks.hasSeconds(visibilityTimeout(), DEFAULT_VISIBILITY_TIMEOUT_SECONDS)) {
        newQueueSettings.add("visibilityTimeout");
      }
      if (!Checks.hasSeconds(deadLetterRetentionPeriod(), DEFAULT_DEAD_LETTER_RETENTION_SECONDS)) {
        newQueueSettings.add("deadLetterRetentionPeriod");
      }
      if (encryptionKey().isPresent()) {
        newQueueSettings.add("encryptionKey");
      }
      if (queueProps().isPresent()) {
        newQueueSettings.add("queueProps");
      }
      if (!newQueueSettings.isEmpty()) {
        throw new IllegalArgumentException(String.join(", ", newQueueSettings)
            + " configure new queues and cannot be combined with existingQueue: set them on your queue instead");
      }
    }
  }

  /** A builder; {@code build()} checks every value and refuses what is not allowed. */
  static ImmutableOrderQueueProps.Builder builder() {
    return ImmutableOrderQueueProps.builder();
  }
}
