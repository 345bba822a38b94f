package dev.orderflow.local.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A definition with Pass, Choice, Task, Map, Parallel, Retry, Catch, Fail and Succeed states run on
 * aws-local-stepfunctions in Node.js, its Task states answered by a scripted handler in Java.
 */
class StepFunctionsRunnerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String ORDERS = "arn:aws:states:us-east-1:123456789012:stateMachine:Orders";
  private static final String ORDERS_EXPRESS = "arn:aws:states:us-east-1:123456789012:stateMachine:OrdersExpress";

  /** An order: validated, its items priced in a Map, then recorded and paid for in parallel. */
  static final String ORDER_DEFINITION = """
      {
        "Comment": "An order: validated, priced item by item, then recorded and paid for side by side",
        "StartAt": "Validate",
        "States": {
          "Validate": {
            "Type": "Choice",
            "Choices": [{ "Variable": "$.items", "IsPresent": false, "Next": "Rejected" }],
            "Default": "Prepare"
          },
          "Rejected": { "Type": "Fail", "Error": "Order.Invalid", "Cause": "the order has no items" },
          "Prepare": {
            "Type": "Pass",
            "Parameters": { "orderId.$": "$.orderId", "items.$": "$.items", "execution.$": "$$.Execution.Name" },
            "Next": "PriceItems"
          },
          "PriceItems": {
            "Type": "Map",
            "ItemsPath": "$.items",
            "ItemProcessor": {
              "ProcessorConfig": { "Mode": "INLINE" },
              "StartAt": "Price",
              "States": {
                "Price": {
                  "Type": "Task",
                  "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": { "FunctionName": "price", "Payload.$": "$" },
                  "ResultSelector": { "sku.$": "$.Payload.sku", "cents.$": "$.Payload.cents" },
                  "End": true
                }
              }
            },
            "ResultPath": "$.prices",
            "Next": "Fulfil"
          },
          "Fulfil": {
            "Type": "Parallel",
            "Branches": [
              {
                "StartAt": "Record",
                "States": {
                  "Record": {
                    "Type": "Task",
                    "Resource": "arn:aws:states:::dynamodb:putItem",
                    "Parameters": { "TableName": "Orders", "Item": { "id": { "S.$": "$.orderId" } } },
                    "Retry": [{
                      "ErrorEquals": ["DynamoDB.ProvisionedThroughputExceededException"],
                      "IntervalSeconds": 1, "MaxAttempts": 3, "BackoffRate": 2
                    }],
                    "ResultSelector": { "recorded": true },
                    "End": true
                  }
                }
              },
              {
                "StartAt": "Pay",
                "States": {
                  "Pay": {
                    "Type": "Task",
                    "Resource": "arn:aws:lambda:us-east-1:123456789012:function:pay",
                    "Catch": [{ "ErrorEquals": ["Payment.Declined"], "ResultPath": "$.failure", "Next": "Declined" }],
                    "End": true
                  },
                  "Declined": { "Type": "Pass", "Parameters": { "declined.$": "$.failure.Cause" }, "End": true }
                }
              }
            ],
            "ResultPath": "$.fulfilment",
            "Next": "Done"
          },
          "Done": { "Type": "Succeed" }
        }
      }
      """;

  private static final ScriptedTaskHandler HANDLER = new ScriptedTaskHandler();
  private static StepFunctionsRunner runner;

  @BeforeAll
  static void startRunner() {
    runner = StepFunctionsRunner.start(HANDLER, StepFunctionsRunner.Options.builder().retryDelayScale(0.01).build());
    runner.register(ORDERS, ORDER_DEFINITION, StateMachineType.STANDARD);
    runner.register(ORDERS_EXPRESS, ORDER_DEFINITION, StateMachineType.EXPRESS);
  }

  @AfterAll
  static void closeRunner() {
    runner.close();
  }

  @BeforeEach
  void resetHandler() {
    HANDLER.reset();
    HANDLER.on("Price", call -> JSON.createObjectNode().set("Payload", JSON.createObjectNode()
            .put("sku", call.input().at("/Payload/sku").asText())
            .put("cents", 250 * call.input().at("/Payload/quantity").asInt())))
        .on("Record", call -> JSON.createObjectNode())
        .on("Pay", call -> JSON.createObjectNode().put("paymentId", "pay-" + call.input().path("orderId").asText()));
  }

  @Test
  void theContextsStartTimeKeepsItsMillisecondsEvenWhenTheyAreZero() {
    assertThat(StepFunctionsRunner.contextTime(java.time.Instant.parse("2026-12-03T10:15:37Z")))
        .isEqualTo("2026-12-03T10:15:37.000Z");
    assertThat(StepFunctionsRunner.contextTime(java.time.Instant.parse("2026-12-03T10:15:37.250Z")))
        .isEqualTo("2026-12-03T10:15:37.250Z");
  }

  @Test
  void runsEveryKindOfStateToTheDefinitionsOutput() throws Exception {
    Execution execution = runner.start(ORDERS, "order-7", order("o-7"));

    ExecutionSummary result = execution.await(WAIT);

    assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(JSON.readTree(result.output())).isEqualTo(JSON.readTree("""
        {"orderId": "o-7",
         "items": [{"sku": "margherita", "quantity": 2}, {"sku": "funghi", "quantity": 1}],
         "execution": "order-7",
         "prices": [{"sku": "margherita", "cents": 500}, {"sku": "funghi", "cents": 250}],
         "fulfilment": [{"recorded": true}, {"paymentId": "pay-o-7"}]}
        """));
    assertThat(result.executionArn()).isEqualTo("arn:aws:states:us-east-1:123456789012:execution:Orders:order-7");
    assertThat(result.stopDate()).isAfterOrEqualTo(result.startDate());
  }

  @Test
  void handsTheHandlerEachTaskStatesResourceAndEffectiveInput() throws Exception {
    runner.start(ORDERS, "order-8", order("o-8")).await(WAIT);

    assertThat(HANDLER.callsOf("Price")).extracting(TaskCall::resource).containsOnly("arn:aws:states:::lambda:invoke");
    assertThat(HANDLER.callsOf("Price")).extracting(call -> call.input().toString()).containsExactlyInAnyOrder(
        "{\"FunctionName\":\"price\",\"Payload\":{\"sku\":\"margherita\",\"quantity\":2}}",
        "{\"FunctionName\":\"price\",\"Payload\":{\"sku\":\"funghi\",\"quantity\":1}}");
    TaskCall record = HANDLER.callsOf("Record").get(0);
    assertThat(record.resource()).isEqualTo("arn:aws:states:::dynamodb:putItem");
    assertThat(record.input()).isEqualTo(JSON.readTree("{\"TableName\":\"Orders\",\"Item\":{\"id\":{\"S\":\"o-8\"}}}"));
    assertThat(record.executionArn()).endsWith(":execution:Orders:order-8");
    assertThat(record.stateMachineArn()).isEqualTo(ORDERS);
  }

  @Test
  void retriesAFailedTaskUntilItSucceeds() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    HANDLER.on("Record", call -> {
      if (attempts.incrementAndGet() <= 2) {
        throw new TaskFailure("DynamoDB.ProvisionedThroughputExceededException", "slow down");
      }
      return JSON.createObjectNode();
    });

    ExecutionSummary result = runner.start(ORDERS, "order-retried", order("o-r")).await(WAIT);

    assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(HANDLER.callsOf("Record")).hasSize(3);
  }

  @Test
  void waitsBetweenRetriesAsTheIntervalAndBackoffSay() throws Exception {
    HANDLER.on("Record", call -> {
      throw new TaskFailure("DynamoDB.ProvisionedThroughputExceededException", "slow down");
    });

    runner.start(ORDERS, "order-backoff", order("o-b")).await(WAIT);

    // IntervalSeconds 1 and BackoffRate 2, scaled by 0.01: 10, 20 and 40 ms between the four attempts.
    List<Long> at = HANDLER.calls().stream().filter(call -> call.call().state().equals("Record"))
        .map(ScriptedTaskHandler.Call::atNanos).toList();
    List<Long> gapsMillis = new ArrayList<>();
    for (int i = 1; i < at.size(); i++) {
      gapsMillis.add(TimeUnit.NANOSECONDS.toMillis(at.get(i) - at.get(i - 1)));
    }
    assertThat(gapsMillis).hasSize(3);
    assertThat(gapsMillis.get(0)).isGreaterThanOrEqualTo(9);
    assertThat(gapsMillis.get(1)).isGreaterThanOrEqualTo(19);
    assertThat(gapsMillis.get(2)).isGreaterThanOrEqualTo(39);
  }

  @Test
  void failsWithTheTasksErrorOnceRetriesAreSpent() throws Exception {
    HANDLER.on("Record", call -> {
      throw new TaskFailure("DynamoDB.ProvisionedThroughputExceededException", "table busy");
    });

    ExecutionSummary result = runner.start(ORDERS, "order-busy", order("o-busy")).await(WAIT);

    assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(result.error()).isEqualTo("DynamoDB.ProvisionedThroughputExceededException");
    assertThat(result.cause()).isEqualTo("table busy");
    assertThat(result.output()).isNull();
    assertThat(HANDLER.callsOf("Record")).hasSize(4);
  }

  @Test
  void catchesACustomErrorAndPassesOnItsCause() throws Exception {
    HANDLER.on("Pay", call -> {
      throw new TaskFailure("Payment.Declined", "card expired");
    });

    ExecutionSummary result = runner.start(ORDERS, "order-declined", order("o-d")).await(WAIT);

    assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(JSON.readTree(result.output()).at("/fulfilment/1")).isEqualTo(
        JSON.readTree("{\"declined\":\"card expired\"}"));
  }

  @Test
  void failsAStateWithStatesTaskFailedWhenTheHandlerThrowsAnythingElse() throws Exception {
    HANDLER.on("Pay", call -> {
      throw new IllegalStateException("gateway client not configured");
    });

    ExecutionSummary result = runner.start(ORDERS, "order-bug", order("o-bug")).await(WAIT);

    assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(result.error()).isEqualTo("States.TaskFailed");
    assertThat(result.cause()).contains("gateway client not configured");
  }

  @Test
  void endsWithTheFailStatesErrorAndCause() throws Exception {
    ExecutionSummary result = runner.start(ORDERS, "order-empty", "{\"orderId\":\"o-e\"}").await(WAIT);

    assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(result.error()).isEqualTo("Order.Invalid");
    assertThat(result.cause()).isEqualTo("the order has no items");
    assertThat(HANDLER.calls()).isEmpty();
  }

  @Test
  void runsFiftyExecutionsAtOnce() throws Exception {
    // Every payment waits until all fifty executions are paying: a runner that ran them one after
    // another would never get there.
    CountDownLatch allPaying = new CountDownLatch(50);
    HANDLER.on("Pay", call -> {
      allPaying.countDown();
      try {
        if (!allPaying.await(30, TimeUnit.SECONDS)) {
          throw new TaskFailure("Test.NotConcurrent", allPaying.getCount() + " executions never reached Pay");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TaskFailure("Test.Interrupted", "interrupted");
      }
      return JSON.createObjectNode().put("paymentId", "pay-" + call.input().path("orderId").asText());
    });

    List<Execution> executions = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      executions.add(runner.start(ORDERS_EXPRESS, null, order("c-" + i)));
    }

    assertThat(runner.awaitIdle(Duration.ofSeconds(60))).isTrue();
    assertThat(runner.running()).isZero();
    assertThat(executions).extracting(execution -> execution.summary().status()).containsOnly(ExecutionStatus.SUCCEEDED);
    assertThat(executions).extracting(execution -> JSON.readTree(execution.summary().output()).at("/fulfilment/1/paymentId")
        .asText()).containsExactlyInAnyOrderElementsOf(
            executions.stream().map(execution -> "pay-c-" + executions.indexOf(execution)).toList());
  }

  @Test
  void refusesAStandardExecutionNameThatWasUsedBefore() throws Exception {
    Execution first = runner.start(ORDERS, "order-once", order("o-1"));
    first.await(WAIT);

    assertThatThrownBy(() -> runner.start(ORDERS, "order-once", order("o-1")))
        .isInstanceOf(ExecutionAlreadyExistsException.class)
        .hasMessageContaining("order-once")
        .hasMessageContaining(ORDERS)
        .satisfies(e -> assertThat(((ExecutionAlreadyExistsException) e).executionArn())
            .isEqualTo(first.executionArn()));
    assertThat(runner.executions()).filteredOn(summary -> summary.name().equals("order-once")).hasSize(1);
  }

  @Test
  void returnsTheRunningExecutionForARepeatedStartWithTheSameInput() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    HANDLER.on("Pay", call -> {
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return JSON.createObjectNode();
    });

    Execution first = runner.start(ORDERS, "order-idempotent", order("o-i"));
    Execution again = runner.start(ORDERS, "order-idempotent", order("o-i"));
    Throwable otherInput = catchThrowable(() -> runner.start(ORDERS, "order-idempotent", order("o-other")));
    release.countDown();

    assertThat(again).isSameAs(first);
    assertThat(otherInput).isInstanceOf(ExecutionAlreadyExistsException.class).hasMessageContaining("another input");
    assertThat(first.await(WAIT).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
  }

  @Test
  void letsExpressExecutionsShareAName() throws Exception {
    ExecutionSummary first = runner.startSync(ORDERS_EXPRESS, "same-name", order("x-1"));
    ExecutionSummary second = runner.startSync(ORDERS_EXPRESS, "same-name", order("x-2"));

    assertThat(first.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(second.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(first.executionArn()).startsWith("arn:aws:states:us-east-1:123456789012:express:OrdersExpress:same-name:")
        .isNotEqualTo(second.executionArn());
  }

  @Test
  void startSyncReturnsTheEndedExecution() throws Exception {
    ExecutionSummary result = runner.startSync(ORDERS_EXPRESS, null, order("s-1"));

    assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(JSON.readTree(result.output()).at("/fulfilment/1/paymentId").asText()).isEqualTo("pay-s-1");
    assertThat(result.stopDate()).isNotNull();
  }

  @Test
  void startSyncRefusesAStandardStateMachine() {
    assertThatThrownBy(() -> runner.startSync(ORDERS, null, order("s-2")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("EXPRESS")
        .hasMessageContaining(ORDERS);
  }

  @Test
  void stopEndsARunningExecutionAbortedWithTheGivenErrorAndCause() throws Exception {
    CountDownLatch paying = new CountDownLatch(1);
    HANDLER.on("Pay", call -> {
      paying.countDown();
      try {
        Thread.sleep(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return JSON.createObjectNode();
    });
    Execution execution = runner.start(ORDERS, "order-stopped", order("o-s"));
    assertThat(paying.await(30, TimeUnit.SECONDS)).isTrue();

    execution.stop("Operator.Cancelled", "customer called");

    ExecutionSummary result = execution.await(WAIT);
    assertThat(result.status()).isEqualTo(ExecutionStatus.ABORTED);
    assertThat(result.error()).isEqualTo("Operator.Cancelled");
    assertThat(result.cause()).isEqualTo("customer called");
  }

  @Test
  void refusesAnUnsupportedResourceNamingTheStateEvenInAParallelBranch() {
    String definition = """
        {"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": true, "Branches": [
          {"StartAt": "Save", "States": {"Save": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem",
            "Parameters": {"TableName": "T", "Item": {}}, "End": true}}},
          {"StartAt": "Announce", "States": {"Announce": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
            "Parameters": {"TopicArn": "t", "Message": "m"}, "End": true}}}]}}}
        """;
    String arn = "arn:aws:states:us-east-1:123456789012:stateMachine:Announcer";

    assertThatThrownBy(() -> runner.register(arn, definition, StateMachineType.STANDARD))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'Announce'")
        .hasMessageContaining("arn:aws:states:::sns:publish")
        .hasMessageContaining("supported: arn:aws:states:::dynamodb:*")
        .hasMessageNotContaining("'Save'");
    assertThatThrownBy(() -> runner.start(arn, null, "{}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not registered");
  }

  @Test
  void refusesTwoTaskStatesOfOneNameWithDifferentResources() {
    String definition = """
        {"StartAt": "Each", "States": {
          "Each": {"Type": "Map", "Next": "Save", "Iterator": {"StartAt": "Save", "States": {
            "Save": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem", "End": true}}}},
          "Save": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:updateItem", "End": true}}}
        """;

    assertThatThrownBy(() -> runner.register("arn:aws:states:us-east-1:123456789012:stateMachine:Twice", definition,
        StateMachineType.STANDARD))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("two Task states are named 'Save'");
  }

  @Test
  void refusesAnInvalidDefinitionWithTheValidatorsReason() {
    String definition = "{\"StartAt\": \"Missing\", \"States\": {\"Only\": {\"Type\": \"Succeed\"}}}";

    assertThatThrownBy(() -> runner.register("arn:aws:states:us-east-1:123456789012:stateMachine:Broken", definition,
        StateMachineType.STANDARD))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("arn:aws:states:us-east-1:123456789012:stateMachine:Broken")
        .hasMessageContaining("Missing");
  }

  @Test
  void refusesAnExecutionNameStepFunctionsWouldRefuse() {
    assertThatThrownBy(() -> runner.start(ORDERS, "order 1", order("o")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("executionName 'order 1'")
        .hasMessageContaining("white space");
  }

  @Test
  void listsExecutionsWithTheirStatusInputAndTimes() throws Exception {
    Execution execution = runner.start(ORDERS, "order-listed", order("o-l"));
    execution.await(WAIT);

    ExecutionSummary listed = runner.executions().stream()
        .filter(summary -> summary.executionArn().equals(execution.executionArn())).findFirst().orElseThrow();
    assertThat(listed.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(JSON.readTree(listed.input())).isEqualTo(JSON.readTree(order("o-l")));
    assertThat(listed.startDate()).isNotNull();
    assertThat(listed.stopDate()).isNotNull();
    assertThat(runner.execution(execution.executionArn())).containsSame(execution);
  }

  private static String order(String orderId) {
    ObjectNode order = JSON.createObjectNode().put("orderId", orderId);
    order.putArray("items")
        .add(JSON.createObjectNode().put("sku", "margherita").put("quantity", 2))
        .add(JSON.createObjectNode().put("sku", "funghi").put("quantity", 1));
    return order.toString();
  }
}
