package dev.orderflow.examples.pizza.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.constructs.OrderWorkflowProps;
import dev.orderflow.local.LocalSystem;
import dev.orderflow.local.LocalSystemExtension;
import dev.orderflow.local.stepfunctions.ExecutionStatus;
import dev.orderflow.local.stepfunctions.ExecutionSummary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awscdk.services.stepfunctions.StateMachineProps;

/**
 * The claim lease on the whole system: deliveries of one order at once call the payment function
 * once, the others going back to the queue until the order is final; and an order whose run ended
 * before finishing it is claimed again once the lease has ended, and paid for once more only then.
 *
 * <p>The lease is 3 seconds and a run may last 2; a message handed back comes again after 4
 * seconds, as on AWS the queue's visibility timeout (6 minutes) outlasts the lease (5 minutes).
 */
class ClaimLeaseLocalTest {

  @RegisterExtension
  static LocalSystemExtension local = LocalSystemExtension.of(ClaimLeaseLocalTest::synthesize, "Leases",
      settings -> settings.redeliveryDelay(Duration.ofSeconds(4)).retryDelayScale(0.01));

  private static String queue;
  private static String deadLetterQueue;
  private static String table;
  private static String gateway;

  static Path synthesize() {
    return CloudAssemblies.buildingBlocks("leases", "Leases", "leases@example.com",
        stack -> OrderWorkflowProps.builder()
            .claimLease(software.amazon.awscdk.Duration.seconds(3))
            // A run that outlasts this ends as a whole, TIMED_OUT, without finishing its orders.
            .stateMachineProps(StateMachineProps.builder().timeout(software.amazon.awscdk.Duration.seconds(2)).build())
            .paymentFunction(CloudAssemblies.javaFunction(stack, "SlowGateway", SlowGateway.class)
                .timeout(software.amazon.awscdk.Duration.seconds(10))
                .build()));
  }

  @BeforeAll
  static void findResources(LocalSystem system) {
    queue = Orders.orderQueue(system);
    deadLetterQueue = Orders.deadLetterQueue(system);
    table = Orders.orderTable(system);
    gateway = Orders.function(system, "SlowGateway");
  }

  @Test
  void deliveriesOfOneOrderAtOnceCallThePaymentFunctionOnce(LocalSystem system) {
    int paymentsBefore = system.invocations(gateway);
    int executionsBefore = system.executions().size();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ObjectNode order = Orders.message("Margherita", 1 + i);
      String body = Orders.place(system, table, queue, order);
      for (int copy = 0; copy < 3; copy++) {
        system.sendMessage(queue, body);
      }
      ids.add(order.get("id").asText());
    }

    system.awaitQuiet(Duration.ofSeconds(90));

    assertThat(system.invocations(gateway) - paymentsBefore).as("payment calls for 5 orders").isEqualTo(5);
    for (String id : ids) {
      assertThat(Orders.text(Orders.row(system, table, id), "orderStatus")).as(id).isEqualTo("SUCCESS");
      assertThat(emailsAbout(system, id)).as("emails about %s", id).hasSize(1);
    }
    // The race was run: deliveries found their order claimed and went back to the queue ...
    assertThat(system.executions().subList(executionsBefore, system.executions().size()))
        .extracting(ExecutionSummary::output).anyMatch(output -> output != null && output.contains("itemIdentifier"));
    // ... and came again to find it final: none was given up on.
    assertThat(system.queueCounts(queue).total()).isZero();
    assertThat(system.queueCounts(deadLetterQueue).total()).isZero();
  }

  @Test
  void anOrderWhoseRunEndedBeforeFinishingItIsClaimedAgainOnlyOnceTheLeaseHasEnded(LocalSystem system)
      throws InterruptedException {
    int paymentsBefore = system.invocations(gateway);
    int executionsBefore = system.executions().size();
    ObjectNode order = Orders.message("stall", 2);
    String id = order.get("id").asText();

    String body = Orders.place(system, table, queue, order);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (system.invocations(gateway) == paymentsBefore && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    // The first run holds the claim and waits for its payment: another delivery now is handed back.
    system.sendMessage(queue, body);
    system.awaitQuiet(Duration.ofSeconds(90));

    // The first run timed out before finishing the order; the delivery during its lease was handed
    // back; after the lease, one more payment finished the order.
    List<ExecutionSummary> runs = system.executions().subList(executionsBefore, system.executions().size());
    assertThat(runs).extracting(ExecutionSummary::status).contains(ExecutionStatus.TIMED_OUT);
    assertThat(runs).extracting(ExecutionSummary::output)
        .anyMatch(output -> output != null && output.contains("itemIdentifier"));
    assertThat(system.invocations(gateway) - paymentsBefore).as("payment calls").isEqualTo(2);
    assertThat(Orders.text(Orders.row(system, table, id), "orderStatus")).isEqualTo("SUCCESS");
    assertThat(Orders.text(Orders.row(system, table, id), "paymentId")).isEqualTo("pay-" + id);
    assertThat(emailsAbout(system, id)).hasSize(1);
    assertThat(system.queueCounts(queue).total()).isZero();
    assertThat(system.queueCounts(deadLetterQueue).total()).isZero();
  }

  private static List<?> emailsAbout(LocalSystem system, String id) {
    return system.emails().stream().filter(email -> email.message().contains("\"orderId\": \"" + id + "\"")).toList();
  }
}
