package dev.orderflow.constructs;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.immutables.value.Value;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.dynamodb.ITableV2;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.TopicProps;

/** Props of {@link OrderStatusNotifier}. */
@Value.Immutable
public interface OrderStatusNotifierProps extends OrderStatusNotifierOptions {

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
   * Settings of the new topic, passed to it as they are: they replace OrderFlow's own (display name,
   * key, TLS only) where they set the same thing. Cannot be combined with {@link #existingTopic()}.
   *
   * @default - OrderFlow's settings alone
   */
  Optional<TopicProps> topicProps();

  /**
   * Addresses that get an email for every finished order. Each must confirm its subscription.
   *
   * @default - no subscriptions
   */
  List<String> notificationEmails();

  /**
   * Customer-managed KMS key for the new topic (an existing topic keeps its own), both dead-letter queues, the log group and the
   * pipe; the construct allows SNS and CloudWatch Logs to use it in the key's policy.
   *
   * @default - the AWS-managed key of SNS for the topic, SQS-managed encryption for the queues,
   *     CloudWatch Logs' and EventBridge's own encryption for the log group and the pipe
   */
  Optional<IKey> encryptionKey();

  /** Refuses values outside what is allowed, naming the prop; {@code build()} calls it. */
  @Value.Check
  default void check() {
    for (String email : notificationEmails()) {
      if (!Token.isUnresolved(email) && !EMAIL.matcher(email).matches()) {
        throw new IllegalArgumentException(
            "notificationEmails must hold email addresses like orders@example.com, but \"" + email
                + "\" is not one");
      }
    }
    if (existingTopic().isPresent() && topicProps().isPresent()) {
      throw new IllegalArgumentException(
          "topicProps configures a new topic and cannot be combined with existingTopic: set one of them");
    }
  }

  /** A builder; {@code build()} checks every value and refuses what is not allowed. */
  static ImmutableOrderStatusNotifierProps.Builder builder() {
    return ImmutableOrderStatusNotifierProps.builder();
  }
}
