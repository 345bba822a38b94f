package dev.orderflow.constructs;

import dev.orderflow.constructs.internal.Authorization;
import dev.orderflow.constructs.internal.Options;
import java.util.Optional;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.appsync.IGraphqlApi;
import software.amazon.awscdk.services.dynamodb.ITableV2;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.kms.IKey;
import software.constructs.Construct;

/**
 * A GraphQL order API whose orders are buffered in SQS, processed exactly once by a Step
 * Functions workflow that writes DynamoDB and calls one payment function, and announced by email
 * through the table's stream, an EventBridge Pipe and SNS; with alarms and a dashboard.
 *
 * <p>It composes {@link OrderTable}, {@link OrderQueue}, {@link OrderWorkflow},
 * {@link QueueToStateMachinePipe}, {@link OrderGraphqlApi}, {@link OrderStatusNotifier},
 * {@link OrderMonitoring} and, with {@code orderEvents}, {@link OrderEvents}; each is reachable
 * through its getter.
 */
public class EventDrivenOrderApi extends Construct {

  private final OrderTable table;
  private final OrderQueue queue;
  private final OrderWorkflow workflow;
  private final QueueToStateMachinePipe pipe;
  private final OrderGraphqlApi api;
  private final OrderStatusNotifier notifier;
  private final OrderMonitoring monitoring;
  private final OrderEvents events;

  /** Creates it with the default props. */
  public EventDrivenOrderApi(Construct scope, String id) {
    this(scope, id, EventDrivenOrderApiProps.builder().build());
  }

  /** Creates it from {@code props}, which were checked when they were built. */
  public EventDrivenOrderApi(Construct scope, String id, EventDrivenOrderApiProps props) {
    super(scope, id);

    ImmutableOrderTableProps.Builder tableProps = OrderTableProps.builder();
    props.existingTable().ifPresent(tableProps::existingTable);
    props.tableProps().ifPresent(tableProps::tableProps);
    if (props.existingTable().isEmpty()) {
      props.encryptionKey().ifPresent(tableProps::encryptionKey);
      tableProps.removalPolicy(props.removalPolicy());
    }
    this.table = new OrderTable(this, "Orders", tableProps.build());

    Optional<IKey> key = props.encryptionKey();
    OrderQueueProps queueProps = props.queueProps().orElseGet(() -> OrderQueueProps.builder().build());
    if (key.isPresent() && queueProps.existingQueue().isEmpty()) {
      queueProps = ImmutableOrderQueueProps.copyOf(queueProps).withEncryptionKey(key);
    }
    this.queue = new OrderQueue(this, "Queue", queueProps);

    ImmutableOrderWorkflowProps.Builder workflowProps = OrderWorkflowProps.builder()
        .table(table.getTable())
        .workflowType(props.workflowType())
        .encryptionKey(key);
    props.paymentFunction().ifPresent(workflowProps::paymentFunction);
    props.paymentTask().ifPresent(workflowProps::paymentTask);
    props.paymentFunctionProps().ifPresent(workflowProps::paymentFunctionProps);
    props.workflowProps().ifPresent(options -> Options.forward(OrderWorkflowOptions.class, options, workflowProps));
    this.workflow = new OrderWorkflow(this, "Workflow", workflowProps.build());

    ImmutableQueueToStateMachinePipeProps.Builder pipeProps = QueueToStateMachinePipeProps.builder()
        .queue(queue.getQueue())
        .stateMachine(workflow.getStateMachine())
        .invocationType(workflow.getWorkflowType().pipeInvocationType())
        .encryptionKey(key);
    props.pipeProps().ifPresent(options -> Options.forward(QueueToStateMachinePipeOptions.class, options, pipeProps));
    this.pipe = new QueueToStateMachinePipe(this, "Pipe", pipeProps.build());

    ImmutableOrderGraphqlApiProps.Builder apiProps = OrderGraphqlApiProps.builder()
        .table(table.getTable())
        .queue(queue.getQueue())
        .apiName(props.apiName())
        .maxQuantity(props.maxQuantity())
        .encryptionKey(key);
    if (props.orderEvents()) {
      apiProps.realtime(true).authorization(Authorization.withIam(props.authorization().orElse(null)));
    } else {
      props.authorization().ifPresent(apiProps::authorization);
    }
    props.apiProps().ifPresent(options -> Options.forward(OrderGraphqlApiOptions.class, options, apiProps));
    this.api = new OrderGraphqlApi(this, "Api", apiProps.build());

    ImmutableOrderStatusNotifierProps.Builder notifierProps = OrderStatusNotifierProps.builder()
        .table(table.getTable())
        .addAllNotificationEmails(props.notificationEmails())
        .encryptionKey(key);
    props.existingTopic().ifPresent(notifierProps::existingTopic);
    props.topicProps().ifPresent(notifierProps::topicProps);
    props.notifierProps().ifPresent(options -> Options.forward(OrderStatusNotifierOptions.class, options, notifierProps));
    this.notifier = new OrderStatusNotifier(this, "Notifier", notifierProps.build());

    if (props.orderEvents()) {
      ImmutableOrderEventsProps.Builder eventsProps = OrderEventsProps.builder()
          .table(table.getTable())
          .api(api)
          .encryptionKey(key);
      props.existingEventBus().ifPresent(eventsProps::existingEventBus);
      props.orderEventsProps().ifPresent(options -> Options.forward(OrderEventsOptions.class, options, eventsProps));
      this.events = new OrderEvents(this, "Events", eventsProps.build());
    } else {
      this.events = null;
    }

    if (key.isPresent()) {
      // Every role that reads or writes an encrypted part is granted the key through CDK's grants.
      Validations.of(this).acknowledge(
          Acknowledgment.builder()
              .id("AwsSolutions-IAM5[Action::kms:GenerateDataKey*]")
              .reason("CDK's encrypt grants on the one orders key name the kms:GenerateDataKey* family, on that key only")
              .build(),
          Acknowledgment.builder()
              .id("AwsSolutions-IAM5[Action::kms:ReEncrypt*]")
              .reason("CDK's encrypt grants on the one orders key name the kms:ReEncrypt* family, on that key only")
              .build());
    }

    ImmutableOrderMonitoringProps.Builder monitoringProps = OrderMonitoringProps.builder()
        .queue(queue).pipe(pipe).workflow(workflow).api(api).notifier(notifier)
        .events(Optional.ofNullable(events));
    props.alarmTopic().ifPresent(monitoringProps::alarmTopic);
    props.monitoringProps().ifPresent(options -> Options.forward(OrderMonitoringOptions.class, options, monitoringProps));
    this.monitoring = new OrderMonitoring(this, "Monitoring", monitoringProps.build());
  }

  /**
   * Lets a principal read orders from the table directly (GetItem, BatchGetItem, Query on
   * byCustomer, which answers keys only).
   */
  public Grant grantReadOrders(IGrantable grantee) {
    return table.getTable().grantReadData(grantee);
  }

  /** Lets a principal send order messages to the queue, for example a batch importer. */
  public Grant grantSendOrders(IGrantable grantee) {
    return queue.getQueue().grantSendMessages(grantee);
  }

  /** Lets an IAM principal call the API's queries (all, or the named ones). */
  public Grant grantQuery(IGrantable grantee, String... fields) {
    return api.grantQuery(grantee, fields);
  }

  /** Lets an IAM principal call the API's mutations (all, or the named ones). */
  public Grant grantMutation(IGrantable grantee, String... fields) {
    return api.grantMutation(grantee, fields);
  }

  /** The orders table, for convenience: {@code getOrderTable().getTable()}. */
  public ITableV2 getTable() {
    return table.getTable();
  }

  /** The GraphQL API, for convenience: {@code getGraphqlApi().getApi()}. */
  public IGraphqlApi getApi() {
    return api.getApi();
  }

  /** The orders table. */
  public OrderTable getOrderTable() {
    return table;
  }

  /** The orders queue and its dead-letter queue. */
  public OrderQueue getOrderQueue() {
    return queue;
  }

  /** The order workflow, with its payment step. */
  public OrderWorkflow getWorkflow() {
    return workflow;
  }

  /** The pipe from the orders queue to the workflow. */
  public QueueToStateMachinePipe getPipe() {
    return pipe;
  }

  /** The GraphQL order API. */
  public OrderGraphqlApi getGraphqlApi() {
    return api;
  }

  /** The notifier: the table's stream, through a pipe, to the topic and its subscriptions. */
  public OrderStatusNotifier getNotifier() {
    return notifier;
  }

  /** The order events and their rule to the API's subscribers, when {@code orderEvents} is on; else null. */
  public OrderEvents getOrderEvents() {
    return events;
  }

  /** The alarms and the dashboard. */
  public OrderMonitoring getMonitoring() {
    return monitoring;
  }
}
