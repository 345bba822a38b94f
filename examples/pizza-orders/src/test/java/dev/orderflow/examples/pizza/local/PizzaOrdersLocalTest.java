package dev.orderflow.examples.pizza.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.LocalSystem;
import dev.orderflow.local.LocalSystemExtension;
import dev.orderflow.local.sns.OutboxEntry;
import dev.orderflow.local.stepfunctions.ExecutionStatus;
import dev.orderflow.runtime.payment.PaymentRequest;
import dev.orderflow.runtime.payment.PaymentResult;
import dev.orderflow.runtime.payment.PaymentStatus;
import dev.orderflow.runtime.payment.SimulatedPaymentGateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The example's own synthesized stack, run whole on this machine: orders go in through its queue,
 * as the GraphQL API sends them, and come out as rows and emails.
 */
class PizzaOrdersLocalTest {

  @RegisterExtension
  static LocalSystemExtension local = LocalSystemExtension.of(CloudAssemblies::pizzaOrders, "PizzaOrders",
      settings -> settings.redeliveryDelay(Duration.ofMillis(500)));

  private static final SimulatedPaymentGateway GATEWAY =
      new SimulatedPaymentGateway(SimulatedPaymentGateway.DEFAULT_APPROVAL_RATE);

  private static String queue;
  private static String deadLetterQueue;
  private static String table;
  private static String payment;

  @BeforeAll
  static void findResources(LocalSystem system) {
    queue = system.logicalIds("AWS::SQS::Queue").stream()
        .filter(id -> id.startsWith("PizzaOrdersQueue") && !id.contains("DeadLetter")).findFirst().orElseThrow();
    deadLetterQueue = system.logicalIds("AWS::SQS::Queue").stream()
        .filter(id -> id.startsWith("PizzaOrdersQueueDeadLetter")).findFirst().orElseThrow();
    table = system.logicalIds("AWS::DynamoDB::GlobalTable").get(0);
    payment = system.logicalIds("AWS::Lambda::Function").get(0);
  }

  @Test
  void fiftyOrdersEachEndPaidOrDeclinedWithExactlyOneEmailOfTheRenderedTemplate(LocalSystem system) {
    List<ObjectNode> orders = new ArrayList<>();
    for (int i = 1; i <= 50; i++) {
      ObjectNode order = Orders.message("Pizza " + i, 1 + i % 5);
      order.put("id", "fifty-" + i);
      orders.add(order);
      Orders.place(system, table, queue, order);
    }
    system.awaitQuiet(Duration.ofSeconds(120));

    int declined = 0;
    for (ObjectNode order : orders) {
      String id = order.get("id").asText();
      PaymentResult expected = GATEWAY.charge(request(order));
      JsonNode row = Orders.row(system, table, id);
      List<OutboxEntry> emails = emailsAbout(system, id);
      assertThat(emails).as("emails about %s", id).hasSize(1);
      if (expected.status() == PaymentStatus.APPROVED) {
        assertThat(Orders.text(row, "orderStatus")).isEqualTo("SUCCESS");
        assertThat(Orders.text(row, "paymentId")).isEqualTo(expected.paymentId().orElseThrow());
        assertThat(emails.get(0).message()).isEqualTo(email(order, "SUCCESS", ""));
      } else {
        declined++;
        assertThat(Orders.text(row, "orderStatus")).isEqualTo("FAILED");
        assertThat(Orders.text(row, "failureReason")).isEqualTo(expected.reason().orElseThrow());
        assertThat(emails.get(0).message()).isEqualTo(email(order, "FAILED", expected.reason().orElseThrow()));
      }
      assertThat(emails.get(0).endpoint()).isEqualTo(CloudAssemblies.NOTIFICATION_EMAIL);
    }
    assertThat(declined).as("the mix holds declines as well as approvals").isBetween(1, 49);
  }

  @Test
  void theSameMessageDeliveredThreeTimesMakesOneRowOnePaymentAndOneEmail(LocalSystem system) {
    ObjectNode order = Orders.message("Calzone", 2);
    order.put("id", "thrice-delivered");
    int paymentsBefore = system.invocations(payment);

    String message = Orders.place(system, table, queue, order);
    system.awaitQuiet(Duration.ofSeconds(60));
    for (int delivery = 1; delivery < 3; delivery++) {
      system.sendMessage(queue, message);
      system.awaitQuiet(Duration.ofSeconds(60));
    }

    assertThat(Orders.row(system, table, "thrice-delivered")).isNotNull();
    assertThat(system.invocations(payment) - paymentsBefore).isEqualTo(1);
    assertThat(emailsAbout(system, "thrice-delivered")).hasSize(1);
  }

  @Test
  void aMalformedMessageMakesNoRowNorEmailAndEndsInTheDeadLetterQueueAfterMaxReceiveCount(LocalSystem system) {
    // No order id: not a message the API sends, nor one the workflow can read.
    String body = "{\"order\":\"not-an-order\",\"hello\":\"world\"}";

    system.sendMessage(queue, body);
    system.awaitQuiet(Duration.ofSeconds(60));

    assertThat(emailsAbout(system, "not-an-order")).isEmpty();
    assertThat(system.queueCounts(deadLetterQueue).visible()).isEqualTo(1);
    // The queue's redrive policy: three receives, each a run that answers the pipe with this message
    // as its one failure, then the dead-letter queue.
    assertThat(system.executions()).filteredOn(execution -> execution.input().contains("not-an-order"))
        .hasSize(3)
        .allSatisfy(execution -> {
          assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
          assertThat(execution.output()).contains("batchItemFailures", "itemIdentifier");
        });
  }

  private static PaymentRequest request(ObjectNode order) {
    return PaymentRequest.builder()
        .orderId(order.get("id").asText())
        .customerId(order.get("customerId").asText())
        .name(order.get("name").asText())
        .quantity(order.get("quantity").asInt())
        .restaurantId(order.get("restaurantId").asText())
        .build();
  }

  private static List<OutboxEntry> emailsAbout(LocalSystem system, String id) {
    return system.emails().stream().filter(email -> email.message().contains("\"orderId\": \"" + id + "\"")).toList();
  }

  /** The notifier's input template, rendered as Pipes renders it: a JSON object, values escaped. */
  private static String email(ObjectNode order, String status, String reason) {
    return String.join("\n",
        "{",
        "  \"orderStatus\": \"" + status + "\",",
        "  \"orderId\": \"" + order.get("id").asText() + "\",",
        "  \"quantity\": \"" + order.get("quantity").asInt() + "\",",
        "  \"name\": \"" + order.get("name").asText() + "\",",
        "  \"restaurantId\": \"" + order.get("restaurantId").asText() + "\",",
        "  \"orderedAt\": \"" + order.get("createdAt").asText() + "\",",
        "  \"failureReason\": \"" + reason + "\"",
        "}");
  }
}
