package dev.orderflow.examples.pizza.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.LocalSystem;
import dev.orderflow.local.gateway.IamMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The template's IAM, enforced: a grant missing from the stack fails here as it would after a
 * deploy, and the local system's output names the role, the action and the resource.
 */
class IamEnforcementLocalTest {

  @Test
  void aWorkflowRoleWithoutUpdateItemLeavesItsOrderUnfinishedAndPrintsTheDenial() throws Exception {
    String[] role = new String[1];
    Path assembly = EditedAssemblies.edit(CloudAssemblies.buildingBlocks(), "OrderBlocks", template -> {
      String machine = EditedAssemblies.only(template, "AWS::StepFunctions::StateMachine");
      role[0] = template.path("Resources").path(machine).path("Properties").path("RoleArn")
          .path("Fn::GetAtt").path(0).asText();
      EditedAssemblies.revoke(template, role[0], "dynamodb:UpdateItem");
    });
    List<String> output = new CopyOnWriteArrayList<>();
    try (LocalSystem system = LocalSystem.builder(assembly, "OrderBlocks").output(output::add)
        .redeliveryDelay(Duration.ofMillis(200)).retryDelayScale(0.01).start()) {
      String queue = Orders.orderQueue(system);
      String table = Orders.orderTable(system);
      ObjectNode order = Orders.message("Margherita", 2);

      Orders.place(system, table, queue, order);
      // The workflow answers the pipe that the message failed; it comes back until the dead-letter queue has it.
      system.awaitQuiet(Duration.ofSeconds(90));

      JsonNode row = Orders.row(system, table, order.get("id").asText());
      assertThat(Orders.text(row, "orderStatus")).isEqualTo("PENDING");
      assertThat(system.emails()).isEmpty();
      String deadLetters = system.logicalIds("AWS::SQS::Queue").stream()
          .filter(id -> id.contains("DeadLetter")).findFirst().orElseThrow();
      assertThat(system.queueCounts(deadLetters).total()).isEqualTo(1);
      assertThat(system.executions()).isNotEmpty().allSatisfy(e -> assertThat(e.output()).contains("batchItemFailures"));
      String tableArn = "arn:aws:dynamodb:us-east-1:000000000000:table/" + system.physicalId(table);
      assertThat(output).filteredOn(line -> line.startsWith("iam: denied dynamodb:UpdateItem on " + tableArn))
          .singleElement().asString().contains(":role/");
      assertThat(system.gateway().denials()).hasSize(1);
    }
  }

  @Test
  void aQueuePolicyThatDeniesSendMessageStopsPostOrderWithNoOrderLeft() throws Exception {
    Path assembly = EditedAssemblies.edit(CloudAssemblies.pizzaOrders(), "PizzaOrders", template -> {
      // The order queue: the source of the pipe that reads a queue (the others read the table's stream).
      JsonNode source = null;
      for (JsonNode resource : template.path("Resources")) {
        JsonNode candidate = resource.path("Properties").path("Source").path("Fn::GetAtt");
        if (resource.path("Type").asText().equals("AWS::Pipes::Pipe") && template.path("Resources")
            .path(candidate.path(0).asText()).path("Type").asText().equals("AWS::SQS::Queue")) {
          source = resource.path("Properties").path("Source");
        }
      }
      String queue = source.path("Fn::GetAtt").path(0).asText();
      JsonNode queueArn = source;
      for (JsonNode resource : template.path("Resources")) {
        if (resource.path("Type").asText().equals("AWS::SQS::QueuePolicy")
            && resource.path("Properties").path("Queues").toString().contains("\"" + queue + "\"")) {
          ObjectNode deny = ((com.fasterxml.jackson.databind.node.ArrayNode) resource.path("Properties")
              .path("PolicyDocument").path("Statement")).addObject();
          deny.put("Effect", "Deny").put("Action", "sqs:SendMessage");
          deny.putObject("Principal").put("AWS", "*");
          deny.set("Resource", queueArn);
        }
      }
    });
    List<String> output = new CopyOnWriteArrayList<>();
    try (LocalSystem system = LocalSystem.builder(assembly, "PizzaOrders").output(output::add).start()) {
      var api = system.graphql().orElseThrow();
      GraphqlClient client = GraphqlClient.withApiKey(api.graphqlUrl(), api.apiKey());

      GraphqlClient.Answer answer = client.post(GraphqlClient.POST_ORDER, GraphqlClient.order("Margherita", 1, null));

      assertThat(answer.firstError().path("errorType").asText()).isEqualTo("OrderQueueError");
      assertThat(answer.data("postOrder").isNull() || answer.data("postOrder").isMissingNode()).isTrue();
      GraphqlClient.Answer all = client.post(GraphqlClient.GET_ALL, java.util.Map.of("limit", 10));
      assertThat(all.data("getAllOrders").path("items")).isEmpty();
      assertThat(output).anyMatch(line -> line.startsWith("iam: denied sqs:SendMessage on arn:aws:sqs:")
          && line.contains(":role/"));
    }
  }

  @Test
  void warnModeLetsTheDeniedCallThroughAndStillPrintsIt() throws Exception {
    Path assembly = EditedAssemblies.edit(CloudAssemblies.buildingBlocks(), "OrderBlocks", template -> {
      String machine = EditedAssemblies.only(template, "AWS::StepFunctions::StateMachine");
      String role = template.path("Resources").path(machine).path("Properties").path("RoleArn")
          .path("Fn::GetAtt").path(0).asText();
      EditedAssemblies.revoke(template, role, "dynamodb:UpdateItem");
    });
    List<String> output = new CopyOnWriteArrayList<>();
    try (LocalSystem system = LocalSystem.builder(assembly, "OrderBlocks").output(output::add).iam(IamMode.WARN)
        .start()) {
      String queue = Orders.orderQueue(system);
      String table = Orders.orderTable(system);
      ObjectNode order = Orders.message("Margherita", 2);

      Orders.place(system, table, queue, order);
      system.awaitQuiet(Duration.ofSeconds(60));

      assertThat(Orders.text(Orders.row(system, table, order.get("id").asText()), "orderStatus")).isEqualTo("SUCCESS");
      assertThat(output).anyMatch(line -> line.startsWith("iam: denied dynamodb:UpdateItem")
          && line.endsWith("allowed because --iam warn"));
    }
  }

}
