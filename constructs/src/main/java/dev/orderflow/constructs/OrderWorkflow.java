package dev.orderflow.constructs;

import dev.orderflow.constructs.internal.Encryption;
import dev.orderflow.constructs.internal.Nag;
import dev.orderflow.constructs.internal.Props;
import dev.orderflow.runtime.payment.PaymentContract;
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
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.stepfunctions.CatchProps;
import software.amazon.awscdk.services.stepfunctions.Choice;
import software.amazon.awscdk.services.stepfunctions.Condition;
import software.amazon.awscdk.services.stepfunctions.CustomerManagedEncryptionConfiguration;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.Fail;
import software.amazon.awscdk.services.stepfunctions.IChainable;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;
import software.amazon.awscdk.services.stepfunctions.JitterType;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.Parallel;
import software.amazon.awscdk.services.stepfunctions.Pass;
import software.amazon.awscdk.services.stepfunctions.Result;
import software.amazon.awscdk.services.stepfunctions.RetryProps;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineProps;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.amazon.awscdk.services.stepfunctions.Succeed;
import software.amazon.awscdk.services.stepfunctions.TaskInput;
import software.amazon.awscdk.services.stepfunctions.TaskStateBase;
import software.amazon.awscdk.services.stepfunctions.tasks.DynamoAttributeValue;
import software.amazon.awscdk.services.stepfunctions.tasks.DynamoGetItem;
import software.amazon.awscdk.services.stepfunctions.tasks.DynamoProjectionExpression;
import software.amazon.awscdk.services.stepfunctions.tasks.DynamoReturnValues;
import software.amazon.awscdk.services.stepfunctions.tasks.DynamoUpdateItem;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import software.constructs.Construct;

/**
 * The order workflow: for each message of a batch, claim the order's row (PENDING to PROCESSING,
 * with a lease), pay for what the row records, and finish it as SUCCESS (with {@code paymentId} and
 * {@code paidQuantity}) or FAILED (with {@code failureReason}), so that each order is charged for
 * what it records, paid for once and finished exactly once however often its message is delivered.
 *
 * <p>Its input is a batch of SQS records, as a pipe delivers it; each record's body is an order
 * message {@code {"id": ...}} naming a row that {@code postOrder} wrote. The order's values are
 * read from the row, never from the message. A message that carries a whole order
 * ({@code id, customerId, name, quantity, restaurantId, createdAt}, as an importer sends it) creates
 * the row when there is none yet, and is then processed the same way. Each message is processed on its own, and the run
 * answers {@code {"batchItemFailures": [{"itemIdentifier": messageId}, ...]}} naming exactly the
 * messages that failed (malformed, a technical failure, or an order that another delivery holds
 * under its claim lease), so that a pipe returns only those to the queue. A declined payment is an outcome, not a failure. DynamoDB is written through direct
 * service integrations, with conditions that make every write safe to repeat; the only function
 * called is the payment step. The definition uses JSONPath.
 */
public class OrderWorkflow extends Construct {

  /** Error of a message that is not an order message. Nothing was written. */
  public static final String INVALID_ORDER_MESSAGE_ERROR = "OrderFlow.InvalidOrderMessage";
  /** Error of a message whose payment failed for a technical reason after its retries. */
  public static final String PAYMENT_FAILED_ERROR = "OrderFlow.PaymentFailed";
  /**
   * Error of a message whose order another delivery claimed and whose claim lease still runs: the
   * message goes back to the queue, and its next delivery finds the order final or claims it.
   */
  public static final String ORDER_CLAIMED_ERROR = "OrderFlow.OrderClaimed";
  /** Error of a message whose order could not be written to the table after its retries. */
  public static final String TABLE_WRITE_FAILED_ERROR = "OrderFlow.TableWriteFailed";
  /** Error type of the payment function for a request it can never pay: not retried. */
  public static final String INVALID_PAYMENT_REQUEST_ERROR = PaymentContract.INVALID_REQUEST_ERROR;

  private static final String CONDITION_FAILED = "DynamoDB.ConditionalCheckFailedException";
  private static final String ALL_ERRORS = "States.ALL";
  private static final String PENDING = "PENDING";
  private static final String PROCESSING = "PROCESSING";
  private static final int MAX_CONCURRENCY = 10;
  private static final Map<String, String> NAME_ATTRIBUTE = Map.of("#name", "name");
  private static final int SECONDS_PER_DAY = 86_400;
  /** Where the payment step's answer is kept: the fields of {@link PaymentContract} below it. */
  private static final String PAYMENT = "$.payment.";

  private final StateMachine stateMachine;
  private final ILogGroup logGroup;
  private final WorkflowType workflowType;
  private final PaymentFunction paymentFunction;

  /** Creates it from {@code props}, which were checked when they were built. */
  public OrderWorkflow(Construct scope, String id, OrderWorkflowProps props) {
    super(scope, id);
    this.workflowType = props.workflowType();
    ITableV2 table = props.table();

    Optional<IKey> key = props.encryptionKey();
    if (props.paymentFunction().isEmpty() && props.paymentTask().isEmpty()) {
      PaymentFunctionProps paymentProps = props.paymentFunctionProps().orElseGet(() -> PaymentFunctionProps.builder().build());
      this.paymentFunction = new PaymentFunction(this, "Payment",
          ImmutablePaymentFunctionProps.copyOf(paymentProps).withEncryptionKey(key));
    } else {
      this.paymentFunction = null;
    }
    IFunction paymentLambda = props.paymentFunction()
        .orElseGet(() -> paymentFunction == null ? null : paymentFunction.getFunction());
    TaskStateBase pay = props.paymentTask().orElseGet(() -> paymentStep(paymentLambda));

    this.logGroup = Encryption.logGroup(this, "LogGroup", props.logGroup(), props.logRetention(), key);
    StateMachine.Builder builder = StateMachine.Builder.create(this, "StateMachine")
        .tracingEnabled(true)
        .logs(LogOptions.builder()
            .destination(logGroup)
            .level(props.logLevel())
            .includeExecutionData(props.includeExecutionData())
            .build())
        .comment("OrderFlow: claim, pay and finish each order of a batch exactly once");
    key.ifPresent(k -> builder.encryptionConfiguration(new CustomerManagedEncryptionConfiguration(k)));
    props.stateMachineProps().ifPresent(user -> Props.copyInto(StateMachineProps.class, user, builder));
    this.stateMachine = builder
        .definitionBody(DefinitionBody.fromChainable(definition(table, pay, props.claimLease())))
        .stateMachineType(workflowType == WorkflowType.EXPRESS ? StateMachineType.EXPRESS : StateMachineType.STANDARD)
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
    if (props.logLevel() != LogLevel.ALL) {
      Validations.of(stateMachine).acknowledge(Acknowledgment.builder()
          .id("AwsSolutions-SF1")
          .reason("The workflow logs at " + props.logLevel() + " by choice (logLevel): logging every state would"
              + " record every order's progress, and with execution data its contents")
          .build());
    }
  }

  /** The default payment step: the payment function, given the order that the claim read. */
  private TaskStateBase paymentStep(IFunction paymentLambda) {
    return LambdaInvoke.Builder.create(this, "Pay")
        .lambdaFunction(paymentLambda)
        .payload(TaskInput.fromObject(sorted(Map.of(
            PaymentContract.ORDER_ID, JsonPath.stringAt("$.order.id"),
            PaymentContract.CUSTOMER_ID, JsonPath.stringAt("$.order.customerId"),
            PaymentContract.NAME, JsonPath.stringAt("$.order.name"),
            PaymentContract.QUANTITY, JsonPath.numberAt("$.order.quantity"),
            PaymentContract.RESTAURANT_ID, JsonPath.stringAt("$.order.restaurantId")))))
        .payloadResponseOnly(true)
        .resultPath("$.payment")
        .comment("Pays for the claimed order; idempotency key: the order id")
        .build();
  }

  /**
   * The definition: each message of the batch claimed, paid for and finished on its own, and the
   * answer to the pipe naming the messages that failed.
   */
  private IChainable definition(ITableV2 table, TaskStateBase pay, Duration claimLease) {
    Succeed nothingToDo = Succeed.Builder.create(this, "NothingToDo")
        .comment("The order is final or gone: another delivery finished it, so there is nothing to do")
        .build();
    Succeed orderFinished = Succeed.Builder.create(this, "OrderFinished").build();
    Fail invalidMessage = Fail.Builder.create(this, "InvalidOrderMessage")
        .error(INVALID_ORDER_MESSAGE_ERROR)
        .cause("The message is not an order message: its body must be JSON with the order id as the string id")
        .build();
    Fail tableWriteFailed = Fail.Builder.create(this, "TableWriteFailed")
        .error(TABLE_WRITE_FAILED_ERROR)
        .cause("The orders table could not be written; the message is delivered again")
        .build();
    Fail paymentFailed = Fail.Builder.create(this, "PaymentFailed")
        .error(PAYMENT_FAILED_ERROR)
        .cause("The payment step failed after its retries; the order is marked FAILED")
        .build();
    Fail orderClaimed = Fail.Builder.create(this, "OrderClaimed")
        .error(ORDER_CLAIMED_ERROR)
        .cause("Another delivery of the order holds its claim until the claim lease ends; the message goes back"
            + " to the queue and is delivered again")
        .build();

    Pass parse = Pass.Builder.create(this, "ParseMessage")
        .parameters(sorted(Map.of(
            "messageId", JsonPath.stringAt("$.messageId"),
            "message", JsonPath.stringToJson(JsonPath.stringAt("$.body")))))
        .build();

    // The claim lease is counted on the UTC clock of the state's entry. JSONPath has no date
    // arithmetic, so the clock is read as a day ("2026-12-03") and the parts of its second of the
    // day, which the claim adds up: "2026-12-03T21:00:10.123Z" split at ':' gives the hour (after
    // the 'T'), the minute and the second (before the '.' or the 'Z'). A part such as "08" is not a
    // JSON number, so it is read as "108", which indexes a range whose items are 100 steps lower.
    Pass readClock = Pass.Builder.create(this, "ReadClock")
        .comment("Reads the UTC day and second of the day that the claim lease is counted from")
        .parameters(sorted(Map.of(
            "day", JsonPath.stringAt("States.ArrayGetItem(States.StringSplit($$.State.EnteredTime, 'T'), 0)"),
            "hourSeconds", JsonPath.numberAt("States.ArrayGetItem(States.ArrayRange(-360000, 82800, 3600),"
                + " States.StringToJson(States.Format('1{}', States.ArrayGetItem(States.StringSplit("
                + "States.ArrayGetItem(States.StringSplit($$.State.EnteredTime, ':'), 0), 'T'), 1))))"),
            "minuteSeconds", JsonPath.numberAt("States.ArrayGetItem(States.ArrayRange(-6000, 3540, 60),"
                + " States.StringToJson(States.Format('1{}', States.ArrayGetItem("
                + "States.StringSplit($$.State.EnteredTime, ':'), 1))))"),
            "seconds", JsonPath.numberAt("States.MathAdd(States.StringToJson(States.Format('1{}',"
                + " States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit("
                + "States.ArrayGetItem(States.StringSplit($$.State.EnteredTime, ':'), 2), 'Z'), 0), '.'), 0))), -100)"))))
        .resultPath("$.clock")
        .build();

    // The claim reads the row as it is when processing starts; from then on updateOrder refuses
    // the order, so the quantity paid for is the quantity recorded. It records the message that
    // holds the order and when its lease ends (a day, and a second from that day's start, which may
    // pass 86400). A PROCESSING order is claimed again only once its lease has ended: the run that
    // held it failed before finishing it. A row without a lease was claimed before leases existed.
    long leaseSeconds = claimLease.toSeconds().longValue();
    DynamoUpdateItem claim = update("ClaimOrder", table, "$.message.id",
        "SET orderStatus = :processing, updatedAt = :now, claimedBy = :messageId, leaseDay = :today,"
            + " leaseEnd = :leaseEnd",
        "orderStatus = :pending OR (orderStatus = :processing AND (attribute_not_exists(leaseEnd)"
            + " OR (leaseDay = :today AND leaseEnd <= :second)"
            + " OR (leaseDay < :today AND leaseEnd <= :secondSinceDayBefore)))",
        sorted(Map.of(
            ":processing", DynamoAttributeValue.fromString(PROCESSING),
            ":pending", DynamoAttributeValue.fromString(PENDING),
            ":now", DynamoAttributeValue.fromString(JsonPath.stringAt("$$.State.EnteredTime")),
            ":messageId", DynamoAttributeValue.fromString(JsonPath.stringAt("$.messageId")),
            ":today", DynamoAttributeValue.fromString(JsonPath.stringAt("$.clock.day")),
            ":second", secondOfDayPlus(0),
            ":leaseEnd", secondOfDayPlus(leaseSeconds),
            // A lease taken on an earlier day: its end counted from today's start is 86400 lower.
            // Taken two or more days ago, it ended long since, unless it ended past midnight: then
            // it reads as still running for at most one lease more, the safe side.
            ":secondSinceDayBefore", secondOfDayPlus(SECONDS_PER_DAY))),
        "Take the PENDING order, or one whose claim lease has ended, for processing and read it;"
            + " a final, missing or otherwise claimed order is left alone",
        DynamoReturnValues.ALL_NEW, "$.order");

    // A refused claim: the order is final or missing (nothing to do, unless the message carries a
    // whole order), or another delivery holds it (this message goes back to the queue).
    DynamoGetItem readStatus = DynamoGetItem.Builder.create(this, "ReadOrderStatus")
        .table(table)
        .key(Map.of("id", DynamoAttributeValue.fromString(JsonPath.stringAt("$.message.id"))))
        .projectionExpression(List.of(new DynamoProjectionExpression().withAttribute("orderStatus")))
        .consistentRead(true)
        .resultPath("$.found")
        .comment("The claim was refused: reads whether another delivery holds the order")
        .build();
    retryTableErrors(readStatus);

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

    DynamoUpdateItem markPaid = finish("MarkPaid", table,
        "SET orderStatus = :success, paymentId = :paymentId, paidQuantity = :paidQuantity, updatedAt = :now",
        Map.of(
            ":success", DynamoAttributeValue.fromString("SUCCESS"),
            ":paymentId", DynamoAttributeValue.fromString(JsonPath.stringAt(PAYMENT + PaymentContract.PAYMENT_ID)),
            ":paidQuantity", DynamoAttributeValue.numberFromString(
                JsonPath.jsonToString(JsonPath.objectAt("$.order.quantity")))),
        "Finish the order as paid, with what was paid for, unless it is already final");
    DynamoUpdateItem markDeclined = finish("MarkDeclined", table,
        "SET orderStatus = :failed, failureReason = :reason, updatedAt = :now",
        Map.of(
            ":failed", DynamoAttributeValue.fromString("FAILED"),
            ":reason", DynamoAttributeValue.fromString(JsonPath.stringAt(PAYMENT + PaymentContract.REASON))),
        "Finish the order as declined, unless it is already final");
    DynamoUpdateItem markPaymentFailed = finish("MarkPaymentFailed", table,
        "SET orderStatus = :failed, failureReason = :reason, updatedAt = :now",
        Map.of(
            ":failed", DynamoAttributeValue.fromString("FAILED"),
            ":reason", DynamoAttributeValue.fromString(
                JsonPath.format("payment could not be completed: {}", JsonPath.stringAt("$.error.Error")))),
        "Finish the order as failed after a technical error, unless it is already final");
    Pass unexpectedAnswer = Pass.Builder.create(this, "UnexpectedPaymentAnswer")
        .parameters(sorted(Map.of(
            "Error", "OrderFlow.UnexpectedPaymentAnswer",
            "Cause", JsonPath.jsonToString(JsonPath.objectAt("$.payment")))))
        .resultPath("$.error")
        .build();

    // A message that carries a whole order (from an importer with grantSendOrders) creates its row
    // when there is none yet; its values never overwrite a row, so a redelivery cannot undo an update.
    DynamoUpdateItem recordImported = update("RecordImportedOrder", table, "$.message.id",
        "SET customerId = :customerId, #name = :name, quantity = :quantity, restaurantId = :restaurantId,"
            + " createdAt = :createdAt, orderStatus = :pending",
        "attribute_not_exists(id)",
        sorted(Map.of(
            ":customerId", DynamoAttributeValue.fromString(JsonPath.stringAt("$.message.customerId")),
            ":name", DynamoAttributeValue.fromString(JsonPath.stringAt("$.message.name")),
            ":quantity", DynamoAttributeValue.numberFromString(
                JsonPath.jsonToString(JsonPath.objectAt("$.message.quantity"))),
            ":restaurantId", DynamoAttributeValue.fromString(JsonPath.stringAt("$.message.restaurantId")),
            ":createdAt", DynamoAttributeValue.fromString(JsonPath.stringAt("$.message.createdAt")),
            ":pending", DynamoAttributeValue.fromString(PENDING))),
        "Create an imported order as PENDING when it has no row yet; an existing row is left as it is",
        DynamoReturnValues.NONE, JsonPath.DISCARD);
    recordImported.addCatch(nothingToDo, catching(CONDITION_FAILED, JsonPath.DISCARD));
    recordImported.addCatch(tableWriteFailed, catching(ALL_ERRORS, "$.error"));
    recordImported.next(claim);
    Choice importedOrder = Choice.Builder.create(this, "IsImportedOrder").build()
        .when(wholeOrder(), recordImported)
        .otherwise(nothingToDo);
    claim.addCatch(readStatus, catching(CONDITION_FAILED, JsonPath.DISCARD));
    claim.addCatch(tableWriteFailed, catching(ALL_ERRORS, "$.error"));
    readStatus.addCatch(tableWriteFailed, catching(ALL_ERRORS, "$.error"));
    readStatus.next(Choice.Builder.create(this, "IsOrderClaimed").build()
        .when(Condition.and(
            Condition.isPresent("$.found.Item.orderStatus.S"),
            Condition.stringEquals("$.found.Item.orderStatus.S", PROCESSING)), orderClaimed)
        .otherwise(importedOrder));
    pay.addCatch(markPaymentFailed, catching(ALL_ERRORS, "$.error"));
    for (DynamoUpdateItem finish : List.of(markPaid, markDeclined)) {
      finish.addCatch(nothingToDo, catching(CONDITION_FAILED, JsonPath.DISCARD));
      finish.addCatch(tableWriteFailed, catching(ALL_ERRORS, "$.error"));
      finish.next(orderFinished);
    }
    markPaymentFailed.addCatch(nothingToDo, catching(CONDITION_FAILED, JsonPath.DISCARD));
    markPaymentFailed.addCatch(tableWriteFailed, catching(ALL_ERRORS, "$.failure"));
    markPaymentFailed.next(paymentFailed);
    unexpectedAnswer.next(markPaymentFailed);

    Choice outcome = Choice.Builder.create(this, "PaymentOutcome").build()
        .when(Condition.stringEquals(PAYMENT + PaymentContract.STATUS, PaymentContract.APPROVED), markPaid)
        .when(Condition.stringEquals(PAYMENT + PaymentContract.STATUS, PaymentContract.DECLINED), markDeclined)
        .otherwise(unexpectedAnswer);

    Choice validate = Choice.Builder.create(this, "ValidateMessage").build()
        .when(validMessage(), readClock.next(claim).next(pay).next(outcome))
        .otherwise(invalidMessage);

    // One order per branch run: whatever fails in it, the Catch turns into this message's entry in
    // the answer to the pipe, and the other orders of the batch carry on.
    Parallel processMessage = Parallel.Builder.create(this, "ProcessMessage")
        .comment("Claim, pay and finish the order of one message")
        .resultPath(JsonPath.DISCARD)
        .build();
    processMessage.branch(parse.next(validate));
    Pass messageHandled = Pass.Builder.create(this, "MessageHandled")
        .comment("Handled: a final order, or nothing to do. Not an item failure")
        .parameters(Map.of("outcome", "HANDLED"))
        .build();
    Pass messageFailed = Pass.Builder.create(this, "MessageFailed")
        .comment("A technical failure or a malformed message: the pipe returns this message to the queue")
        .parameters(sorted(Map.of("outcome", "FAILED",
            "batchItemFailure", Map.of("itemIdentifier", JsonPath.stringAt("$.messageId")))))
        .build();
    processMessage.addCatch(messageFailed, catching(ALL_ERRORS, "$.error"));
    processMessage.next(messageHandled);

    software.amazon.awscdk.services.stepfunctions.Map eachMessage =
        software.amazon.awscdk.services.stepfunctions.Map.Builder.create(this, "ForEachMessage")
            .comment("Each SQS record of the batch is one order message, processed on its own")
            .itemsPath("$")
            .maxConcurrency(MAX_CONCURRENCY)
            .resultSelector(sorted(Map.of(
                "anyFailed", JsonPath.arrayContains(JsonPath.listAt("$[*].outcome"), "FAILED"),
                "outcomes", JsonPath.listAt("$"))))
            .build();
    eachMessage.itemProcessor(processMessage);
    // A JSONPath filter that matches nothing is an error, not an empty list: the failures are only
    // gathered when there is one.
    Pass noFailures = Pass.Builder.create(this, "AnswerNoFailures")
        .result(Result.fromObject(Map.of("batchItemFailures", List.of())))
        .build();
    Pass failures = Pass.Builder.create(this, "AnswerFailures")
        .comment("Pipes returns exactly the messages named here to the queue")
        .parameters(Map.of("batchItemFailures", JsonPath.listAt("$.outcomes[*].batchItemFailure")))
        .build();
    Choice answer = Choice.Builder.create(this, "AnswerThePipe").build()
        .when(Condition.booleanEquals("$.anyFailed", true), failures)
        .otherwise(noFailures);

    return eachMessage.next(answer);
  }

  /** A write that finishes a claimed order; it applies only while the order is PROCESSING. */
  private DynamoUpdateItem finish(String id, ITableV2 table, String updateExpression,
      Map<String, DynamoAttributeValue> values, String comment) {
    Map<String, DynamoAttributeValue> all = new TreeMap<>(values);
    all.put(":processing", DynamoAttributeValue.fromString(PROCESSING));
    all.put(":now", DynamoAttributeValue.fromString(JsonPath.stringAt("$$.State.EnteredTime")));
    return update(id, table, "$.order.id", updateExpression, "orderStatus = :processing", all,
        comment, DynamoReturnValues.NONE, JsonPath.DISCARD);
  }

  private DynamoUpdateItem update(String id, ITableV2 table, String keyPath, String updateExpression, String condition,
      Map<String, DynamoAttributeValue> values, String comment, DynamoReturnValues returnValues, String resultPath) {
    DynamoUpdateItem.Builder builder = DynamoUpdateItem.Builder.create(this, id)
        .table(table)
        .key(Map.of("id", DynamoAttributeValue.fromString(JsonPath.stringAt(keyPath))))
        .updateExpression(updateExpression)
        .conditionExpression(condition)
        .expressionAttributeValues(values)
        .expressionAttributeNames(updateExpression.contains("#name") ? NAME_ATTRIBUTE : null)
        .returnValues(returnValues)
        .resultPath(resultPath)
        .comment(comment);
    if (returnValues == DynamoReturnValues.ALL_NEW) {
      // The order as the table holds it, in the shape the payment step reads at $.order.
      builder.resultSelector(sorted(Map.of(
          "id", JsonPath.stringAt("$.Attributes.id.S"),
          "customerId", JsonPath.stringAt("$.Attributes.customerId.S"),
          "name", JsonPath.stringAt("$.Attributes.name.S"),
          "quantity", JsonPath.stringToJson(JsonPath.stringAt("$.Attributes.quantity.N")),
          "restaurantId", JsonPath.stringAt("$.Attributes.restaurantId.S"),
          "createdAt", JsonPath.stringAt("$.Attributes.createdAt.S"))));
    }
    DynamoUpdateItem task = builder.build();
    // A failed condition is an answer, not a fault: it is never retried.
    task.addRetry(RetryProps.builder().errors(List.of(CONDITION_FAILED)).maxAttempts(0).build());
    retryTableErrors(task);
    return task;
  }

  /** The retries of a table call: three, with backoff and jitter. */
  private static void retryTableErrors(TaskStateBase task) {
    task.addRetry(RetryProps.builder()
        .errors(List.of(ALL_ERRORS))
        .interval(Duration.seconds(1))
        .backoffRate(2)
        .maxAttempts(3)
        .jitterStrategy(JitterType.FULL)
        .build());
  }

  /** The second of the day that {@code ReadClock} read, plus {@code seconds}, as a DynamoDB number. */
  private static DynamoAttributeValue secondOfDayPlus(long seconds) {
    return DynamoAttributeValue.numberFromString(JsonPath.stringAt("States.Format('{}', States.MathAdd(States.MathAdd("
        + "$.clock.hourSeconds, $.clock.minuteSeconds), States.MathAdd($.clock.seconds, " + seconds + ")))"));
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

  private static Condition wholeOrder() {
    // IsPresent first: a type test on a missing field is an error, not a false.
    return Condition.and(
        Condition.isPresent("$.message.customerId"),
        Condition.isPresent("$.message.name"),
        Condition.isPresent("$.message.restaurantId"),
        Condition.isPresent("$.message.createdAt"),
        Condition.isPresent("$.message.quantity"),
        Condition.isString("$.message.customerId"),
        Condition.isString("$.message.name"),
        Condition.isString("$.message.restaurantId"),
        Condition.isString("$.message.createdAt"),
        Condition.isNumeric("$.message.quantity"),
        Condition.numberGreaterThanEquals("$.message.quantity", 1));
  }

  private static Condition validMessage() {
    // IsPresent first: a type test on a missing field is an error, not a false.
    return Condition.and(Condition.isPresent("$.message.id"), Condition.isString("$.message.id"));
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

  /**
   * Runs that ended in failure as a whole, for example by timing out: the whole batch is returned to
   * the queue. A failure of one order is an item failure of its batch, counted by the pipe
   * ({@link QueueToStateMachinePipe#metricPartialFailures(MetricOptions)}).
   */
  public Metric metricFailedRuns(MetricOptions options) {
    return stateMachine.metricFailed(options);
  }

  /** Runs that exceeded their time limit. */
  public Metric metricTimedOutRuns(MetricOptions options) {
    return stateMachine.metricTimedOut(options);
  }

  /** Runs that Step Functions throttled. */
  public Metric metricThrottledRuns(MetricOptions options) {
    return stateMachine.metricThrottled(options);
  }
}
