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
 * The synthesized order workflow, run end to end by aws-local-stepfunctions on batches as the pipe
 * delivers them, its DynamoDB tasks passed through to our table engine (real conditional writes)
 * and its payment step answered per order.
 */
class OrderWorkflowBehaviourTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ENTERED_TIME = "2026-11-23T12:00:05Z";
  private static final String GATEWAY_DOWN = "dev.orderflow.runtime.payment.PaymentGatewayException";

  private static String definition;
  private static String tableName;
  private static TableEngine dynamodb;
  /** One Node.js process runs every workflow of the class, one request after the other. */
  private static NodeScripts.Session workflows;

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
    workflows = NodeScripts.start("run-workflow.mjs");
  }

  @AfterAll
  static void stopDynamoDb() throws Exception {
    try (TableEngine engine = dynamodb) {
      workflows.close();
    }
  }

  @Test
  void passesTheAslValidator(@TempDir Path directory) throws Exception {
    Path file = Files.writeString(directory.resolve("definition.json"), definition);

    NodeScripts.Result result = NodeScripts.run("validate-asl.mjs", "", file.toString());

    assertThat(result.stdout()).isEqualTo("valid");
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void claimsPaysAndFinishesAnOrderWithWhatWasPaidFor() throws Exception {
    writePending("order-approved", 6);

    JsonNode run = run(0, batch("order-approved"));

    assertThat(run.at("/executions/0/status").asText()).isEqualTo("SUCCEEDED");
    assertThat(failedItems(run, 0)).isEmpty();
    assertThat(states(run)).containsExactly("ClaimOrder:ok", "Pay:ok", "MarkPaid:ok");
    JsonNode payment = payments(run).get(0);
    assertThat(payment.get("orderStatusAtPayment").asText()).isEqualTo("PROCESSING");
    assertThat(payment.get("input")).isEqualTo(JSON.readTree(
        "{\"orderId\":\"order-approved\",\"customerId\":\"customer-1\",\"name\":\"Pizza\",\"quantity\":6,"
            + "\"restaurantId\":\"Dominos Pizza\"}"));
    Map<String, AttributeValue> item = item("order-approved");
    assertThat(item.get("orderStatus").s()).isEqualTo("SUCCESS");
    assertThat(item.get("paymentId").s()).isEqualTo("pay_order-approved");
    assertThat(item.get("paidQuantity").n()).isEqualTo("6");
    assertThat(item.get("quantity").n()).isEqualTo("6");
    assertThat(item.get("customerId").s()).isEqualTo("customer-1");
    assertThat(item.get("createdAt").s()).isEqualTo("2026-11-23T12:00:00Z");
    assertThat(item.get("updatedAt").s()).isEqualTo(ENTERED_TIME);
    assertThat(item).doesNotContainKey("failureReason");
    // The claim: which message took the order, and its lease of 5 minutes from 12:00:05 UTC.
    assertThat(item.get("claimedBy").s()).isEqualTo("message-order-approved");
    assertThat(item.get("leaseDay").s()).isEqualTo("2026-11-23");
    assertThat(item.get("leaseEnd").n()).isEqualTo(Integer.toString(12 * 3600 + 5 + 300));
  }

  @Test
  void finishesADeclinedOrderAsFailedWithTheReasonAndNoItemFailure() throws Exception {
    writePending("order-declined", 2);

    JsonNode run = run(0, Map.of("order-declined",
        answer("{\"result\":{\"orderId\":\"order-declined\",\"status\":\"DECLINED\",\"reason\":\"insufficient funds\"}}")),
        batch("order-declined"));

    assertThat(failedItems(run, 0)).isEmpty();
    assertThat(states(run)).containsExactly("ClaimOrder:ok", "Pay:ok", "MarkDeclined:ok");
    Map<String, AttributeValue> item = item("order-declined");
    assertThat(item.get("orderStatus").s()).isEqualTo("FAILED");
    assertThat(item.get("failureReason").s()).isEqualTo("insufficient funds");
    assertThat(item).doesNotContainKeys("paymentId", "paidQuantity");
  }

  @Test
  void answersExactlyThePoisonMessageAndTheTechnicalFailureOfABatchOfTen() throws Exception {
    List<String> good = new ArrayList<>();
    for (int i = 1; i <= 8; i++) {
      good.add("order-batch-" + i);
      writePending("order-batch-" + i, i);
    }
    writePending("order-batch-outage", 3);
    ArrayNode batch = batch(good.toArray(String[]::new));
    batch.insert(3, record("message-poison", "not json {"));
    batch.add(record("message-order-batch-outage", "{\"id\":\"order-batch-outage\"}"));

    JsonNode run = run(0, Map.of("order-batch-outage",
        answer("{\"error\":\"" + GATEWAY_DOWN + "\",\"cause\":\"gateway timed out\"}")), execution(batch));

    assertThat(run.at("/executions/0/status").asText()).isEqualTo("SUCCEEDED");
    assertThat(failedItems(run, 0)).containsExactlyInAnyOrder("message-poison", "message-order-batch-outage");
    for (int i = 1; i <= 8; i++) {
      String id = "order-batch-" + i;
      assertThat(payments(run)).filteredOn(p -> p.at("/input/orderId").asText().equals(id)).hasSize(1);
      Map<String, AttributeValue> item = item(id);
      assertThat(item.get("orderStatus").s()).isEqualTo("SUCCESS");
      assertThat(item.get("paidQuantity").n()).isEqualTo(item.get("quantity").n()).isEqualTo(Integer.toString(i));
    }
    // Retried in the run (one attempt and four retries), then marked.
    assertThat(payments(run)).filteredOn(p -> p.at("/input/orderId").asText().equals("order-batch-outage")).hasSize(5);
    assertThat(item("order-batch-outage").get("orderStatus").s()).isEqualTo("FAILED");
    assertThat(item("order-batch-outage").get("failureReason").s())
        .isEqualTo("payment could not be completed: " + GATEWAY_DOWN);
  }

  @Test
  void redeliversAFailedOrderAsANoOpOnceItIsFinal() throws Exception {
    writePending("order-outage-again", 1);
    run(0, Map.of("order-outage-again", answer("{\"error\":\"" + GATEWAY_DOWN + "\"}")), batch("order-outage-again"));

    JsonNode again = run(0, batch("order-outage-again"));

    assertThat(failedItems(again, 0)).isEmpty();
    assertThat(states(again)).containsExactly("ClaimOrder:DynamoDB.ConditionalCheckFailedException", "ReadOrderStatus:ok");
  }

  @Test
  void paysEachOrderOnceWhenAWholeBatchIsDeliveredAgainAfterItFinished() throws Exception {
    String[] ids = {"order-dup-1", "order-dup-2", "order-dup-3"};
    for (String id : ids) {
      writePending(id, 4);
    }
    run(0, batch(ids));
    Map<String, AttributeValue> afterFirst = item("order-dup-2");

    JsonNode second = run(0, batch(ids));

    assertThat(failedItems(second, 0)).isEmpty();
    assertThat(payments(second)).isEmpty();
    assertThat(states(second)).containsOnly("ClaimOrder:DynamoDB.ConditionalCheckFailedException", "ReadOrderStatus:ok").hasSize(6);
    assertThat(item("order-dup-2")).isEqualTo(afterFirst);
  }

  @Test
  void paysEachOrderOnceAndHandsTheOtherDeliveryBackWhenTwoDeliveriesOfABatchRunAtOnce() throws Exception {
    String[] ids = {"order-twin-1", "order-twin-2", "order-twin-3"};
    for (String id : ids) {
      writePending(id, 5);
    }

    // No payment answers before both runs' claims of all three were decided: each order is held by
    // one run while the other's claim is refused and reads the order PROCESSING.
    ObjectNode request = request(0, Map.of(), List.of(execution(batch(ids)), execution(batch(ids))));
    request.put("payAfterClaims", 6);
    JsonNode run = send(request);

    List<String> handedBack = new ArrayList<>(failedItems(run, 0));
    handedBack.addAll(failedItems(run, 1));
    assertThat(handedBack).containsExactlyInAnyOrder("message-order-twin-1", "message-order-twin-2", "message-order-twin-3");
    for (String id : ids) {
      assertThat(payments(run)).filteredOn(p -> p.at("/input/orderId").asText().equals(id)).hasSize(1);
      assertThat(callsFor(run, id)).containsExactlyInAnyOrder("ClaimOrder:ok", "ClaimOrder:DynamoDB.ConditionalCheckFailedException",
          "ReadOrderStatus:ok", "Pay:ok", "MarkPaid:ok");
      assertThat(item(id).get("orderStatus").s()).isEqualTo("SUCCESS");
    }

    // Delivered again, the handed-back messages find their orders final: nothing to do, nothing paid.
    JsonNode again = run(0, batch(ids));
    assertThat(failedItems(again, 0)).isEmpty();
    assertThat(payments(again)).isEmpty();
  }

  @Test
  void claimsAnOrderThatARunLeftProcessingAgainOnlyOnceItsLeaseHasEnded() throws Exception {
    writePending("order-abandoned", 3);
    // The run claims the order at 12:00:05, pays, and cannot finish it: the table fails its writes.
    JsonNode failed = runAt("2026-11-23T12:00:05.250Z", List.of("MarkPaid"), batch("order-abandoned"));
    assertThat(failedItems(failed, 0)).containsExactly("message-order-abandoned");
    assertThat(item("order-abandoned").get("orderStatus").s()).isEqualTo("PROCESSING");

    JsonNode duringLease = runAt("2026-11-23T12:05:04.999Z", List.of(), batch("order-abandoned"));
    JsonNode afterLease = runAt("2026-11-23T12:05:05.000Z", List.of(), batch("order-abandoned"));

    assertThat(failedItems(duringLease, 0)).containsExactly("message-order-abandoned");
    assertThat(states(duringLease)).containsExactly("ClaimOrder:DynamoDB.ConditionalCheckFailedException", "ReadOrderStatus:ok");
    assertThat(failedItems(afterLease, 0)).isEmpty();
    assertThat(states(afterLease)).containsExactly("ClaimOrder:ok", "Pay:ok", "MarkPaid:ok");
    assertThat(item("order-abandoned").get("orderStatus").s()).isEqualTo("SUCCESS");
  }

  @Test
  void countsALeaseThatEndsAfterMidnightIntoTheNextDay() throws Exception {
    writePending("order-midnight", 1);
    // Claimed at 23:58 UTC on the last day of a month; the 5-minute lease ends at 00:03 next day.
    runAt("2026-11-30T23:58:00.000Z", List.of("MarkPaid"), batch("order-midnight"));

    JsonNode beforeEnd = runAt("2026-12-01T00:02:59.999Z", List.of(), batch("order-midnight"));
    JsonNode atEnd = runAt("2026-12-01T00:03:00.000Z", List.of(), batch("order-midnight"));

    assertThat(failedItems(beforeEnd, 0)).containsExactly("message-order-midnight");
    assertThat(payments(beforeEnd)).isEmpty();
    assertThat(states(atEnd)).containsExactly("ClaimOrder:ok", "Pay:ok", "MarkPaid:ok");
  }

  @Test
  void claimsAnOrderWhoseLeaseWasTakenDaysAgo() throws Exception {
    writePending("order-days-ago", 1);
    runAt("2026-11-20T10:00:00.000Z", List.of("MarkPaid"), batch("order-days-ago"));

    JsonNode later = runAt("2026-11-23T09:59:00.000Z", List.of(), batch("order-days-ago"));

    assertThat(states(later)).containsExactly("ClaimOrder:ok", "Pay:ok", "MarkPaid:ok");
  }

  @Test
  void chargesTheUpdatedQuantityWhenTheUpdateWinsTheRace() throws Exception {
    writePending("order-update-first", 6);
    dynamodb.client().updateItem(b -> b.tableName(tableName).key(key("order-update-first"))
        .updateExpression("SET quantity = :quantity")
        .conditionExpression("customerId = :customerId AND orderStatus = :pending")
        .expressionAttributeValues(Map.of(":quantity", AttributeValue.fromN("8"),
            ":customerId", AttributeValue.fromS("customer-1"), ":pending", AttributeValue.fromS("PENDING"))));

    JsonNode run = run(0, batch("order-update-first"));

    assertThat(payments(run)).extracting(p -> p.at("/input/quantity").asInt()).containsExactly(8);
    Map<String, AttributeValue> item = item("order-update-first");
    assertThat(item.get("quantity").n()).isEqualTo("8");
    assertThat(item.get("paidQuantity").n()).isEqualTo("8");
  }

  @Test
  void refusesAnUpdateOnceTheClaimWonTheRaceAndChargesTheClaimedQuantity() throws Exception {
    writePending("order-claim-first", 6);

    JsonNode run = runRacing("order-claim-first", 8);

    assertThat(states(run)).containsExactly("ClaimOrder:ok", "UpdateOrder:DynamoDB.ConditionalCheckFailedException",
        "Pay:ok", "MarkPaid:ok");
    assertThat(payments(run)).extracting(p -> p.at("/input/quantity").asInt()).containsExactly(6);
    Map<String, AttributeValue> item = item("order-claim-first");
    assertThat(item.get("quantity").n()).isEqualTo("6");
    assertThat(item.get("paidQuantity").n()).isEqualTo("6");
  }

  @Test
  void finishesAnOrderLeftProcessingWithoutALeaseByAnEarlierVersion() throws Exception {
    writePending("order-left-processing", 2);
    dynamodb.client().updateItem(b -> b.tableName(tableName).key(key("order-left-processing"))
        .updateExpression("SET orderStatus = :processing")
        .expressionAttributeValues(Map.of(":processing", AttributeValue.fromS("PROCESSING"))));

    JsonNode run = run(0, batch("order-left-processing"));

    assertThat(states(run)).containsExactly("ClaimOrder:ok", "Pay:ok", "MarkPaid:ok");
    assertThat(item("order-left-processing").get("orderStatus").s()).isEqualTo("SUCCESS");
  }

  @Test
  void leavesAMessageWhoseOrderIsGoneAloneWithoutAnItemFailure() throws Exception {
    JsonNode run = run(0, batch("order-never-written"));

    assertThat(failedItems(run, 0)).isEmpty();
    assertThat(states(run)).containsExactly("ClaimOrder:DynamoDB.ConditionalCheckFailedException", "ReadOrderStatus:ok");
    assertThat(item("order-never-written")).isEmpty();
  }

  @Test
  void createsTheRowOfAnImportedWholeOrderOnceAndNeverOverwritesAnUpdate() throws Exception {
    ObjectNode imported = JSON.createObjectNode().put("id", "order-imported").put("customerId", "customer-1")
        .put("name", "Pizza").put("quantity", 6).put("restaurantId", "Dominos Pizza").put("createdAt", "2026-11-23T12:00:00Z");
    ArrayNode batch = JSON.createArrayNode().add(record("message-imported", imported.toString()));

    JsonNode first = run(0, batch);
    JsonNode again = run(0, batch);

    assertThat(states(first)).containsExactly("ClaimOrder:DynamoDB.ConditionalCheckFailedException", "ReadOrderStatus:ok",
        "RecordImportedOrder:ok", "ClaimOrder:ok", "Pay:ok", "MarkPaid:ok");
    assertThat(states(again)).containsExactly("ClaimOrder:DynamoDB.ConditionalCheckFailedException", "ReadOrderStatus:ok",
        "RecordImportedOrder:DynamoDB.ConditionalCheckFailedException");
    assertThat(failedItems(again, 0)).isEmpty();
    assertThat(item("order-imported").get("paidQuantity").n()).isEqualTo("6");
  }

  @Test
  void answersAnItemFailureAndMarksTheOrderFailedWhenPaymentFailsPastItsRetries() throws Exception {
    writePending("order-outage", 6);

    JsonNode run = run(0, Map.of("order-outage", answer("{\"error\":\"" + GATEWAY_DOWN + "\",\"cause\":\"gateway timed out\"}")),
        batch("order-outage"));

    assertThat(run.at("/executions/0/status").asText()).isEqualTo("SUCCEEDED");
    assertThat(failedItems(run, 0)).containsExactly("message-order-outage");
    // One attempt and four retries, then the order is marked.
    assertThat(states(run)).containsExactly("ClaimOrder:ok",
        "Pay:" + GATEWAY_DOWN, "Pay:" + GATEWAY_DOWN, "Pay:" + GATEWAY_DOWN, "Pay:" + GATEWAY_DOWN,
        "Pay:" + GATEWAY_DOWN, "MarkPaymentFailed:ok");
    Map<String, AttributeValue> item = item("order-outage");
    assertThat(item.get("orderStatus").s()).isEqualTo("FAILED");
    assertThat(item.get("failureReason").s()).isEqualTo("payment could not be completed: " + GATEWAY_DOWN);
  }

  @Test
  void doesNotRetryAPaymentRequestTheFunctionCallsInvalid() throws Exception {
    writePending("order-unpayable", 6);

    JsonNode run = run(0, Map.of("order-unpayable",
        answer("{\"error\":\"" + OrderWorkflow.INVALID_PAYMENT_REQUEST_ERROR + "\",\"cause\":\"quantity\"}")),
        batch("order-unpayable"));

    assertThat(failedItems(run, 0)).containsExactly("message-order-unpayable");
    assertThat(states(run)).containsExactly("ClaimOrder:ok",
        "Pay:" + OrderWorkflow.INVALID_PAYMENT_REQUEST_ERROR, "MarkPaymentFailed:ok");
    assertThat(item("order-unpayable").get("orderStatus").s()).isEqualTo("FAILED");
  }

  @Test
  void treatsAnAnswerThatIsNeitherApprovedNorDeclinedAsAPaymentFailure() throws Exception {
    writePending("order-odd-answer", 6);

    JsonNode run = run(0, Map.of("order-odd-answer",
        answer("{\"result\":{\"orderId\":\"order-odd-answer\",\"status\":\"MAYBE\"}}")), batch("order-odd-answer"));

    assertThat(failedItems(run, 0)).containsExactly("message-order-odd-answer");
    assertThat(item("order-odd-answer").get("failureReason").s())
        .isEqualTo("payment could not be completed: OrderFlow.UnexpectedPaymentAnswer");
  }

  @Test
  void answersAnItemFailureForEachMalformedMessageAndWritesNothing() throws Exception {
    ArrayNode batch = JSON.createArrayNode();
    batch.add(record("message-no-id", "{\"name\":\"Pizza\"}"));
    batch.add(record("message-numeric-id", "{\"id\":42}"));
    batch.add(record("message-not-an-object", "\"order-7\""));
    batch.add(record("message-not-json", "not json {"));

    JsonNode run = run(0, batch);

    assertThat(run.at("/executions/0/status").asText()).isEqualTo("SUCCEEDED");
    assertThat(failedItems(run, 0)).containsExactlyInAnyOrder(
        "message-no-id", "message-numeric-id", "message-not-an-object", "message-not-json");
    assertThat(states(run)).isEmpty();
  }

  // --- helpers ---

  /** The row postOrder writes: the order as PENDING. */
  private static void writePending(String id, int quantity) {
    dynamodb.client().putItem(b -> b.tableName(tableName).item(Map.of(
        "id", AttributeValue.fromS(id), "customerId", AttributeValue.fromS("customer-1"),
        "name", AttributeValue.fromS("Pizza"), "quantity", AttributeValue.fromN(Integer.toString(quantity)),
        "restaurantId", AttributeValue.fromS("Dominos Pizza"), "orderStatus", AttributeValue.fromS("PENDING"),
        "createdAt", AttributeValue.fromS("2026-11-23T12:00:00Z"))));
  }

  private static ObjectNode record(String messageId, String body) {
    ObjectNode record = JSON.createObjectNode();
    record.put("messageId", messageId).put("receiptHandle", "handle-" + messageId).put("body", body)
        .put("eventSource", "aws:sqs");
    return record;
  }

  /** A pipe's batch: one SQS record per order, its body the message postOrder sends. */
  private static ArrayNode batch(String... orderIds) {
    ArrayNode batch = JSON.createArrayNode();
    for (String id : orderIds) {
      batch.add(record("message-" + id, JSON.createObjectNode().put("id", id).toString()));
    }
    return batch;
  }

  private static ObjectNode execution(ArrayNode batch) {
    ObjectNode execution = JSON.createObjectNode();
    execution.set("input", batch);
    return execution;
  }

  private static ArrayNode answer(String answer) throws Exception {
    ArrayNode answers = JSON.createArrayNode();
    answers.add(JSON.readTree(answer));
    return answers;
  }

  private static JsonNode run(int payAtOnce, ArrayNode batch) throws Exception {
    return run(payAtOnce, Map.of(), execution(batch));
  }

  private static JsonNode run(int payAtOnce, Map<String, ArrayNode> payments, ArrayNode batch) throws Exception {
    return run(payAtOnce, payments, execution(batch));
  }

  /** One run of a batch at another time of the clock, with the table failing the writes of some states. */
  private static JsonNode runAt(String enteredTime, List<String> failingStates, ArrayNode batch) throws Exception {
    ObjectNode request = request(0, Map.of(), List.of(execution(batch)));
    request.put("enteredTime", enteredTime);
    failingStates.forEach(request.putArray("failingStates")::add);
    return send(request);
  }

  private static JsonNode runRacing(String orderId, int quantity) throws Exception {
    ObjectNode request = request(0, Map.of(), List.of(execution(batch(orderId))));
    request.putObject("duringPayment").putObject(orderId).put("quantity", quantity);
    return send(request);
  }

  private static JsonNode run(int payAtOnce, Map<String, ArrayNode> payments, ObjectNode... executions) throws Exception {
    return send(request(payAtOnce, payments, List.of(executions)));
  }

  private static ObjectNode request(int payAtOnce, Map<String, ArrayNode> payments, List<ObjectNode> executions) {
    ObjectNode request = JSON.createObjectNode();
    request.put("definition", definition)
        .put("dynamodbEndpoint", dynamodb.endpoint())
        .put("tableName", tableName)
        .put("enteredTime", ENTERED_TIME)
        .put("payAtOnce", payAtOnce);
    request.putArray("executions").addAll(executions);
    ObjectNode answers = request.putObject("payments");
    payments.forEach(answers::set);
    return request;
  }

  private static JsonNode send(ObjectNode request) throws Exception {
    JsonNode answer = JSON.readTree(workflows.ask(request.toString()));
    assertThat(answer.path("scriptError").asText()).as("run-workflow.mjs failed").isEmpty();
    return answer;
  }

  /** The message ids of the execution's answer to the pipe; fails if the answer is not one. */
  private static List<String> failedItems(JsonNode run, int execution) {
    JsonNode failures = run.at("/executions/" + execution + "/output/batchItemFailures");
    assertThat(failures.isArray()).as("batchItemFailures of " + run.at("/executions/" + execution)).isTrue();
    List<String> ids = new ArrayList<>();
    failures.forEach(f -> ids.add(f.get("itemIdentifier").asText()));
    return ids;
  }

  /** The task calls of a run, as {@code state:outcome}, in the order they were made. */
  private static List<String> states(JsonNode run) {
    List<String> states = new ArrayList<>();
    run.get("calls").forEach(call -> states.add(call.get("state").asText() + ":" + call.get("outcome").asText()));
    return states;
  }

  private static List<String> callsFor(JsonNode run, String orderId) {
    List<String> states = new ArrayList<>();
    run.get("calls").forEach(call -> {
      String id = call.has("orderId") ? call.get("orderId").asText() : call.at("/input/orderId").asText();
      if (id.equals(orderId)) {
        states.add(call.get("state").asText() + ":" + call.get("outcome").asText());
      }
    });
    return states;
  }

  private static List<JsonNode> payments(JsonNode run) {
    List<JsonNode> payments = new ArrayList<>();
    run.get("calls").forEach(call -> {
      if (call.get("state").asText().equals("Pay")) {
        payments.add(call);
      }
    });
    return payments;
  }

  private static Map<String, AttributeValue> key(String id) {
    return Map.of("id", AttributeValue.fromS(id));
  }

  private static Map<String, AttributeValue> item(String id) {
    return dynamodb.client()
        .getItem(b -> b.tableName(tableName).key(key(id)).consistentRead(true))
        .item();
  }
}
