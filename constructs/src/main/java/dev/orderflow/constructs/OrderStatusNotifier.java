package dev.orderflow.constructs;

import dev.orderflow.constructs.internal.DeadLetterQueues;
import dev.orderflow.constructs.internal.Encryption;
import dev.orderflow.constructs.internal.Pipes;
import dev.orderflow.constructs.internal.Props;
import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.TimeConversionOptions;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.kms.Alias;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.pipes.CfnPipe;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.TopicProps;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * Announces each finished order by email, as a transactional outbox: the workflow only writes
 * the table, and an EventBridge Pipe reads the table's stream, keeps only the change of
 * {@code orderStatus} from PROCESSING to SUCCESS or FAILED, turns it into a JSON message (values escaped) and
 * publishes it to an SNS topic. A batch that still fails after its retries goes to a dead-letter
 * queue, so no notification is lost silently.
 */
public class OrderStatusNotifier extends Construct {

  /**
   * The pipe's filter: only the change of orderStatus from PROCESSING to a final status. The
   * workflow finishes an order only while it is PROCESSING, so this change happens once per order.
   */
  public static final String FILTER_PATTERN =
      "{\"eventName\":[\"MODIFY\"],\"dynamodb\":{"
          + "\"OldImage\":{\"orderStatus\":{\"S\":[\"PROCESSING\"]}},"
          + "\"NewImage\":{\"orderStatus\":{\"S\":[\"SUCCESS\",\"FAILED\"]}}}}";

  /**
   * The message a subscriber reads: a JSON object, so that Pipes escapes each value it inserts and
   * no field's content (a name with a line break, say) can add a line or a field of its own. The
   * failure reason is empty for a successful order.
   */
  public static final String MESSAGE_TEMPLATE = String.join("\n",
      "{",
      "  \"orderStatus\": \"<$.dynamodb.NewImage.orderStatus.S>\",",
      "  \"orderId\": \"<$.dynamodb.NewImage.id.S>\",",
      "  \"quantity\": \"<$.dynamodb.NewImage.quantity.N>\",",
      "  \"name\": \"<$.dynamodb.NewImage.name.S>\",",
      "  \"restaurantId\": \"<$.dynamodb.NewImage.restaurantId.S>\",",
      "  \"orderedAt\": \"<$.dynamodb.NewImage.createdAt.S>\",",
      "  \"failureReason\": \"<$.dynamodb.NewImage.failureReason.S>\"",
      "}");

  private final ITopic topic;
  private final Queue deadLetterQueue;
  private final Queue subscriptionDeadLetterQueue;
  private final CfnPipe pipe;
  private final Role role;
  private final ILogGroup logGroup;

  /** Creates it from {@code props}, which were checked when they were built. */
  public OrderStatusNotifier(Construct scope, String id, OrderStatusNotifierProps props) {
    super(scope, id);
    Optional<IKey> key = props.encryptionKey();

    this.topic = props.existingTopic().orElseGet(() -> {
      Topic.Builder builder = Topic.Builder.create(this, "Topic")
          .displayName("Order status")
          .masterKey(key.orElseGet(() -> Alias.fromAliasName(this, "SnsKey", "alias/aws/sns")))
          .enforceSsl(true);
      props.topicProps().ifPresent(user -> Props.copyInto(TopicProps.class, user, builder));
      return builder.build();
    });

    Pipes.StreamPipe parts = Pipes.fromStream(this, props.table(),
        "Reads the orders table's stream and publishes order status notifications", "DeadLetterQueue",
        "of the pipe", new Pipes.StreamReading(props.startingPosition(), props.batchSize(),
            props.maximumBatchingWindow().toSeconds(TimeConversionOptions.builder().integral(true).build()),
            props.maximumRetryAttempts(),
            props.maximumRecordAge().toSeconds(TimeConversionOptions.builder().integral(true).build()),
            List.of(FILTER_PATTERN)),
        props, key);
    this.role = parts.role();
    this.deadLetterQueue = parts.deadLetterQueue();
    this.logGroup = parts.logGroup();
    topic.grantPublish(role);

    // SNS delivers undeliverable emails here; with the key, SNS is allowed to use it for that.
    this.subscriptionDeadLetterQueue = DeadLetterQueues.create(this, "SubscriptionDeadLetterQueue", key,
        "of the email subscriptions");
    key.ifPresent(k -> Encryption.allowService(this, k, "OrderFlowSnsUsesTheKey", "sns.amazonaws.com"));
    for (String email : props.notificationEmails()) {
      topic.addSubscription(EmailSubscription.Builder.create(email)
          .deadLetterQueue(subscriptionDeadLetterQueue)
          .build());
    }

    this.pipe = Pipes.build(parts.pipe()
            .description("Publishes each order's change from PROCESSING to a final status")
            .target(topic.getTopicArn()),
        parts.source(),
        CfnPipe.PipeTargetParametersProperty.builder().inputTemplate(MESSAGE_TEMPLATE).build(),
        props);
    pipe.getNode().addDependency(role);
  }

  /** The topic the notifications are published to: the new one, or the existing one given. */
  public ITopic getTopic() {
    return topic;
  }

  /** The pipe from the table's stream to the topic. */
  public CfnPipe getPipe() {
    return pipe;
  }

  /** The pipe's role. */
  public IRole getRole() {
    return role;
  }

  /** Where stream records go when they cannot be published after the retries. */
  public IQueue getDeadLetterQueue() {
    return deadLetterQueue;
  }

  /** Where SNS puts emails it could not deliver. */
  public IQueue getSubscriptionDeadLetterQueue() {
    return subscriptionDeadLetterQueue;
  }

  /** The pipe's log group. */
  public ILogGroup getLogGroup() {
    return logGroup;
  }

  /** Executions of the pipe that failed, in the {@code AWS/EventBridge/Pipes} namespace. */
  public Metric metricFailures(MetricOptions options) {
    return Pipes.metricFailures(pipe, options);
  }

  /** Emails waiting in the email subscriptions' dead-letter queue: emails SNS could not deliver. */
  public Metric metricEmailsInDeadLetterQueue(MetricOptions options) {
    return subscriptionDeadLetterQueue.metricApproximateNumberOfMessagesVisible(options);
  }

  /** Stream records waiting in the notifier's dead-letter queue: notifications not sent. */
  public Metric metricMessagesInDeadLetterQueue(MetricOptions options) {
    return deadLetterQueue.metricApproximateNumberOfMessagesVisible(options);
  }
}
