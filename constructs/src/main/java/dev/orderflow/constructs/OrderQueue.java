package dev.orderflow.constructs;

import dev.orderflow.constructs.internal.DeadLetterQueues;
import dev.orderflow.constructs.internal.Props;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueProps;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The orders queue, with its dead-letter queue attached: a message that fails
 * {@code maxReceiveCount} times is quarantined there, not lost. Both queues are encrypted and
 * refuse requests without TLS. With {@code existingQueue}, your queue and its dead-letter queue
 * are used as they are.
 */
public class OrderQueue extends Construct {

  private final IQueue queue;
  private final IQueue deadLetterQueue;

  /** Creates it with the default props. */
  public OrderQueue(Construct scope, String id) {
    this(scope, id, OrderQueueProps.builder().build());
  }

  /** Creates it from {@code props}, which were checked when they were built. */
  public OrderQueue(Construct scope, String id, OrderQueueProps props) {
    super(scope, id);
    if (props.existingQueue().isPresent()) {
      this.queue = props.existingQueue().get();
      this.deadLetterQueue = props.existingDeadLetterQueue().orElseThrow();
      return;
    }
    Queue newDeadLetterQueue = DeadLetterQueues.create(this, "DeadLetterQueue", props.encryptionKey(),
        props.deadLetterRetentionPeriod(), null);
    this.deadLetterQueue = newDeadLetterQueue;
    Queue.Builder builder = Queue.Builder.create(this, "Queue")
        // Longest retention, so an order waiting out an outage downstream is not dropped.
        .retentionPeriod(Duration.days(14));
    props.queueProps().ifPresent(user -> Props.copyInto(QueueProps.class, user, builder));
    // What the order flow needs, whatever queueProps said: its settings, its dead-letter queue,
    // its encryption and TLS.
    props.encryptionKey().ifPresentOrElse(
        key -> builder.encryption(QueueEncryption.KMS).encryptionMasterKey(key),
        () -> {
          if (props.queueProps().map(QueueProps::getEncryption).isEmpty()) {
            builder.encryption(QueueEncryption.SQS_MANAGED);
          }
        });
    this.queue = builder
        .visibilityTimeout(props.visibilityTimeout())
        .deadLetterQueue(DeadLetterQueue.builder()
            .queue(newDeadLetterQueue)
            .maxReceiveCount(props.maxReceiveCount())
            .build())
        .enforceSsl(true)
        .build();
  }

  /** The orders queue. */
  public IQueue getQueue() {
    return queue;
  }

  /** Where messages go after {@code maxReceiveCount} failed receives. */
  public IQueue getDeadLetterQueue() {
    return deadLetterQueue;
  }

  /** Messages waiting in the dead-letter queue: orders that could not be processed. */
  public Metric metricMessagesInDeadLetterQueue(MetricOptions options) {
    return deadLetterQueue.metricApproximateNumberOfMessagesVisible(withStatistic(options, "Maximum"));
  }

  /** Age of the oldest order waiting in the queue, in seconds. */
  public Metric metricAgeOfOldestOrder(MetricOptions options) {
    return queue.metricApproximateAgeOfOldestMessage(withStatistic(options, "Maximum"));
  }

  private static MetricOptions withStatistic(MetricOptions options, String statistic) {
    return options.getStatistic() != null ? options : MetricOptions.builder()
        .statistic(statistic)
        .period(options.getPeriod())
        .label(options.getLabel())
        .build();
  }
}
