package dev.orderflow.examples.pizza.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.local.LocalSystem;
import dev.orderflow.local.LocalSystemExtension;
import dev.orderflow.local.appsync.AppSyncEndpoint;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The local console's JSON for the example's system: one order's journey from its GraphQL request to
 * its email, and the tables, queues (with a dead-letter queue redriven), workflows and outbox views.
 */
class ConsoleLocalTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @RegisterExtension
  static LocalSystemExtension local = LocalSystemExtension.of(CloudAssemblies::pizzaOrders, "PizzaOrders",
      settings -> settings.redeliveryDelay(Duration.ofMillis(300)).retryDelayScale(0.01));

  private static GraphqlClient client;

  @BeforeAll
  static void connect(LocalSystem system) {
    AppSyncEndpoint endpoint = system.graphql().orElseThrow();
    client = GraphqlClient.withApiKey(endpoint.graphqlUrl(), endpoint.apiKey());
  }

  @Test
  void anOrdersJourneyShowsItsRequestMessageBatchWorkflowWritesAndEmail(LocalSystem system) throws Exception {
    String id = client.postOrder("Journey Pizza", 3);
    client.awaitFinal(id, Duration.ofSeconds(60));
    system.awaitQuiet(Duration.ofSeconds(30));

    JsonNode journey = get(system, "/_orderflow/orders/" + id, "application/json");

    String status = journey.path("status").asText();
    assertThat(status).isIn("SUCCESS", "FAILED");
    assertThat(journey.path("row").path("name").asText()).isEqualTo("Journey Pizza");
    assertThat(journey.path("row").path("quantity").asInt()).isEqualTo(3);
    assertThat(journey.path("requests")).anySatisfy(request -> {
      assertThat(request.path("operationName").asText()).isEqualTo("Post");
      assertThat(request.path("trace").asText()).startsWith(system.graphql().orElseThrow().graphiqlUrl().toString())
          .endsWith("/_orderflow/requests/" + request.path("requestId").asText());
    });
    assertThat(journey.path("message").path("body").asText()).contains(id);
    assertThat(journey.path("batch").path("size").asInt()).isGreaterThanOrEqualTo(1);
    assertThat(journey.path("batch").path("messageIds").toString())
        .contains(journey.path("message").path("messageId").asText());

    JsonNode execution = journey.path("executions").get(0);
    assertThat(execution.path("status").asText()).isEqualTo("SUCCEEDED");
    List<String> states = new ArrayList<>();
    execution.path("graph").path("nodes").forEach(node -> states.add(node.path("name").asText()));
    List<String> path = new ArrayList<>();
    execution.path("visits").forEach(visit -> path.add(visit.path("name").asText()));
    assertThat(states).startsWith("Start").endsWith("End").containsAll(path);
    assertThat(path).hasSizeGreaterThan(2);
    assertThat(execution.path("visits")).allSatisfy(visit ->
        assertThat(visit.path("status").asText()).isIn("SUCCEEDED", "CAUGHT"));

    assertThat(journey.path("invocations")).singleElement().satisfies(invocation -> {
      assertThat(invocation.path("resourceType").asText()).isEqualTo("lambda");
      assertThat(invocation.path("request").asText()).contains(id);
      assertThat(invocation.path("answer").asText()).containsAnyOf("APPROVED", "DECLINED");
    });
    // The row is written by the API as PENDING, then finished by the workflow: each write a record.
    assertThat(journey.path("writes")).filteredOn(write -> write.path("applied").asBoolean())
        .hasSizeGreaterThanOrEqualTo(2)
        .allSatisfy(write -> assertThat(write.path("streamRecord").path("dynamodb").path("Keys").path("id")
            .path("S").asText()).isEqualTo(id));
    assertThat(journey.path("writes").get(journey.path("writes").size() - 1).path("streamRecord").path("dynamodb")
        .path("NewImage").path("orderStatus").path("S").asText()).isEqualTo(status);

    assertThat(journey.path("emails")).singleElement().satisfies(email -> {
      assertThat(email.path("to").asText()).isEqualTo(CloudAssemblies.NOTIFICATION_EMAIL);
      assertThat(email.path("body").asText()).contains(id).contains("Journey Pizza").contains(status);
    });
  }

  @Test
  void theJourneyPageItselfIsTheConsoleShellForABrowser(LocalSystem system) throws Exception {
    HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(system.consoleUrl().resolve("orders/some-id"))
        .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> script = HTTP.send(HttpRequest.newBuilder(system.consoleUrl().resolve("console.js")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<script src=\"/_orderflow/console.js\">");
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.headers().firstValue("content-type").orElse("")).startsWith("application/javascript");
  }

  @Test
  void theTablesViewPagesItemsQueriesAKeyAndListsItsStreamRecords(LocalSystem system) throws Exception {
    String first = client.postOrder("Table Pizza", 1);
    client.postOrder("Table Pizza", 2);
    client.awaitFinal(first, Duration.ofSeconds(60));
    system.awaitQuiet(Duration.ofSeconds(30));
    String table = system.physicalId(Orders.orderTable(system));

    JsonNode tables = get(system, "/_orderflow/api/tables", null);
    JsonNode page = get(system, "/_orderflow/api/tables/" + table + "/items?limit=1", null);
    JsonNode next = get(system, "/_orderflow/api/tables/" + table + "/items?limit=1&nextToken="
        + page.path("nextToken").asText(), null);
    JsonNode one = get(system, "/_orderflow/api/tables/" + table + "/items?key=" + first, null);
    JsonNode records = get(system, "/_orderflow/api/tables/" + table + "/stream?key=" + first, null);

    assertThat(tables.path("tables")).anySatisfy(t -> assertThat(t.path("name").asText()).isEqualTo(table));
    assertThat(page.path("items")).hasSize(1);
    assertThat(next.path("items")).hasSize(1);
    assertThat(next.path("items").get(0)).isNotEqualTo(page.path("items").get(0));
    assertThat(one.path("items")).singleElement()
        .satisfies(item -> assertThat(item.path("id").path("S").asText()).isEqualTo(first));
    assertThat(records.path("records")).hasSizeGreaterThanOrEqualTo(2)
        .allSatisfy(r -> assertThat(r.path("dynamodb").path("Keys").path("id").path("S").asText()).isEqualTo(first));
    // Newest first: the last write, the one that finished the order, heads the list.
    assertThat(records.path("records").get(0).path("dynamodb").path("NewImage").path("orderStatus").path("S").asText())
        .isIn("SUCCESS", "FAILED");
  }

  @Test
  void theQueuesViewShowsADeadLetteredMessageAndRedrivesItToItsSource(LocalSystem system) throws Exception {
    String poison = "{\"order\":\"console-poison\"}";
    system.sendMessage(Orders.orderQueue(system), poison);
    system.awaitQuiet(Duration.ofSeconds(60));
    JsonNode dlq = deadLetterQueue(system);
    assertThat(dlq.path("visible").asInt()).isEqualTo(1);
    assertThat(dlq.path("sourceQueueArns")).hasSize(1);

    JsonNode messages = get(system, "/_orderflow/api/queues/" + dlq.path("name").asText() + "/messages", null);
    assertThat(messages.path("messages")).singleElement().satisfies(message -> {
      assertThat(message.path("body").asText()).isEqualTo(poison);
      assertThat(message.path("receiveCount").asInt()).isGreaterThanOrEqualTo(3);
      assertThat(message.path("firstReceived").asText()).isNotEmpty();
    });

    HttpResponse<String> redriven = HTTP.send(HttpRequest.newBuilder(system.consoleUrl()
        .resolve("api/queues/" + dlq.path("name").asText() + "/redrive")).POST(HttpRequest.BodyPublishers.noBody())
        .build(), HttpResponse.BodyHandlers.ofString());

    assertThat(redriven.statusCode()).as(redriven.body()).isEqualTo(200);
    assertThat(JSON.readTree(redriven.body()).path("TaskHandle").asText()).isNotEmpty();
    // Back in its source queue, it is run three times more, then dead-lettered again.
    awaitTrue(() -> system.executions().stream().filter(e -> e.input().contains("console-poison")).count() >= 6);
    system.awaitQuiet(Duration.ofSeconds(60));
  }

  @Test
  void aPostFromAnotherSitesPageIsRefused(LocalSystem system) throws Exception {
    HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(system.consoleUrl()
        .resolve("api/queues/anything/redrive")).header("Origin", "https://attacker.example")
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("attacker.example");
  }

  @Test
  void theWorkflowsAndOutboxViewsLinkEachRunAndEmailToItsOrder(LocalSystem system) throws Exception {
    String id = client.postOrder("Outbox Pizza", 1);
    client.awaitFinal(id, Duration.ofSeconds(60));
    system.awaitQuiet(Duration.ofSeconds(30));

    JsonNode workflows = get(system, "/_orderflow/api/workflows", null);
    JsonNode machine = workflows.path("stateMachines").get(0);
    JsonNode executions = get(system, "/_orderflow/api/executions?status=SUCCEEDED&contains=" + id, null);
    String arn = executions.path("executions").get(0).path("executionArn").asText();
    JsonNode execution = get(system, "/_orderflow/api/executions/" + URLEncoder.encode(arn, StandardCharsets.UTF_8),
        null);
    JsonNode outbox = get(system, "/_orderflow/api/outbox", null);

    assertThat(machine.path("type").asText()).isEqualTo("EXPRESS");
    assertThat(machine.path("counts").path("SUCCEEDED").asInt()).isGreaterThanOrEqualTo(1);
    assertThat(execution.path("events").get(0).path("type").asText()).isEqualTo("ExecutionStarted");
    assertThat(execution.path("graph").path("nodes").size()).isGreaterThan(2);
    assertThat(outbox.path("entries").get(0).path("at").asText())
        .isGreaterThanOrEqualTo(outbox.path("entries").get(outbox.path("entries").size() - 1).path("at").asText());
    assertThat(outbox.path("entries")).filteredOn(e -> e.path("kind").asText().equals("EMAIL"))
        .anySatisfy(email -> {
          assertThat(email.path("orderId").asText()).isEqualTo(id);
          assertThat(email.path("body").asText()).contains("Outbox Pizza");
        });
  }

  private static JsonNode deadLetterQueue(LocalSystem system) throws IOException, InterruptedException {
    JsonNode queues = get(system, "/_orderflow/api/queues", null).path("queues");
    String source = system.physicalId(Orders.orderQueue(system));
    for (JsonNode queue : queues) {
      if (queue.path("url").asText().equals(source)) {
        for (JsonNode dlq : queues) {
          if (dlq.path("arn").asText().equals(queue.path("deadLetterQueueArn").asText())) {
            return dlq;
          }
        }
      }
    }
    throw new AssertionError("the console lists no dead-letter queue of the order queue");
  }

  private static JsonNode get(LocalSystem system, String path, String accept) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(system.awsEndpoint() + path));
    if (accept != null) {
      request.header("Accept", accept);
    }
    HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(200);
    return JSON.readTree(answer.body());
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not true within 60 seconds");
      }
      Thread.sleep(100);
    }
  }
}
