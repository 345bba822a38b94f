package dev.orderflow.constructs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.constructs.testing.TableEngine;
import dev.orderflow.constructs.testing.NodeScripts;
import dev.orderflow.constructs.testing.TemplateDefinitions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The synthesized order workflow, run end to end by aws-local-stepfunctions, its DynamoDB tasks
 * passed through to our table engine (real conditional writes) and its payment step answered per
 * test.
 */
class OrderWorkflowBehaviourTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ENTERED_TIME = "2026-11-23T12:00:05Z";
  private static final String GATEWAY_DOWN = "dev.orderflow.runtime.payment.PaymentGatewayException";

  private static String definition;
  private static String tableName;
  private static TableEngine dynamodb;

  @BeforeAll
  static void synthesizeAndStartDynamoDb() throws Exception {
    Stack stack = new Stack(new App(), "Workflow");
    OrderTable table = new OrderTable(stack, "Orders");
    new OrderWorkflow(stack, "Workflow", OrderWorkflowProps.builder().table(table.getTable()).build());
    Map<String, Object> template = Template.fromStack(stack).toJSON();

    definition = TemplateDefinitions.resolve(
        TemplateDefinitions.onlyResource(template, "AWS::StepFunctions::StateMachine").getValue().get("DefinitionString"));
    Map.Entry<String, Map<String, Object>> tableResource =
        TemplateDefinitions.onlyResource(template, "AWS::DynamoDB::GlobalTable");
    tableName = tableResource.getKey();
    dynamodb = new TableEngine();
    dynamodb.createTable(tableName, tableResource.getValue());
  }

  @AfterAll
  static void stopDynamoDb() throws Exception {
    dynamodb.close();
  }

  @Test
  void passesTheAslValidator(@TempDir Path directory) throws Exception {
    Path file = Files.writeString(directory.resolve("definition.json"), definition);

    NodeScripts.Result result = NodeScripts.run("validate-asl.mjs", "", file.toString());

    assertThat(result.stdout()).isEqualTo("valid");
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void recordsAnApprovedOrderAsPendingThenFinishesItAsSuccess() throws Exception {
    JsonNode run = run(false, execution(message("order-approved"), approved("order-approved")));

    assertThat(run.at("/executions/0/status").asText()).isEqualTo("SUCCEEDED");
    assertThat(states(run)).containsExactly("RecordOrder:ok", "Pay:ok", "MarkPaid:ok");
    assertThat(run.at("/calls/1/orderStatusAtPayment").asText()).isEqualTo("PENDING");
    assertThat(run.at("/calls/1/input")).isEqualTo(JSON.readTree(
        "{\"orderId\":\"order-approved\",\"customerId\":\"customer-1\",\"name\":\"Pizza\",\"quantity\":6,"
            + "\"restaurantId\":\"Dominos Pizza\"}"));
    Map<String, AttributeValue> item = item("order-approved");
    assertThat(item.get("orderStatus").s()).isEqualTo("SUCCESS");
    assertThat(item.get("paymentId").s()).isEqualTo("pay_order-approved");
    assertThat(item.get("quantity").n()).isEqualTo("6");
    assertThat(item.get("customerId").s()).isEqualTo("customer-1");
    assertThat(item.get("createdAt").s()).isEqualTo("2026-11-23T12:00:00Z");
    assertThat(item.get("updatedAt").s()).isEqualTo(ENTERED_TIME);
    assertThat(item).doesNotContainKey("failureReason");
  }

  @Test
  void finishesADeclinedOrderAsFailedWithTheReason() throws Exception {
    JsonNode run = run(false, execution(message("order-declined"),
        answer("{\"result\":{\"orderId\":\"order-declined\",\"status\":\"DECLINED\",\"reason\":\"insufficient funds\"}}")));

    assertThat(run.at("/executions/0/status").asText()).isEqualTo("SUCCEEDED");
    assertThat(states(run)).containsExactly("RecordOrder:ok", "Pay:ok", "MarkDeclined:ok");
    Map<String, AttributeValue> item = item("order-declined");
    assertThat(item.get("orderStatus").s()).isEqualTo("FAILED");
    assertThat(item.get("failureReason").s()).isEqualTo("insufficient funds");
    assertThat(item).doesNotContainKey("paymentId");
  }

  @Test
  void doesNothingWhenAFinishedOrderIsDeliveredAgain() throws Exception {
    ObjectNode delivery = execution(message("order-twice"), approved("order-twice"));
    run(false, delivery);
    Map<String, AttributeValue> afterFirst = item("order-twice");

    JsonNode second = run(false, execution(message("order-twice"), answer("{\"error\":\"Test.MustNotPay\"}")));

    assertThat(second.at("/executions/0/status").asText()).isEqualTo("SUCCEEDED");
    assertThat(states(second)).containsExactly("RecordOrder:DynamoDB.ConditionalCheckFailedException");
    assertThat(item("order-twice")).isEqualTo(afterFirst);
  }

  @Test
  void finishesAnOrderOnceWhenTwoDeliveriesInterleave() throws Exception {
    JsonNode run = run(true,
        execution(message("order-interleaved"), approved("order-interleaved")),
        execution(message("order-interleaved"), approved("order-interleaved")));

    assertThat(run.at("/executions/0/status").asText()).isEqualTo("SUCCEEDED");
    assertThat(run.at("/executions/1/status").asText()).isEqualTo("SUCCEEDED");
    List<String> states = states(run);
    assertThat(states).filteredOn(s -> s.equals("RecordOrder:ok")).hasSize(2);
    // Both deliveries ask the gateway with the same idempotency key, so it charges once ...
    assertThat(run.findValues("orderId")).extracting(JsonNode::asText).containsOnly("order-interleaved");
    // ... and exactly one of them finishes the order; the other finds it final.
    assertThat(states).filteredOn(s -> s.equals("MarkPaid:ok")).hasSize(1);
    assertThat(states).filteredOn(s -> s.equals("MarkPaid:DynamoDB.ConditionalCheckFailedException")).hasSize(1);
    assertThat(item("order-interleaved").get("orderStatus").s()).isEqualTo("SUCCESS");
  }

  @Test
  void marksTheOrderFailedAndFailsTheRunWhenPaymentFailsPastItsRetries() throws Exception {
    JsonNode run = run(false, execution(message("order-outage"),
        answer("{\"error\":\"" + GATEWAY_DOWN + "\",\"cause\":\"gateway timed out\"}")));

    assertThat(run.at("/executions/0/status").asText()).isEqualTo("FAILED");
    assertThat(run.at("/executions/0/error").asText()).isEqualTo(OrderWorkflow.PAYMENT_FAILED_ERROR);
    // One attempt and four retries, then the order is marked.
    assertThat(states(run)).containsExactly("RecordOrder:ok",
        "Pay:" + GATEWAY_DOWN, "Pay:" + GATEWAY_DOWN, "Pay:" + GATEWAY_DOWN, "Pay:" + GATEWAY_DOWN,
        "Pay:" + GATEWAY_DOWN, "MarkPaymentFailed:ok");
    Map<String, AttributeValue> item = item("order-outage");
    assertThat(item.get("orderStatus").s()).isEqualTo("FAILED");
    assertThat(item.get("failureReason").s()).isEqualTo("payment could not be completed: " + GATEWAY_DOWN);
  }

  @Test
  void doesNotRetryAPaymentRequestTheFunctionCallsInvalid() throws Exception {
    JsonNode run = run(false, execution(message("order-unpayable"),
        answer("{\"error\":\"" + OrderWorkflow.INVALID_PAYMENT_REQUEST_ERROR + "\",\"cause\":\"quantity\"}")));

    assertThat(run.at("/executions/0/status").asText()).isEqualTo("FAILED");
    assertThat(states(run)).containsExactly("RecordOrder:ok",
        "Pay:" + OrderWorkflow.INVALID_PAYMENT_REQUEST_ERROR, "MarkPaymentFailed:ok");
    assertThat(item("order-unpayable").get("orderStatus").s()).isEqualTo("FAILED");
  }

  @Test
  void treatsAnAnswerThatIsNeitherApprovedNorDeclinedAsAPaymentFailure() throws Exception {
    JsonNode run = run(false, execution(message("order-odd-answer"),
        answer("{\"result\":{\"orderId\":\"order-odd-answer\",\"status\":\"MAYBE\"}}")));

    assertThat(run.at("/executions/0/error").asText()).isEqualTo(OrderWorkflow.PAYMENT_FAILED_ERROR);
    assertThat(item("order-odd-answer").get("failureReason").s())
        .isEqualTo("payment could not be completed: OrderFlow.UnexpectedPaymentAnswer");
  }

  @Test
  void failsAMalformedMessageAtValidationAndWritesNothing() throws Exception {
    ObjectNode noQuantity = message("order-malformed");
    noQuantity.remove("quantity");
    ObjectNode zeroQuantity = message("order-zero");
    zeroQuantity.put("quantity", 0);
    ObjectNode numericName = message("order-numeric-name");
    numericName.put("name", 42);

    for (ObjectNode body : List.of(noQuantity, zeroQuantity, numericName)) {
      JsonNode run = run(false, execution(body, approved(body.get("id").asText())));

      assertThat(run.at("/executions/0/status").asText()).as(body.toString()).isEqualTo("FAILED");
      assertThat(run.at("/executions/0/error").asText()).isEqualTo(OrderWorkflow.INVALID_ORDER_MESSAGE_ERROR);
      assertThat(states(run)).isEmpty();
      assertThat(item(body.get("id").asText())).isEmpty();
    }
  }

  @Test
  void failsAMessageWhoseBodyIsNotJson() throws Exception {
    ArrayNode batch = JSON.createArrayNode();
    batch.addObject().put("messageId", "m-1").put("body", "not json {");
    ObjectNode execution = JSON.createObjectNode();
    execution.set("input", batch);
    execution.set("payment", JSON.readTree("[{\"error\":\"Test.MustNotPay\"}]"));

    JsonNode run = run(false, execution);

    assertThat(run.at("/executions/0/status").asText()).isEqualTo("FAILED");
    assertThat(states(run)).isEmpty();
  }

  // --- helpers ---

  private static ObjectNode message(String id) {
    ObjectNode message = JSON.createObjectNode();
    message.put("id", id).put("customerId", "customer-1").put("name", "Pizza").put("quantity", 6)
        .put("restaurantId", "Dominos Pizza").put("createdAt", "2026-11-23T12:00:00Z");
    return message;
  }

  /** One pipe delivery: a batch of one SQS record whose body is the message. */
  private static ObjectNode execution(ObjectNode message, ArrayNode payment) {
    ArrayNode batch = JSON.createArrayNode();
    batch.addObject()
        .put("messageId", "message-" + message.get("id").asText())
        .put("receiptHandle", "handle")
        .put("body", message.toString())
        .put("eventSource", "aws:sqs");
    ObjectNode execution = JSON.createObjectNode();
    execution.set("input", batch);
    execution.set("payment", payment);
    return execution;
  }

  private static ArrayNode approved(String orderId) throws Exception {
    return answer("{\"result\":{\"orderId\":\"" + orderId + "\",\"status\":\"APPROVED\",\"paymentId\":\"pay_" + orderId + "\"}}");
  }

  private static ArrayNode answer(String answer) throws Exception {
    ArrayNode answers = JSON.createArrayNode();
    answers.add(JSON.readTree(answer));
    return answers;
  }

  private static JsonNode run(boolean payAtOnce, ObjectNode... executions) throws Exception {
    ObjectNode request = JSON.createObjectNode();
    request.put("definition", definition)
        .put("dynamodbEndpoint", dynamodb.endpoint())
        .put("tableName", tableName)
        .put("enteredTime", ENTERED_TIME)
        .put("payAtOnce", payAtOnce);
    request.putArray("executions").addAll(List.of(executions));

    NodeScripts.Result result = NodeScripts.run("run-workflow.mjs", request.toString());

    assertThat(result.exitCode()).as("run-workflow.mjs exit code").isZero();
    return JSON.readTree(result.stdout());
  }

  /** The task calls of a run, as {@code state:outcome}, in the order they were made. */
  private static List<String> states(JsonNode run) {
    List<String> states = new ArrayList<>();
    run.get("calls").forEach(call -> states.add(call.get("state").asText() + ":" + call.get("outcome").asText()));
    return states;
  }

  private static Map<String, AttributeValue> item(String id) {
    return dynamodb.client()
        .getItem(b -> b.tableName(tableName).key(Map.of("id", AttributeValue.fromS(id))).consistentRead(true))
        .item();
  }
}
