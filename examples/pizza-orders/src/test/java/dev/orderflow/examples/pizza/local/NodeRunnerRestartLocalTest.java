package dev.orderflow.examples.pizza.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.LocalSystem;
import dev.orderflow.local.stepfunctions.ExecutionStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The Step Functions runner's Node.js process killed under a running system: the system does not
 * stay half-dead. The executions it ran fail, their messages come back and are run again on a
 * restarted process, and orders placed after it reach their final status too.
 */
// Tells its system's Step Functions runner from the others by the processes started while it
// starts, so nothing may start beside it.
@Isolated
class NodeRunnerRestartLocalTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void everyOrderReachesItsFinalStatusWithOneEmailAfterTheStepFunctionsRunnerIsKilled() throws InterruptedException {
    // Systems that other classes share stay open until the run ends, each with a runner of its own.
    Set<Long> others = stepFunctionsRunners().stream().map(ProcessHandle::pid).collect(Collectors.toSet());
    try (LocalSystem system = LocalSystem.builder(CloudAssemblies.pizzaOrders(), "PizzaOrders")
        .redeliveryDelay(Duration.ofMillis(500)).start()) {
      String queue = system.logicalIds("AWS::SQS::Queue").stream()
          .filter(id -> id.startsWith("PizzaOrdersQueue") && !id.contains("DeadLetter")).findFirst().orElseThrow();
      String table = system.logicalIds("AWS::DynamoDB::GlobalTable").get(0);
      ProcessHandle runner = runnerOfThisSystem(others);
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
      assertThat(runnerOfThisSystem(others).pid()).isNotEqualTo(runner.pid());
    }
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

  /** The live runner of the system under test: the one Step Functions runner not among {@code others}. */
  private static ProcessHandle runnerOfThisSystem(Set<Long> others) {
    List<ProcessHandle> runners = stepFunctionsRunners().stream()
        .filter(process -> !others.contains(process.pid()))
        .toList();
    assertThat(runners).as("Step Functions runner processes of the system under test").hasSize(1);
    return runners.get(0);
  }

  /** The live Node.js processes of this JVM that run the bundled Step Functions runner script. */
  private static List<ProcessHandle> stepFunctionsRunners() {
    return ProcessHandle.current().descendants()
        .filter(ProcessHandle::isAlive)
        .filter(process -> process.info().arguments()
            .map(arguments -> Arrays.stream(arguments).anyMatch(a -> a.contains("orderflow-stepfunctions-runner-")))
            .orElse(false))
        .toList();
  }
}
