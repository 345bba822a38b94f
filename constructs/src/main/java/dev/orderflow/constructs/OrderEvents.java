package dev.orderflow.constructs;

import dev.orderflow.constructs.internal.DeadLetterQueues;
import dev.orderflow.constructs.internal.Encryption;
import dev.orderflow.constructs.internal.Pipes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.events.EventField;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.IEventBus;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleTargetInput;
import software.amazon.awscdk.services.events.targets.AppSync;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.pipes.CfnPipe;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * The order's life as events, and real-time updates for its owner, with no Lambda function: a
 * pipe reads the orders table's stream and puts each change of status, and each accepted update,
 * on an EventBridge bus as an {@code OrderStatusChanged} event; a rule on the bus calls the API's
 * IAM-only mutation {@code publishOrderUpdate}, which fires the subscription
 * {@code onOrderUpdated}. Other systems add their own rules to the same bus.
 */
public class OrderEvents extends Construct {

  /** The {@code detail-type} of every event this construct puts on the bus. */
  public static final String DETAIL_TYPE = "OrderStatusChanged";

  /**
   * The pipe's filters, any of which passes a stream record: a new order (PENDING), an accepted
   * update of a PENDING order, its claim (PENDING to PROCESSING), and its finish (PROCESSING to
   * SUCCESS or FAILED). A repeated claim and a deleted order pass none.
   */
  public static final List<String> FILTER_PATTERNS = List.of(
      "{\"eventName\":[\"INSERT\"]}",
      "{\"eventName\":[\"MODIFY\"],\"dynamodb\":{"
          + "\"OldImage\":{\"orderStatus\":{\"S\":[\"PENDING\"]}},"
          + "\"NewImage\":{\"orderStatus\":{\"S\":[\"PENDING\",\"PROCESSING\"]}}}}",
      "{\"eventName\":[\"MODIFY\"],\"dynamodb\":{"
          + "\"OldImage\":{\"orderStatus\":{\"S\":[\"PROCESSING\"]}},"
          + "\"NewImage\":{\"orderStatus\":{\"S\":[\"SUCCESS\",\"FAILED\"]}}}}");

  /**
   * The event's {@code detail}, rendered from the stream record. DynamoDB numbers arrive as text,
   * so {@code quantity} is a string of digits; a value the order lacks is an empty string.
   */
  public static final String DETAIL_TEMPLATE = String.join("\n",
      "{",
      "  \"id\": \"<$.dynamodb.NewImage.id.S>\",",
      "  \"customerId\": \"<$.dynamodb.NewImage.customerId.S>\",",
      "  \"name\": \"<$.dynamodb.NewImage.name.S>\",",
      "  \"quantity\": \"<$.dynamodb.NewImage.quantity.N>\",",
      "  \"restaurantId\": \"<$.dynamodb.NewImage.restaurantId.S>\",",
      "  \"orderStatus\": \"<$.dynamodb.NewImage.orderStatus.S>\",",
      "  \"previousStatus\": \"<$.dynamodb.OldImage.orderStatus.S>\",",
      "  \"failureReason\": \"<$.dynamodb.NewImage.failureReason.S>\",",
      "  \"paymentId\": \"<$.dynamodb.NewImage.paymentId.S>\",",
      "  \"createdAt\": \"<$.dynamodb.NewImage.createdAt.S>\",",
      "  \"updatedAt\": \"<$.dynamodb.NewImage.updatedAt.S>\"",
      "}");

  /** The rule's operation: every field of the order, and the owner that the subscription filters on. */
  public static final String PUBLISH_OPERATION = "mutation PublishOrderUpdate($input: PublishedOrderInput!) {"
      + " publishOrderUpdate(input: $input) { id customerId name quantity restaurantId orderStatus failureReason"
      + " paymentId paidQuantity createdAt updatedAt } }";

  private final IEventBus eventBus;
  private final CfnPipe pipe;
  private final Role pipeRole;
  private final Queue pipeDeadLetterQueue;
  private final ILogGroup logGroup;
  private final Rule apiRule;
  private final Role apiRole;
  private final Queue apiDeadLetterQueue;

  /** Creates it from {@code props}, which were checked when they were built. */
  public OrderEvents(Construct scope, String id, OrderEventsProps props) {
    super(scope, id);
    if (!props.api().isRealtime()) {
      throw new IllegalArgumentException("api must be built with realtime true, but " + props.api().getNode().getPath()
          + " has realtime false: it has no publishOrderUpdate for the rule to call");
    }
    Optional<IKey> key = props.encryptionKey();

    this.eventBus = props.existingEventBus().orElseGet(() -> {
      EventBus.Builder bus = EventBus.Builder.create(this, "Bus").description("Order events: OrderStatusChanged");
      key.ifPresent(bus::kmsKey);
      return bus.build();
    });

    Pipes.StreamPipe parts = Pipes.fromStream(this, props.table(),
        "Reads the orders table's stream and puts order events on the bus", "PipeDeadLetterQueue", "of the pipe",
        new Pipes.StreamReading("LATEST", 10, 0, 3, 3600, FILTER_PATTERNS), props, key);
    this.pipeRole = parts.role();
    this.pipeDeadLetterQueue = parts.deadLetterQueue();
    this.logGroup = parts.logGroup();
    eventBus.grantPutEventsTo(pipeRole);
    this.pipe = Pipes.build(parts.pipe()
            .description("Puts each order's change of status, and each accepted update, on the bus")
            .target(eventBus.getEventBusArn()),
        parts.source(),
        CfnPipe.PipeTargetParametersProperty.builder()
            .eventBridgeEventBusParameters(CfnPipe.PipeTargetEventBridgeEventBusParametersProperty.builder()
                .source(props.eventSource())
                .detailType(DETAIL_TYPE)
                .build())
            .inputTemplate(DETAIL_TEMPLATE)
            .build(),
        props);
    pipe.getNode().addDependency(pipeRole);

    // The rule's role may call publishOrderUpdate and nothing else; customers cannot call it at all.
    this.apiRole = Role.Builder.create(this, "PublishRole")
        .assumedBy(new ServicePrincipal("events.amazonaws.com"))
        .description("Lets the order events rule call publishOrderUpdate")
        .build();
    props.api().grantPublishOrderUpdate(apiRole);
    // EventBridge itself sends what the rule could not deliver here; with the key, it may use it for that.
    this.apiDeadLetterQueue = DeadLetterQueues.create(this, "PublishDeadLetterQueue", key,
        "of the rule's AppSync target");
    key.ifPresent(k -> Encryption.allowService(this, k, "OrderFlowEventsUseTheKey", "events.amazonaws.com"));
    this.apiRule = Rule.Builder.create(this, "PublishRule")
        .description("Publishes each OrderStatusChanged event to the order API's subscribers")
        .eventBus(eventBus)
        .eventPattern(EventPattern.builder()
            .source(List.of(props.eventSource()))
            .detailType(List.of(DETAIL_TYPE))
            .build())
        .targets(List.of(AppSync.Builder.create(props.api().getApi())
            .graphQlOperation(PUBLISH_OPERATION)
            .variables(RuleTargetInput.fromObject(Map.of("input", EventField.fromPath("$.detail"))))
            .eventRole(apiRole)
            .deadLetterQueue(apiDeadLetterQueue)
            // A real-time update is worth little after a few minutes; the client reads the order then.
            .maxEventAge(Duration.minutes(15))
            .retryAttempts(8)
            .build()))
        .build();
  }

  /** The bus the events go to: the new one, or the existing one given. */
  public IEventBus getEventBus() {
    return eventBus;
  }

  /** The pipe from the table's stream to the bus. */
  public CfnPipe getPipe() {
    return pipe;
  }

  /** The pipe's role. */
  public IRole getPipeRole() {
    return pipeRole;
  }

  /** Where stream records go when they cannot be put on the bus after the retries. */
  public IQueue getPipeDeadLetterQueue() {
    return pipeDeadLetterQueue;
  }

  /** The pipe's log group. */
  public ILogGroup getLogGroup() {
    return logGroup;
  }

  /** The rule that calls {@code publishOrderUpdate} for each event. */
  public Rule getPublishRule() {
    return apiRule;
  }

  /** The role the rule calls the API with: allowed {@code publishOrderUpdate} only. */
  public IRole getPublishRole() {
    return apiRole;
  }

  /** Where events go that the rule could not publish to the API after its retries. */
  public IQueue getPublishDeadLetterQueue() {
    return apiDeadLetterQueue;
  }

  /** Executions of the pipe that failed, in the {@code AWS/EventBridge/Pipes} namespace. */
  public Metric metricPipeFailures(MetricOptions options) {
    return Pipes.metricFailures(pipe, options);
  }

  /** Stream records waiting in the pipe's dead-letter queue: order events not put on the bus. */
  public Metric metricMessagesInPipeDeadLetterQueue(MetricOptions options) {
    return pipeDeadLetterQueue.metricApproximateNumberOfMessagesVisible(options);
  }

  /** Events waiting in the rule's dead-letter queue: updates not published to the API's subscribers. */
  public Metric metricMessagesInPublishDeadLetterQueue(MetricOptions options) {
    return apiDeadLetterQueue.metricApproximateNumberOfMessagesVisible(options);
  }
}
