package dev.orderflow.constructs;

import dev.orderflow.constructs.internal.Pipes;
import java.util.List;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.TimeConversionOptions;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.kms.Alias;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.pipes.CfnPipe;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * Announces each finished order by email, as a transactional outbox: the workflow only writes
 * the table, and an EventBridge Pipe reads the table's stream, keeps only the change of
 * {@code orderStatus} from PROCESSING to SUCCESS or FAILED, turns it into a readable message and
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

  /** The message a subscriber reads; the failure reason is empty for a successful order. */
  public static final String MESSAGE_TEMPLATE = String.join("\n",
      "Order status: <$.dynamodb.NewImage.orderStatus.S>",
      "",
      "Order: <$.dynamodb.NewImage.id.S>",
      "Item: <$.dynamodb.NewImage.quantity.N> x <$.dynamodb.NewImage.name.S>",
      "Restaurant: <$.dynamodb.NewImage.restaurantId.S>",
      "Ordered at: <$.dynamodb.NewImage.createdAt.S>",
      "Failure reason: <$.dynamodb.NewImage.failureReason.S>");

  private final ITopic topic;
  private final Queue deadLetterQueue;
  private final Queue subscriptionDeadLetterQueue;
  private final CfnPipe pipe;
  private final Role role;
  private final LogGroup logGroup;

  /** Creates it from {@code props}, which were checked when they were built. */
  public OrderStatusNotifier(Construct scope, String id, OrderStatusNotifierProps props) {
    super(scope, id);
    String streamArn = props.table().getTableStreamArn();
    if (streamArn == null) {
      throw new IllegalArgumentException(
          "table must have a stream with new and old images, but " + props.table().getNode().getPath()
              + " has none: use OrderTable, or an existing table with its stream ARN");
    }

    this.topic = props.existingTopic().orElseGet(() -> Topic.Builder.create(this, "Topic")
        .displayName("Order status")
        .masterKey(props.encryptionKey().orElseGet(() -> Alias.fromAliasName(this, "SnsKey", "alias/aws/sns")))
        .enforceSsl(true)
        .build());

    this.deadLetterQueue = queue("DeadLetterQueue", props);
    this.subscriptionDeadLetterQueue = Queue.Builder.create(this, "SubscriptionDeadLetterQueue")
        // SNS delivers undeliverable emails here; it cannot use a customer-managed key without a key policy.
        .encryption(QueueEncryption.SQS_MANAGED)
        .enforceSsl(true)
        .retentionPeriod(Duration.days(14))
        .build();
    for (String email : props.notificationEmails()) {
      topic.addSubscription(EmailSubscription.Builder.create(email)
          .deadLetterQueue(subscriptionDeadLetterQueue)
          .build());
    }
    for (IQueue quarantine : List.<IQueue>of(deadLetterQueue, subscriptionDeadLetterQueue)) {
      Validations.of(quarantine).acknowledge(
          Acknowledgment.builder()
              .id("Serverless-SQSRedrivePolicy")
              .reason("A dead-letter queue: its messages are kept for inspection and redrive, not passed on")
              .build(),
          Acknowledgment.builder()
              .id("AwsSolutions-SQS3")
              .reason("This queue is a dead-letter queue (of the pipe, or of the email subscriptions),"
                  + " which the rule cannot see because neither is an SQS redrive policy")
              .build());
    }

    this.role = Pipes.role(this, "Reads the orders table's stream and publishes order status notifications");
    props.table().grantStreamRead(role);
    topic.grantPublish(role);
    deadLetterQueue.grantSendMessages(role);
    this.logGroup = LogGroup.Builder.create(this, "LogGroup").retention(props.logRetention()).build();
    logGroup.grantWrite(role);
    Pipes.acknowledgeStreamListing(role);

    this.pipe = CfnPipe.Builder.create(this, "Pipe")
        .roleArn(role.getRoleArn())
        .description("Publishes each order's change from PROCESSING to a final status")
        .source(streamArn)
        .sourceParameters(Pipes.streamSource(props.startingPosition(), props.batchSize(),
            props.maximumRetryAttempts(),
            props.maximumRecordAge().toSeconds(TimeConversionOptions.builder().integral(true).build()),
            deadLetterQueue.getQueueArn(), List.of(FILTER_PATTERN)))
        .target(topic.getTopicArn())
        .targetParameters(CfnPipe.PipeTargetParametersProperty.builder()
            .inputTemplate(MESSAGE_TEMPLATE)
            .build())
        .logConfiguration(Pipes.errorLogging(logGroup))
        .build();
    pipe.getNode().addDependency(role);
  }

  private Queue queue(String id, OrderStatusNotifierProps props) {
    Queue.Builder builder = Queue.Builder.create(this, id)
        .enforceSsl(true)
        .retentionPeriod(Duration.days(14));
    props.encryptionKey().ifPresentOrElse(
        key -> builder.encryption(QueueEncryption.KMS).encryptionMasterKey(key),
        () -> builder.encryption(QueueEncryption.SQS_MANAGED));
    return builder.build();
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

  /** Stream records waiting in the notifier's dead-letter queue: notifications not sent. */
  public Metric metricMessagesInDeadLetterQueue(MetricOptions options) {
    return deadLetterQueue.metricApproximateNumberOfMessagesVisible(options);
  }
}
