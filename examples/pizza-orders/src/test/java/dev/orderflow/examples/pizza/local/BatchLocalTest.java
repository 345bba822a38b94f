package dev.orderflow.examples.pizza.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.constructs.OrderWorkflowProps;
import dev.orderflow.local.LocalSystem;
import dev.orderflow.local.LocalSystemExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;

/**
 * Batches of ten through the order pipe: one poison message and one payment outage never hold
 * back the other orders of their batch, and a whole batch delivered again pays and announces
 * nothing twice.
 */
class BatchLocalTest {

  @RegisterExtension
  static LocalSystemExtension local = LocalSystemExtension.of(BatchLocalTest::synthesize, "Batches",
      settings -> settings.redeliveryDelay(Duration.ofMillis(500)).retryDelayScale(0.01));

  private static String queue;
  private static String deadLetterQueue;
  private static String table;
  private static String gateway;

  static Path synthesize() {
    return CloudAssemblies.buildingBlocks("batches", "Batches", "batches@example.com",
        stack -> OrderWorkflowProps.builder().paymentFunction(Function.Builder.create(stack, "FlakyGateway")
            .runtime(Runtime.JAVA_21)
            .handler(FlakyGateway.class.getName() + "::handleRequest")
            .code(Code.fromAsset(CloudAssemblies.classAsset(FlakyGateway.class).toString()))
            .build()));
  }

  @BeforeAll
  static void findResources(LocalSystem system) {
    queue = system.logicalIds("AWS::SQS::Queue").stream()
        .filter(id -> id.startsWith("Queue") && !id.contains("DeadLetter")).findFirst().orElseThrow();
    deadLetterQueue = system.logicalIds("AWS::SQS::Queue").stream()
        .filter(id -> id.startsWith("QueueDeadLetter")).findFirst().orElseThrow();
    table = system.logicalIds("AWS::DynamoDB::GlobalTable").get(0);
    gateway = system.logicalIds("AWS::Lambda::Function").stream()
        .filter(id -> id.startsWith("FlakyGateway")).findFirst().orElseThrow();
  }

  @Test
  void aPoisonMessageAndAnOutageLeaveTheOtherEightOfTheirBatchPaidOnce(LocalSystem system) {
    int executionsBefore = system.executions().size();
    int paymentsBefore = system.invocations(gateway);
    List<String> paid = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      ObjectNode order = Orders.message("Margherita", 1 + i % 3);
      Orders.place(system, table, queue, order);
      paid.add(order.get("id").asText());
    }
    ObjectNode outage = Orders.message("outage", 2);
    Orders.place(system, table, queue, outage);
    system.sendMessage(queue, "{\"poison\":true}");

    system.awaitQuiet(Duration.ofSeconds(90));

    for (String id : paid) {
      assertThat(Orders.text(Orders.row(system, table, id), "orderStatus")).as(id).isEqualTo("SUCCESS");
      assertThat(Orders.text(Orders.row(system, table, id), "paymentId")).isEqualTo("pay-" + id);
      assertThat(emailsAbout(system, id)).hasSize(1);
    }
    String outageId = outage.get("id").asText();
    assertThat(Orders.text(Orders.row(system, table, outageId), "orderStatus")).isEqualTo("FAILED");
    assertThat(Orders.text(Orders.row(system, table, outageId), "failureReason"))
        .isEqualTo("payment could not be completed: java.lang.IllegalStateException");
    assertThat(emailsAbout(system, outageId)).hasSize(1);
    // Eight payments once each, and the outage's first try with the four retries of its definition.
    assertThat(system.invocations(gateway) - paymentsBefore).isEqualTo(8 + 5);
    assertThat(system.queueCounts(deadLetterQueue).visible()).isEqualTo(1);
    // The ten arrive in one batch or a few, never one execution each; the poison message comes back
    // alone twice more before the dead-letter queue takes it.
    assertThat(system.executions().size() - executionsBefore).isLessThan(10);
  }

  @Test
  void aWholeBatchDeliveredAgainPaysAndAnnouncesNothingTwice(LocalSystem system) {
    List<String> messages = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ObjectNode order = Orders.message("Quattro Stagioni", 2);
      messages.add(Orders.place(system, table, queue, order));
      ids.add(order.get("id").asText());
    }
    system.awaitQuiet(Duration.ofSeconds(60));
    int paymentsAfterFirst = system.invocations(gateway);

    messages.forEach(message -> system.sendMessage(queue, message));
    system.awaitQuiet(Duration.ofSeconds(60));

    assertThat(system.invocations(gateway)).isEqualTo(paymentsAfterFirst);
    for (String id : ids) {
      assertThat(Orders.text(Orders.row(system, table, id), "orderStatus")).isEqualTo("SUCCESS");
      assertThat(emailsAbout(system, id)).hasSize(1);
    }
  }

  private static List<?> emailsAbout(LocalSystem system, String id) {
    return system.emails().stream().filter(email -> email.message().contains("\"orderId\": \"" + id + "\"")).toList();
  }
}
