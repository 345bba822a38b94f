package dev.orderflow.constructs;

import dev.orderflow.constructs.internal.Authorization;
import dev.orderflow.constructs.internal.Checks;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.appsync.AuthorizationConfig;
import software.amazon.awscdk.services.dynamodb.ITableV2;
import software.amazon.awscdk.services.dynamodb.TablePropsV2;
import software.amazon.awscdk.services.events.IEventBus;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.TopicProps;
import software.amazon.awscdk.services.stepfunctions.TaskStateBase;

/**
 * Props of {@link EventDrivenOrderApi}: the few choices most users make, and a way into each
 * part. Everything has a default, so {@code EventDrivenOrderApiProps.builder().build()} is a
 * working order API.
 */
@Value.Immutable
public interface EventDrivenOrderApiProps {

  /**
   * Name of the GraphQL API.
   *
   * @default "OrderFlowApi"
   */
  @Value.Default
  default String apiName() {
    return "OrderFlowApi";
  }

  /**
   * Who may call the API.
   *
   * @default - an API key, with AppSync's default expiry of 7 days
   */
  Optional<AuthorizationConfig> authorization();

  /**
   * Largest quantity of one order.
   *
   * @default 100
   */
  @Value.Default
  default int maxQuantity() {
    return 100;
  }

  /**
   * Addresses that get an email for every finished order.
   *
   * @default - none
   */
  List<String> notificationEmails();

  /**
   * A topic for the order status messages instead of a new one.
   *
   * @default - a new encrypted topic
   */
  Optional<ITopic> existingTopic();

  /**
   * Settings of the new topic, passed to it as they are; cannot be combined with {@link #existingTopic()}.
   *
   * @default - OrderFlow's settings alone
   */
  Optional<TopicProps> topicProps();

  /**
   * Express (the default: each run awaited by the pipe, failed messages retried and then
   * quarantined) or Standard.
   *
   * @default WorkflowType.EXPRESS
   */
  @Value.Default
  default WorkflowType workflowType() {
    return WorkflowType.EXPRESS;
  }

  /** @see OrderWorkflowProps#paymentFunction() */
  Optional<IFunction> paymentFunction();

  /** @see OrderWorkflowProps#paymentTask() */
  Optional<TaskStateBase> paymentTask();

  /** @see OrderWorkflowProps#paymentFunctionProps() */
  Optional<PaymentFunctionProps> paymentFunctionProps();

  /**
   * One customer-managed KMS key for every part that can be encrypted: the table, every queue
   * (each dead-letter queue included), the topic, every log group, the state machine, every pipe,
   * the event bus and the payment function's environment. The construct adds to the key's policy
   * what CloudWatch Logs, SNS and EventBridge need, and grants the roles of the parts. Parts that
   * you bring (an existing table, queue, topic, bus or log group) keep their own encryption.
   *
   * @default - AWS-managed or AWS-owned encryption for each
   */
  Optional<IKey> encryptionKey();

  /**
   * What happens to the orders table when it leaves the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  @Value.Default
  default RemovalPolicy removalPolicy() {
    return RemovalPolicy.RETAIN;
  }

  /** @see OrderTableProps#existingTable() */
  Optional<ITableV2> existingTable();

  /** @see OrderTableProps#tableProps() */
  Optional<TablePropsV2> tableProps();

  /**
   * Settings of the orders queue, such as {@code maxReceiveCount}, or an existing queue and its
   * dead-letter queue ({@code existingQueue}, {@code existingDeadLetterQueue}). The encryption
   * key of new queues is the top-level {@link #encryptionKey()}; an existing queue keeps its own.
   *
   * @default - the defaults of {@link OrderQueueProps}
   */
  Optional<OrderQueueProps> queueProps();

  /**
   * Settings of the pipe from the queue to the workflow: batch size, batching window, log level,
   * log group, log retention.
   *
   * @default - the defaults of {@link QueueToStateMachinePipeOptions}
   */
  Optional<QueueToStateMachinePipeOptions> pipeProps();

  /**
   * Settings of the workflow beyond its type and payment step: log level, log group, log retention,
   * state machine props.
   *
   * @default - the defaults of {@link OrderWorkflowOptions}
   */
  Optional<OrderWorkflowOptions> workflowProps();

  /**
   * Settings of the GraphQL API beyond its name, authorization and quantity limit: field log
   * level, log retention, query depth and resolver count limits, web ACL.
   *
   * @default - the defaults of {@link OrderGraphqlApiOptions}
   */
  Optional<OrderGraphqlApiOptions> apiProps();

  /**
   * How the notifier reads the table's stream: starting position, batch size, retries, maximum
   * record age, log level, log group, log retention.
   *
   * @default - the defaults of {@link OrderStatusNotifierOptions}
   */
  Optional<OrderStatusNotifierOptions> notifierProps();

  /**
   * Alarm thresholds and the dashboard's name.
   *
   * @default - the defaults of {@link OrderMonitoringOptions}
   */
  Optional<OrderMonitoringOptions> monitoringProps();

  /**
   * Whether the order's life goes out as events and to its owner in real time: the table's
   * stream, through a pipe, puts each change of status and each accepted update on an EventBridge
   * bus as an {@code OrderStatusChanged} event, and a rule on the bus publishes it to the
   * subscription {@code onOrderUpdated} (see {@link OrderEvents}). It adds IAM to the API's
   * authorization modes when they lack it, for the IAM-only {@code publishOrderUpdate}.
   *
   * <p>Off by default: turning it on changes a deployed API (an authorization mode, the schema)
   * and adds a pipe, a bus and a rule, paid per order, which an upgrade should not do unasked.
   *
   * @default false
   */
  @Value.Default
  default boolean orderEvents() {
    return false;
  }

  /**
   * A bus for the order events instead of a new one; needs {@link #orderEvents()}.
   *
   * @default - a new event bus, when {@code orderEvents} is true
   */
  Optional<IEventBus> existingEventBus();

  /**
   * Settings of the order events: the events' source, the pipe's log level, log group and log
   * retention; needs {@link #orderEvents()}.
   *
   * @default - the defaults of {@link OrderEventsOptions}
   */
  Optional<OrderEventsOptions> orderEventsProps();

  /**
   * Where alarms notify.
   *
   * @default - alarms without actions
   */
  Optional<ITopic> alarmTopic();

  /** Refuses values outside what is allowed, naming the prop; {@code build()} calls it. */
  @Value.Check
  default void check() {
    if (queueProps().isPresent() && queueProps().get().encryptionKey().isPresent()) {
      throw new IllegalArgumentException(
          "queueProps.encryptionKey must not be set: the top-level encryptionKey encrypts the queues with the rest");
    }
    authorization().ifPresent(Authorization::refuseModesTheResolversCannotServe);
    if (paymentFunctionProps().isPresent() && paymentFunctionProps().get().encryptionKey().isPresent()) {
      throw new IllegalArgumentException("paymentFunctionProps.encryptionKey must not be set: the top-level"
          + " encryptionKey encrypts the payment function with the rest");
    }
    if (existingTopic().isPresent() && topicProps().isPresent()) {
      throw new IllegalArgumentException(
          "topicProps configures a new topic and cannot be combined with existingTopic: set one of them");
    }
    if (!orderEvents() && existingEventBus().isPresent()) {
      throw new IllegalArgumentException(
          "existingEventBus was provided, but orderEvents is false: set orderEvents(true) to put order events on it");
    }
    if (!orderEvents() && orderEventsProps().isPresent()) {
      throw new IllegalArgumentException(
          "orderEventsProps was provided, but orderEvents is false: set orderEvents(true) to use them");
    }
    OrderQueueProps queue = queueProps().orElseGet(() -> OrderQueueProps.builder().build());
    if (workflowType() == WorkflowType.EXPRESS && queue.existingQueue().isEmpty()) {
      // A delivery refused by another run's claim comes back after the visibility timeout: the lease
      // must have ended by then, or the message is refused again and reaches the dead-letter queue.
      Duration lease = workflowProps().map(OrderWorkflowOptions::claimLease)
          .orElseGet(() -> Duration.seconds(OrderWorkflowOptions.DEFAULT_CLAIM_LEASE_SECONDS));
      Checks.requireShorter("workflowProps.claimLease", lease, "queueProps.visibilityTimeout", queue.visibilityTimeout());
    }
  }

  /** A builder; {@code build()} checks every value and refuses what is not allowed. */
  static ImmutableEventDrivenOrderApiProps.Builder builder() {
    return ImmutableEventDrivenOrderApiProps.builder();
  }
}
