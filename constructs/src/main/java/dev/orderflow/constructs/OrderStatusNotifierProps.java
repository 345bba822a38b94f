package dev.orderflow.constructs;

import dev.orderflow.constructs.internal.Checks;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.immutables.value.Value;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.dynamodb.ITableV2;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sns.ITopic;

/** Props of {@link OrderStatusNotifier}. */
@Value.Immutable
public interface OrderStatusNotifierProps {

  /** Loose on purpose: one @, no spaces, a dot in the domain. SNS confirms the rest. */
  Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

  /** The orders table; it must have a stream with new and old images, as {@link OrderTable} makes it. */
  ITableV2 table();

  /**
   * A topic to publish to instead of creating one.
   *
   * @default - a new topic, encrypted, refusing requests without TLS
   */
  Optional<ITopic> existingTopic();

  /**
   * Addresses that get an email for every finished order. Each must confirm its subscription.
   *
   * @default - no subscriptions
   */
  List<String> notificationEmails();

  /**
   * Customer-managed KMS key for the new topic and the notifier's dead-letter queue.
   *
   * @default - the AWS-managed key of SNS for the topic, SQS-managed encryption for the queues
   */
  Optional<IKey> encryptionKey();

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
   * Stream records per batch, from 1 to 1000.
   *
   * @default 10
   */
  @Value.Default
  default int batchSize() {
    return 10;
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

  /**
   * How long the pipe's log events are kept.
   *
   * @default RetentionDays.ONE_MONTH
   */
  @Value.Default
  default RetentionDays logRetention() {
    return RetentionDays.ONE_MONTH;
  }

  @Value.Check
  default void check() {
    for (String email : notificationEmails()) {
      if (!Token.isUnresolved(email) && !EMAIL.matcher(email).matches()) {
        throw new IllegalArgumentException(
            "notificationEmails must hold email addresses like orders@example.com, but \"" + email
                + "\" is not one");
      }
    }
    if (!List.of("LATEST", "TRIM_HORIZON").contains(startingPosition())) {
      throw new IllegalArgumentException(
          "startingPosition must be LATEST or TRIM_HORIZON, but \"" + startingPosition() + "\" was provided");
    }
    if (existingTopic().isPresent() && encryptionKey().isPresent()) {
      throw new IllegalArgumentException(
          "encryptionKey configures a new topic and cannot be combined with existingTopic: set one of them");
    }
    Checks.requireBetween("batchSize", batchSize(), 1, 1000);
    Checks.requireBetween("maximumRetryAttempts", maximumRetryAttempts(), 0, 10000);
    Checks.requireSecondsBetween("maximumRecordAge", maximumRecordAge(), 60, 7 * 86400);
  }

  static ImmutableOrderStatusNotifierProps.Builder builder() {
    return ImmutableOrderStatusNotifierProps.builder();
  }
}
