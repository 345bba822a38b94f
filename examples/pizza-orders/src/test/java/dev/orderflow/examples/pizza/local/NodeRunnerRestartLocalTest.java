package dev.orderflow.examples.pizza.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.LocalSystem;
import dev.orderflow.local.LocalSystemExtension;
import dev.orderflow.local.stepfunctions.ExecutionStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Step Functions runner's Node.js process killed under a running system: the system does not
 * stay half-dead. The executions it ran fail, their messages come back and are run again on a
 * restarted process, and orders placed after it reach their final status too.
 */
class NodeRunnerRestartLocalTest {

  @RegisterExtension
  static LocalSystemExtension local = LocalSystemExtension.of(CloudAssemblies::pizzaOrders, "PizzaOrders",
      settings -> settings.redeliveryDelay(Duration.ofMillis(500)));

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void everyOrderReachesItsFinalStatusWithOneEmailAfterTheStepFunctionsRunnerIsKilled(LocalSystem system)
      throws InterruptedException {
    String queue = system.logicalIds("AWS::SQS::Queue").stream()
        .filter(id -> id.startsWith("PizzaOrdersQueue") && !id.contains("DeadLetter")).findFirst().orElseThrow();
    String table = system.logicalIds("AWS::DynamoDB::GlobalTable").get(0);
    ProcessHandle runner = stepFunctionsRunner();
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      ids.add(place(system, table, queue, "before-kill-" + i));
    }
    awaitARunningExecution(system);

    runner.destroyForcibly();
    for (int i = 1; i <= 5; i++) {
      ids.add(place(system, table, queue, "after-kill-" + i));
    }
    system.awaitQuiet(Duration.ofSeconds(120));

    for (String id : ids) {
      assertThat(Orders.text(Orders.row(system, table, id), "orderStatus")).as("status of %s", id)
          .isIn("SUCCESS", "FAILED");
      assertThat(system.emails()).as("emails about %s", id)
          .filteredOn(email -> email.message().contains("\"orderId\": \"" + id + "\"")).hasSize(1);
    }
    assertThat(runner.isAlive()).isFalse();
    assertThat(stepFunctionsRunner().pid()).isNotEqualTo(runner.pid());
  }

  private static String place(LocalSystem system, String table, String queue, String id) {
    ObjectNode order = Orders.message("Pizza " + id, 2);
    order.put("id", id);
    Orders.place(system, table, queue, order);
    return id;
  }

  private static void awaitARunningExecution(LocalSystem system) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (system.executions().stream().noneMatch(e -> e.status() == ExecutionStatus.RUNNING)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no execution started within " + WAIT);
      }
      Thread.sleep(5);
    }
  }

  /** The live Node.js process of this JVM that runs the bundled Step Functions runner script. */
  private static ProcessHandle stepFunctionsRunner() {
    List<ProcessHandle> runners = ProcessHandle.current().descendants()
        .filter(ProcessHandle::isAlive)
        .filter(process -> process.info().arguments()
            .map(arguments -> Arrays.stream(arguments).anyMatch(a -> a.contains("orderflow-stepfunctions-runner-")))
            .orElse(false))
        .toList();
    assertThat(runners).as("Step Functions runner processes of this JVM").hasSize(1);
    return runners.get(0);
  }
}
