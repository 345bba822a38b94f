package dev.orderflow.examples.pizza.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.constructs.OrderWorkflowProps;
import dev.orderflow.local.LocalSystem;
import dev.orderflow.local.LocalSystemExtension;
import dev.orderflow.local.stepfunctions.ExecutionStatus;
import dev.orderflow.local.stepfunctions.ExecutionSummary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;

/**
 * A payment function that fails with a technical error: the workflow retries it as its
 * definition says, marks the order FAILED with a reason and answers the pipe with the message as
 * failed; the pipe hands it back, and its next delivery finds the order final and is deleted.
 */
class PaymentFailureLocalTest {

  @RegisterExtension
  static LocalSystemExtension local = LocalSystemExtension.of(PaymentFailureLocalTest::synthesize, "FailingPayments",
      settings -> settings.redeliveryDelay(Duration.ofMillis(500)).retryDelayScale(0.01));

  static Path synthesize() {
    return CloudAssemblies.buildingBlocks("failing-payments", "FailingPayments", "failures@example.com",
        stack -> OrderWorkflowProps.builder().paymentFunction(Function.Builder.create(stack, "UnreachableGateway")
            .runtime(Runtime.JAVA_21)
            .handler(UnreachableGateway.class.getName() + "::handleRequest")
            .code(Code.fromAsset(CloudAssemblies.classAsset(UnreachableGateway.class).toString()))
            .build()));
  }

  @Test
  void aGatewayThatKeepsFailingIsRetriedThenTheOrderFailsWithAReasonAndOneEmail(LocalSystem system) {
    String queue = system.logicalIds("AWS::SQS::Queue").stream()
        .filter(id -> id.startsWith("Queue") && !id.contains("DeadLetter")).findFirst().orElseThrow();
    String table = system.logicalIds("AWS::DynamoDB::GlobalTable").get(0);
    ObjectNode order = Orders.message("Diavola", 3);

    Orders.place(system, table, queue, order);
    system.awaitQuiet(Duration.ofSeconds(90));

    JsonNode row = Orders.row(system, table, order.get("id").asText());
    assertThat(Orders.text(row, "orderStatus")).isEqualTo("FAILED");
    assertThat(Orders.text(row, "failureReason")).isEqualTo("payment could not be completed: java.lang.IllegalStateException");
    // One first try and the four retries of the definition's States.ALL rule.
    String gateway = system.logicalIds("AWS::Lambda::Function").stream()
        .filter(id -> id.startsWith("UnreachableGateway")).findFirst().orElseThrow();
    assertThat(system.invocations(gateway)).isEqualTo(5);
    // The first run answers the pipe with the message as failed, so it comes back; the second run
    // finds the order final and lets the pipe delete it.
    List<ExecutionSummary> executions = system.executions();
    assertThat(executions).extracting(ExecutionSummary::status)
        .containsExactly(ExecutionStatus.SUCCEEDED, ExecutionStatus.SUCCEEDED);
    assertThat(executions.get(0).output()).contains("batchItemFailures", "itemIdentifier");
    assertThat(executions.get(1).output()).doesNotContain("itemIdentifier");
    assertThat(system.queueCounts(queue).total()).isZero();
    assertThat(system.emails()).singleElement()
        .satisfies(email -> assertThat(email.message()).contains("\"orderStatus\": \"FAILED\"",
            "\"failureReason\": \"payment could not be completed: java.lang.IllegalStateException"));
  }
}
