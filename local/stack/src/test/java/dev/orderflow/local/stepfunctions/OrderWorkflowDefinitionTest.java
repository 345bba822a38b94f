package dev.orderflow.local.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The example's order workflow, as its synthesized template (the committed snapshot) defines it, run
 * on the runner: a Map over the SQS records, JSON parsing intrinsics, Choice type tests, conditional
 * writes caught, payment retries with full jitter, {@code $$.State.EnteredTime} and Fail states.
 * The table is a small fake that keeps each order's status and honours the two conditions the
 * workflow writes with.
 */
class OrderWorkflowDefinitionTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Path TEMPLATE =
      Path.of("../../examples/pizza-orders/src/test/resources/snapshots/PizzaOrders.template.json");
  private static final String WORKFLOW = "arn:aws:states:us-east-1:123456789012:stateMachine:PizzaOrders";
  private static final String GATEWAY_DOWN = "dev.orderflow.runtime.payment.PaymentGatewayException";
  private static final Pattern NEW_STATUS = Pattern.compile("orderStatus = (:\\w+)");

  private static final ScriptedTaskHandler HANDLER = new ScriptedTaskHandler();
  private static final Map<String, ObjectNode> TABLE = new ConcurrentHashMap<>();
  private static StepFunctionsRunner runner;

  @BeforeAll
  static void registerTheSynthesizedWorkflow() throws Exception {
    JsonNode template = JSON.readTree(Files.readString(TEMPLATE));
    String definition = null;
    for (Iterator<JsonNode> resources = template.path("Resources").elements(); resources.hasNext(); ) {
      JsonNode resource = resources.next();
      if (resource.path("Type").asText().equals("AWS::StepFunctions::StateMachine")) {
        definition = resolve(resource.at("/Properties/DefinitionString"));
      }
    }
    runner = StepFunctionsRunner.start(HANDLER, StepFunctionsRunner.Options.builder().retryDelayScale(0.001).build());
    runner.register(WORKFLOW, definition, StateMachineType.EXPRESS);
  }

  @AfterAll
  static void closeRunner() {
    runner.close();
  }

  @BeforeEach
  void emptyTable() {
    HANDLER.reset();
    TABLE.clear();
    HANDLER.on("RecordOrder", OrderWorkflowDefinitionTest::updateItem)
        .on("MarkPaid", OrderWorkflowDefinitionTest::updateItem)
        .on("MarkDeclined", OrderWorkflowDefinitionTest::updateItem)
        .on("MarkPaymentFailed", OrderWorkflowDefinitionTest::updateItem)
        .on("Pay", call -> JSON.createObjectNode().put("status", "APPROVED")
            .put("paymentId", "pay-" + call.input().path("orderId").asText()));
  }

  @Test
  void recordsPaysAndFinishesAnApprovedOrder() throws Exception {
    ExecutionSummary result = runner.startSync(WORKFLOW, null, batch(order("o-1", 2)));

    assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(TABLE.get("o-1").path("orderStatus").asText()).isEqualTo("SUCCESS");
    assertThat(TABLE.get("o-1").path("paymentId").asText()).isEqualTo("pay-o-1");
    // $$.State.EnteredTime, which the engine does not give by itself
    assertThat(Instant.parse(TABLE.get("o-1").path("updatedAt").asText())).isBetween(result.startDate(),
        result.stopDate());
    assertThat(HANDLER.callsOf("Pay").get(0).input()).isEqualTo(JSON.readTree(
        "{\"customerId\":\"c-1\",\"name\":\"Margherita\",\"orderId\":\"o-1\",\"quantity\":2,\"restaurantId\":\"r-1\"}"));
  }

  @Test
  void finishesADeclinedOrderAsFailedWithTheReason() throws Exception {
    HANDLER.on("Pay", call -> JSON.createObjectNode().put("status", "DECLINED").put("reason", "card declined"));

    ExecutionSummary result = runner.startSync(WORKFLOW, null, batch(order("o-2", 1)));

    assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(TABLE.get("o-2").path("orderStatus").asText()).isEqualTo("FAILED");
    assertThat(TABLE.get("o-2").path("failureReason").asText()).isEqualTo("card declined");
  }

  @Test
  void leavesAFinishedOrderAloneWhenItsMessageComesAgain() throws Exception {
    runner.startSync(WORKFLOW, null, batch(order("o-3", 1)));

    ExecutionSummary again = runner.startSync(WORKFLOW, null, batch(order("o-3", 1)));

    assertThat(again.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(HANDLER.callsOf("Pay")).hasSize(1);
    assertThat(HANDLER.callsOf("RecordOrder")).hasSize(2);
    assertThat(TABLE.get("o-3").path("orderStatus").asText()).isEqualTo("SUCCESS");
  }

  @Test
  void failsAMessageThatIsNotAnOrder() throws Exception {
    ObjectNode notAnOrder = JSON.createObjectNode().put("id", "o-4").put("quantity", "two");

    ExecutionSummary result = runner.startSync(WORKFLOW, null, batch(notAnOrder));

    assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(result.error()).isEqualTo("OrderFlow.InvalidOrderMessage");
    assertThat(HANDLER.calls()).isEmpty();
    assertThat(TABLE).isEmpty();
  }

  @Test
  void retriesATechnicalPaymentErrorThenMarksTheOrderFailedAndFailsTheExecution() throws Exception {
    HANDLER.on("Pay", call -> {
      throw new TaskFailure(GATEWAY_DOWN, "gateway unreachable");
    });

    ExecutionSummary result = runner.startSync(WORKFLOW, null, batch(order("o-5", 1)));

    assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(result.error()).isEqualTo("OrderFlow.PaymentFailed");
    // The States.ALL retrier: the first call and four retries.
    assertThat(HANDLER.callsOf("Pay")).hasSize(5);
    assertThat(TABLE.get("o-5").path("orderStatus").asText()).isEqualTo("FAILED");
    assertThat(TABLE.get("o-5").path("failureReason").asText())
        .isEqualTo("payment could not be completed: " + GATEWAY_DOWN);
  }

  /** UpdateItem on the fake table, with the workflow's two conditions. */
  private static JsonNode updateItem(TaskCall call) throws TaskFailure {
    JsonNode input = call.input();
    String id = input.at("/Key/id/S").asText();
    JsonNode values = input.path("ExpressionAttributeValues");
    synchronized (TABLE) {
      ObjectNode item = TABLE.get(id);
      boolean pending = item != null && item.path("orderStatus").asText().equals("PENDING");
      boolean mayCreate = input.path("ConditionExpression").asText().startsWith("attribute_not_exists(id)");
      if (!(pending || (mayCreate && item == null))) {
        throw new TaskFailure("DynamoDB.ConditionalCheckFailedException", "The conditional request failed");
      }
      ObjectNode updated = item == null ? JSON.createObjectNode().put("id", id) : item;
      Matcher status = NEW_STATUS.matcher(input.path("UpdateExpression").asText());
      if (status.find()) {
        updated.put("orderStatus", values.at("/" + status.group(1) + "/S").asText());
      }
      values.properties().forEach(value -> {
        String name = switch (value.getKey()) {
          case ":paymentId" -> "paymentId";
          case ":reason" -> "failureReason";
          case ":now" -> "updatedAt";
          default -> null;
        };
        if (name != null) {
          updated.put(name, value.getValue().path("S").asText());
        }
      });
      TABLE.put(id, updated);
    }
    return JSON.createObjectNode();
  }

  private static ObjectNode order(String id, int quantity) {
    return JSON.createObjectNode().put("id", id).put("customerId", "c-1").put("name", "Margherita")
        .put("restaurantId", "r-1").put("createdAt", "2026-11-23T12:00:00Z").put("quantity", quantity);
  }

  /** What the queue pipe hands the workflow: an array of SQS records with the order as body. */
  private static String batch(ObjectNode order) {
    ArrayNode records = JSON.createArrayNode();
    records.addObject().put("messageId", "m-" + order.path("id").asText()).put("body", order.toString());
    return records.toString();
  }

  /** Fn::Join, Ref and Fn::GetAtt, as the template uses them in the definition, with local values. */
  private static String resolve(JsonNode value) {
    if (value.isTextual()) {
      return value.asText();
    }
    if (value.has("Fn::Join")) {
      List<String> parts = new ArrayList<>();
      value.get("Fn::Join").get(1).forEach(part -> parts.add(resolve(part)));
      return String.join(value.get("Fn::Join").get(0).asText(), parts);
    }
    if (value.has("Ref")) {
      return value.get("Ref").asText().equals("AWS::Partition") ? "aws" : value.get("Ref").asText();
    }
    if (value.has("Fn::GetAtt")) {
      return "arn:aws:lambda:us-east-1:123456789012:function:" + value.get("Fn::GetAtt").get(0).asText();
    }
    throw new IllegalArgumentException("not resolved here: " + value);
  }
}
