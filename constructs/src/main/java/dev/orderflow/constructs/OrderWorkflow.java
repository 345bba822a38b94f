package dev.orderflow.constructs;

import dev.orderflow.constructs.internal.Nag;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.dynamodb.ITableV2;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.stepfunctions.CatchProps;
import software.amazon.awscdk.services.stepfunctions.Choice;
import software.amazon.awscdk.services.stepfunctions.Condition;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.Fail;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;
import software.amazon.awscdk.services.stepfunctions.JitterType;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.Pass;
import software.amazon.awscdk.services.stepfunctions.RetryProps;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.amazon.awscdk.services.stepfunctions.Succeed;
import software.amazon.awscdk.services.stepfunctions.TaskInput;
import software.amazon.awscdk.services.stepfunctions.TaskStateBase;
import software.amazon.awscdk.services.stepfunctions.tasks.DynamoAttributeValue;
import software.amazon.awscdk.services.stepfunctions.tasks.DynamoUpdateItem;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import software.constructs.Construct;

/**
 * The order workflow: for each queued order message, record the order as PENDING, pay, and
 * finish it as SUCCESS or FAILED, so that each order is finished exactly once however often its
 * message is delivered.
 *
 * <p>Its input is a batch of SQS records, as a pipe delivers it; each record's body is an order
 * message {@code {id, customerId, name, quantity, restaurantId, createdAt}}. DynamoDB is written
 * through direct service integrations, with conditions that make every write safe to repeat; the
 * only function called is the payment step. The definition uses JSONPath.
 */
public class OrderWorkflow extends Construct {

  /** Error of a run whose message is not an order message. Nothing was written. */
  public static final String INVALID_ORDER_MESSAGE_ERROR = "OrderFlow.InvalidOrderMessage";
  /** Error of a run whose payment failed for a technical reason after its retries. */
  public static final String PAYMENT_FAILED_ERROR = "OrderFlow.PaymentFailed";
  /** Error of a run that could not write the table after its retries. */
  public static final String TABLE_WRITE_FAILED_ERROR = "OrderFlow.TableWriteFailed";
  /** Error type of the payment function for a request it can never pay: not retried. */
  public static final String INVALID_PAYMENT_REQUEST_ERROR =
      "dev.orderflow.runtime.payment.InvalidPaymentRequestException";

  private static final String CONDITION_FAILED = "DynamoDB.ConditionalCheckFailedException";
  private static final String ALL_ERRORS = "States.ALL";
  private static final Map<String, String> NAME_ATTRIBUTE = Map.of("#name", "name");

  private final StateMachine stateMachine;
  private final LogGroup logGroup;
  private final WorkflowType workflowType;
  private final PaymentFunction paymentFunction;

  /** Creates it from {@code props}, which were checked when they were built. */
  public OrderWorkflow(Construct scope, String id, OrderWorkflowProps props) {
    super(scope, id);
    this.workflowType = props.workflowType();
    ITableV2 table = props.table();

    if (props.paymentFunction().isEmpty() && props.paymentTask().isEmpty()) {
      this.paymentFunction = new PaymentFunction(this, "Payment",
          props.paymentFunctionProps().orElseGet(() -> PaymentFunctionProps.builder().build()));
    } else {
      this.paymentFunction = null;
    }

    Succeed alreadyFinished = Succeed.Builder.create(this, "AlreadyFinished")
        .comment("Another delivery of this message finished the order: nothing more to do")
        .build();
    Succeed orderFinished = Succeed.Builder.create(this, "OrderFinished").build();
    Fail invalidMessage = Fail.Builder.create(this, "InvalidOrderMessage")
        .error(INVALID_ORDER_MESSAGE_ERROR)
        .cause("The message is not an order: id, customerId, name, restaurantId and createdAt must be"
            + " strings, quantity a number of 1 or more")
        .build();
    Fail tableWriteFailed = Fail.Builder.create(this, "TableWriteFailed")
        .error(TABLE_WRITE_FAILED_ERROR)
        .cause("The orders table could not be written; the message is delivered again")
        .build();
    Fail paymentFailed = Fail.Builder.create(this, "PaymentFailed")
        .error(PAYMENT_FAILED_ERROR)
        .cause("The payment step failed after its retries; the order is marked FAILED")
        .build();

    Pass parse = Pass.Builder.create(this, "ParseMessage")
        .parameters(Map.of("order", JsonPath.stringToJson(JsonPath.stringAt("$.body"))))
        .build();

    DynamoUpdateItem record = update("RecordOrder", table,
        "SET customerId = :customerId, #name = :name, quantity = :quantity,"
            + " restaurantId = :restaurantId, createdAt = if_not_exists(createdAt, :createdAt), orderStatus = :pending",
        "attribute_not_exists(id) OR orderStatus = :pending",
        sorted(Map.of(
            ":customerId", DynamoAttributeValue.fromString(JsonPath.stringAt("$.order.customerId")),
            ":name", DynamoAttributeValue.fromString(JsonPath.stringAt("$.order.name")),
            ":quantity", DynamoAttributeValue.numberFromString(
                JsonPath.jsonToString(JsonPath.objectAt("$.order.quantity"))),
            ":restaurantId", DynamoAttributeValue.fromString(JsonPath.stringAt("$.order.restaurantId")),
            ":createdAt", DynamoAttributeValue.fromString(JsonPath.stringAt("$.order.createdAt")),
            ":pending", DynamoAttributeValue.fromString("PENDING"))),
        "Create the order as PENDING; a final order is left as it is");

    IFunction paymentLambda = props.paymentFunction()
        .orElseGet(() -> paymentFunction == null ? null : paymentFunction.getFunction());
    TaskStateBase pay = props.paymentTask().orElseGet(() -> LambdaInvoke.Builder.create(this, "Pay")
        .lambdaFunction(paymentLambda)
        .payload(TaskInput.fromObject(sorted(Map.of(
            "orderId", JsonPath.stringAt("$.order.id"),
            "customerId", JsonPath.stringAt("$.order.customerId"),
            "name", JsonPath.stringAt("$.order.name"),
            "quantity", JsonPath.numberAt("$.order.quantity"),
            "restaurantId", JsonPath.stringAt("$.order.restaurantId")))))
        .payloadResponseOnly(true)
        .resultPath("$.payment")
        .comment("Idempotency key: the order id")
        .build());
    pay.addRetry(RetryProps.builder()
        .errors(List.of(INVALID_PAYMENT_REQUEST_ERROR))
        .maxAttempts(0)
        .build());
    pay.addRetry(RetryProps.builder()
        .errors(List.of(ALL_ERRORS))
        .interval(Duration.seconds(1))
        .backoffRate(2)
        .maxAttempts(4)
        .maxDelay(Duration.seconds(20))
        .jitterStrategy(JitterType.FULL)
        .build());

    DynamoUpdateItem markPaid = update("MarkPaid", table,
        "SET orderStatus = :success, paymentId = :paymentId, updatedAt = :now",
        "orderStatus = :pending",
        sorted(Map.of(
            ":success", DynamoAttributeValue.fromString("SUCCESS"),
            ":paymentId", DynamoAttributeValue.fromString(JsonPath.stringAt("$.payment.paymentId")),
            ":now", DynamoAttributeValue.fromString(JsonPath.stringAt("$$.State.EnteredTime")),
            ":pending", DynamoAttributeValue.fromString("PENDING"))),
        "Finish the order as paid, unless it is already final");
    DynamoUpdateItem markDeclined = update("MarkDeclined", table,
        "SET orderStatus = :failed, failureReason = :reason, updatedAt = :now",
        "orderStatus = :pending",
        sorted(Map.of(
            ":failed", DynamoAttributeValue.fromString("FAILED"),
            ":reason", DynamoAttributeValue.fromString(JsonPath.stringAt("$.payment.reason")),
            ":now", DynamoAttributeValue.fromString(JsonPath.stringAt("$$.State.EnteredTime")),
            ":pending", DynamoAttributeValue.fromString("PENDING"))),
        "Finish the order as declined, unless it is already final");
    DynamoUpdateItem markPaymentFailed = update("MarkPaymentFailed", table,
        "SET orderStatus = :failed, failureReason = :reason, updatedAt = :now",
        "orderStatus = :pending",
        sorted(Map.of(
            ":failed", DynamoAttributeValue.fromString("FAILED"),
            ":reason", DynamoAttributeValue.fromString(
                JsonPath.format("payment could not be completed: {}", JsonPath.stringAt("$.error.Error"))),
            ":now", DynamoAttributeValue.fromString(JsonPath.stringAt("$$.State.EnteredTime")),
            ":pending", DynamoAttributeValue.fromString("PENDING"))),
        "Finish the order as failed after a technical error, unless it is already final");
    Pass unexpectedAnswer = Pass.Builder.create(this, "UnexpectedPaymentAnswer")
        .parameters(sorted(Map.of(
            "Error", "OrderFlow.UnexpectedPaymentAnswer",
            "Cause", JsonPath.jsonToString(JsonPath.objectAt("$.payment")))))
        .resultPath("$.error")
        .build();

    record.addCatch(alreadyFinished, catching(CONDITION_FAILED, JsonPath.DISCARD));
    record.addCatch(tableWriteFailed, catching(ALL_ERRORS, "$.error"));
    pay.addCatch(markPaymentFailed, catching(ALL_ERRORS, "$.error"));
    for (DynamoUpdateItem finish : List.of(markPaid, markDeclined)) {
      finish.addCatch(alreadyFinished, catching(CONDITION_FAILED, JsonPath.DISCARD));
      finish.addCatch(tableWriteFailed, catching(ALL_ERRORS, "$.error"));
      finish.next(orderFinished);
    }
    markPaymentFailed.addCatch(alreadyFinished, catching(CONDITION_FAILED, JsonPath.DISCARD));
    markPaymentFailed.addCatch(tableWriteFailed, catching(ALL_ERRORS, "$.failure"));
    markPaymentFailed.next(paymentFailed);
    unexpectedAnswer.next(markPaymentFailed);

    Choice outcome = Choice.Builder.create(this, "PaymentOutcome").build()
        .when(Condition.stringEquals("$.payment.status", "APPROVED"), markPaid)
        .when(Condition.stringEquals("$.payment.status", "DECLINED"), markDeclined)
        .otherwise(unexpectedAnswer);

    Choice validate = Choice.Builder.create(this, "ValidateOrder").build()
        .when(validOrder(), record.next(pay).next(outcome))
        .otherwise(invalidMessage);

    software.amazon.awscdk.services.stepfunctions.Map eachMessage =
        software.amazon.awscdk.services.stepfunctions.Map.Builder.create(this, "ForEachMessage")
            .comment("Each SQS record of the batch is one order message")
            .itemsPath("$")
            .maxConcurrency(10)
            .resultPath(JsonPath.DISCARD)
            .build();
    eachMessage.itemProcessor(parse.next(validate));

    this.logGroup = LogGroup.Builder.create(this, "LogGroup").retention(props.logRetention()).build();
    this.stateMachine = StateMachine.Builder.create(this, "StateMachine")
        .definitionBody(DefinitionBody.fromChainable(eachMessage))
        .stateMachineType(workflowType == WorkflowType.EXPRESS ? StateMachineType.EXPRESS : StateMachineType.STANDARD)
        .tracingEnabled(true)
        .logs(LogOptions.builder().destination(logGroup).level(LogLevel.ALL).includeExecutionData(true).build())
        .comment("OrderFlow: record, pay and finish each order exactly once")
        .build();

    Validations.of(stateMachine).acknowledge(
        Acknowledgment.builder()
            .id("AwsSolutions-IAM5[Resource::*]")
            .reason("X-Ray PutTraceSegments/PutTelemetryRecords and the CloudWatch Logs delivery actions"
                + " of Step Functions logging accept no resource narrower than *")
            .build());
    if (paymentLambda != null) {
      Validations.of(stateMachine).acknowledge(
          Acknowledgment.builder()
              .id("AwsSolutions-IAM5[Resource::" + Nag.resource(this, paymentLambda.getFunctionArn()) + ":*]")
              .reason("lambda:InvokeFunction on the payment function's own versions and aliases"
                  + " (its ARN followed by :*), which the Step Functions Lambda integration grants")
              .build());
    }
  }

  private DynamoUpdateItem update(String id, ITableV2 table, String updateExpression, String condition,
      Map<String, DynamoAttributeValue> values, String comment) {
    DynamoUpdateItem task = DynamoUpdateItem.Builder.create(this, id)
        .table(table)
        .key(Map.of("id", DynamoAttributeValue.fromString(JsonPath.stringAt("$.order.id"))))
        .updateExpression(updateExpression)
        .conditionExpression(condition)
        .expressionAttributeValues(values)
        .expressionAttributeNames(updateExpression.contains("#name") ? NAME_ATTRIBUTE : null)
        .resultPath(JsonPath.DISCARD)
        .comment(comment)
        .build();
    // A failed condition is an answer, not a fault: it is never retried.
    task.addRetry(RetryProps.builder().errors(List.of(CONDITION_FAILED)).maxAttempts(0).build());
    task.addRetry(RetryProps.builder()
        .errors(List.of(ALL_ERRORS))
        .interval(Duration.seconds(1))
        .backoffRate(2)
        .maxAttempts(3)
        .jitterStrategy(JitterType.FULL)
        .build());
    return task;
  }

  /**
   * A copy with its keys in sorted order. {@code Map.of} iterates in an order that changes from one
   * JVM to the next, and the definition is a string: an unsorted map would change it on every synth.
   */
  private static <V> Map<String, V> sorted(Map<String, V> map) {
    return new TreeMap<>(map);
  }

  private static CatchProps catching(String error, String resultPath) {
    return CatchProps.builder().errors(List.of(error)).resultPath(resultPath).build();
  }

  private static Condition validOrder() {
    // IsPresent first: a type test on a missing field is an error, not a false.
    return Condition.and(
        Condition.isPresent("$.order.id"),
        Condition.isPresent("$.order.customerId"),
        Condition.isPresent("$.order.name"),
        Condition.isPresent("$.order.restaurantId"),
        Condition.isPresent("$.order.createdAt"),
        Condition.isPresent("$.order.quantity"),
        Condition.isString("$.order.id"),
        Condition.isString("$.order.customerId"),
        Condition.isString("$.order.name"),
        Condition.isString("$.order.restaurantId"),
        Condition.isString("$.order.createdAt"),
        Condition.isNumeric("$.order.quantity"),
        Condition.numberGreaterThanEquals("$.order.quantity", 1));
  }

  /** The state machine. */
  public IStateMachine getStateMachine() {
    return stateMachine;
  }

  /** The log group of the state machine's executions. */
  public ILogGroup getLogGroup() {
    return logGroup;
  }

  /** Express or Standard, as the props chose. */
  public WorkflowType getWorkflowType() {
    return workflowType;
  }

  /** The default payment function, or empty when a payment function or task was given. */
  public Optional<PaymentFunction> getPaymentFunction() {
    return Optional.ofNullable(paymentFunction);
  }

  /** Runs that ended in failure: an invalid message, a payment failure, a table write failure. */
  public Metric metricFailedRuns(MetricOptions options) {
    return stateMachine.metricFailed(options);
  }

  /** Runs that exceeded their time limit. */
  public Metric metricTimedOutRuns(MetricOptions options) {
    return stateMachine.metricTimedOut(options);
  }
}
