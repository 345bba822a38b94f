package dev.orderflow.constructs;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.appsync.AuthorizationConfig;
import software.amazon.awscdk.services.appsync.AuthorizationMode;
import software.amazon.awscdk.services.appsync.AuthorizationType;
import software.amazon.awscdk.services.appsync.IGraphqlApi;
import software.amazon.awscdk.services.dynamodb.ITableV2;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.IGrantable;
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

    OrderQueueProps queueProps = props.queueProps().orElseGet(() -> OrderQueueProps.builder().build());
    if (props.encryptionKey().isPresent() && queueProps.existingQueue().isEmpty()) {
      queueProps = ImmutableOrderQueueProps.copyOf(queueProps).withEncryptionKey(props.encryptionKey());
    }
    this.queue = new OrderQueue(this, "Queue", queueProps);

    ImmutableOrderWorkflowProps.Builder workflowProps = OrderWorkflowProps.builder()
        .table(table.getTable())
        .workflowType(props.workflowType());
    props.paymentFunction().ifPresent(workflowProps::paymentFunction);
    props.paymentTask().ifPresent(workflowProps::paymentTask);
    props.paymentFunctionProps().ifPresent(workflowProps::paymentFunctionProps);
    props.workflowProps().ifPresent(options -> workflowProps.logRetention(options.logRetention()));
    this.workflow = new OrderWorkflow(this, "Workflow", workflowProps.build());

    ImmutableQueueToStateMachinePipeProps.Builder pipeProps = QueueToStateMachinePipeProps.builder()
        .queue(queue.getQueue())
        .stateMachine(workflow.getStateMachine())
        .invocationType(workflow.getWorkflowType().pipeInvocationType());
    props.pipeProps().ifPresent(options -> pipeProps
        .batchSize(options.batchSize())
        .maximumBatchingWindow(options.maximumBatchingWindow())
        .logRetention(options.logRetention()));
    this.pipe = new QueueToStateMachinePipe(this, "Pipe", pipeProps.build());

    ImmutableOrderGraphqlApiProps.Builder apiProps = OrderGraphqlApiProps.builder()
        .table(table.getTable())
        .queue(queue.getQueue())
        .apiName(props.apiName())
        .maxQuantity(props.maxQuantity());
    if (props.orderEvents()) {
      apiProps.realtime(true).authorization(withIam(props.authorization().orElse(null)));
    } else {
      props.authorization().ifPresent(apiProps::authorization);
    }
    props.apiProps().ifPresent(options -> apiProps
        .fieldLogLevel(options.fieldLogLevel())
        .logRetention(options.logRetention()));
    this.api = new OrderGraphqlApi(this, "Api", apiProps.build());

    ImmutableOrderStatusNotifierProps.Builder notifierProps = OrderStatusNotifierProps.builder()
        .table(table.getTable())
        .addAllNotificationEmails(props.notificationEmails());
    props.existingTopic().ifPresent(notifierProps::existingTopic);
    props.notifierProps().ifPresent(options -> notifierProps
        .startingPosition(options.startingPosition())
        .batchSize(options.batchSize())
        .maximumRetryAttempts(options.maximumRetryAttempts())
        .maximumRecordAge(options.maximumRecordAge())
        .logRetention(options.logRetention()));
    if (props.existingTopic().isEmpty()) {
      props.encryptionKey().ifPresent(notifierProps::encryptionKey);
    }
    this.notifier = new OrderStatusNotifier(this, "Notifier", notifierProps.build());

    if (props.orderEvents()) {
      ImmutableOrderEventsProps.Builder eventsProps = OrderEventsProps.builder()
          .table(table.getTable())
          .api(api);
      props.existingEventBus().ifPresent(eventsProps::existingEventBus);
      props.orderEventsProps().ifPresent(options -> eventsProps
          .eventSource(options.eventSource())
          .logRetention(options.logRetention()));
      this.events = new OrderEvents(this, "Events", eventsProps.build());
    } else {
      this.events = null;
    }

    if (props.encryptionKey().isPresent()) {
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
        .queue(queue).pipe(pipe).workflow(workflow).api(api).notifier(notifier);
    props.alarmTopic().ifPresent(monitoringProps::alarmTopic);
    props.monitoringProps().ifPresent(options -> monitoringProps
        .maxOrderAge(options.maxOrderAge())
        .maxApiLatency(options.maxApiLatency())
        .dashboardName(options.dashboardName()));
    this.monitoring = new OrderMonitoring(this, "Monitoring", monitoringProps.build());
  }

  /** {@code authorization} (API key alone when null) with IAM added as an additional mode when it lacks it. */
  private static AuthorizationConfig withIam(AuthorizationConfig authorization) {
    if (OrderGraphqlApi.hasIam(authorization)) {
      return authorization;
    }
    List<AuthorizationMode> modes = OrderGraphqlApi.modes(authorization);
    List<AuthorizationMode> additional = new ArrayList<>(modes.subList(1, modes.size()));
    additional.add(AuthorizationMode.builder().authorizationType(AuthorizationType.IAM).build());
    return AuthorizationConfig.builder()
        .defaultAuthorization(modes.get(0))
        .additionalAuthorizationModes(additional)
        .build();
  }

  /** Lets a principal read orders from the table directly (GetItem, Query on byCustomer). */
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
