package dev.orderflow.examples.pizza.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.local.LocalSystem;
import dev.orderflow.local.LocalSystemExtension;
import dev.orderflow.local.appsync.AppSyncEndpoint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The example's whole system over HTTP, as a client sees it: GraphQL requests to the local endpoint
 * with the API key, orders queued, paid by the workflow, written and announced.
 */
class PizzaOrdersGraphqlLocalTest {

  private static final MovableClock CLOCK = new MovableClock();
  private static final ObjectMapper JSON = new ObjectMapper();

  // A retried client token queues the PENDING order again; when both deliveries reach the workflow
  // at once, the one that finds the order claimed is handed back, and would reappear only after the
  // queue's visibility timeout (minutes): the redelivery delay brings it back for its no-op run.
  @RegisterExtension
  // A retried clientToken can put the order's second message in the same batch as its first: its
  // claim is refused while the first run holds the order, and it goes back to the queue. Here it is
  // visible again after half a second, not after the queue's visibility timeout as on AWS.
  static LocalSystemExtension local = LocalSystemExtension.of(CloudAssemblies::pizzaOrders, "PizzaOrders",
      settings -> settings.graphqlClock(CLOCK).redeliveryDelay(Duration.ofMillis(500)));

  private static AppSyncEndpoint endpoint;
  private static GraphqlClient client;
  private static String queue;
  private static String table;

  @BeforeAll
  static void connect(LocalSystem system) {
    endpoint = system.graphql().orElseThrow();
    client = GraphqlClient.withApiKey(endpoint.graphqlUrl(), endpoint.apiKey());
    queue = system.logicalIds("AWS::SQS::Queue").stream()
        .filter(id -> id.startsWith("PizzaOrdersQueue") && !id.contains("DeadLetter")).findFirst().orElseThrow();
    table = system.logicalIds("AWS::DynamoDB::GlobalTable").get(0);
  }

  @Test
  void theAwsEndpointEvaluatesAResolverAsAppSyncsEvaluateCodeDoes(LocalSystem system) throws Exception {
    var body = JSON.createObjectNode();
    body.putObject("runtime").put("name", "APPSYNC_JS").put("runtimeVersion", "1.0.0");
    body.put("code", "import { util } from '@aws-appsync/utils';\n"
        + "export function request(ctx) { util.log.info('asked for', ctx.args.id);"
        + " return { operation: 'GetItem', key: util.dynamodb.toMapValues({ id: ctx.args.id }) }; }\n"
        + "export function response(ctx) { return ctx.result; }\n");
    body.put("context", "{\"arguments\": {\"id\": \"o-1\"}}");
    body.put("function", "request");
    java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(system.awsEndpoint().resolve("/v1/dataplane-evaluatecode"))
            .header("content-type", "application/json")
            // Signed in form, as the CLI and SDKs sign: the endpoint refuses unsigned calls, not the value.
            .header("authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/appsync/aws4_request,"
                + " SignedHeaders=content-type;host, Signature=0000")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body.toString())).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());

    assertThat(answer.statusCode()).isEqualTo(200);
    JsonNode evaluated = JSON.readTree(answer.body());
    assertThat(JSON.readTree(evaluated.path("evaluationResult").asText()).path("key").path("id").path("S").asText())
        .isEqualTo("o-1");
    assertThat(evaluated.path("logs").toString()).contains("asked for");
  }

  @Test
  void aPostedOrderIsPendingThenFinishedByTheWorkflowWithOneEmail(LocalSystem system) {
    GraphqlClient.Answer posted = client.post(GraphqlClient.POST_ORDER, GraphqlClient.order("Margherita", 2, null));

    assertThat(posted.status()).isEqualTo(200);
    assertThat(posted.body().has("errors")).as(posted.body().toString()).isFalse();
    JsonNode order = posted.data("postOrder");
    assertThat(order.path("orderStatus").asText()).isEqualTo("PENDING");
    String id = order.path("id").asText();

    JsonNode finished = client.awaitFinal(id, Duration.ofSeconds(60));

    assertThat(finished.path("orderStatus").asText()).isIn("SUCCESS", "FAILED");
    system.awaitQuiet(Duration.ofSeconds(30));
    assertThat(emailsAbout(system, id)).hasSize(1);
  }

  @Test
  void getAllOrdersPagesThroughTwentyFiveOrdersNewestFirst(LocalSystem system) throws InterruptedException {
    List<String> posted = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      posted.add(client.postOrder("Paged " + i, 1));
      // createdAt has milliseconds: apart, so that newest first is one order.
      Thread.sleep(3);
    }
    system.awaitQuiet(Duration.ofSeconds(120));

    List<String> seen = new ArrayList<>();
    List<String> createdAt = new ArrayList<>();
    Map<String, JsonNode> listed = new HashMap<>();
    String nextToken = null;
    int pages = 0;
    do {
      Map<String, Object> variables = new HashMap<>();
      variables.put("limit", 10);
      variables.put("nextToken", nextToken);
      JsonNode page = client.post(GraphqlClient.GET_ALL, variables).data("getAllOrders");
      assertThat(page.path("items").size()).isLessThanOrEqualTo(10);
      page.path("items").forEach(item -> {
        seen.add(item.path("id").asText());
        createdAt.add(item.path("createdAt").asText());
        listed.put(item.path("id").asText(), item);
      });
      nextToken = page.path("nextToken").isNull() ? null : page.path("nextToken").asText();
      pages++;
    } while (nextToken != null && pages < 100);

    assertThat(pages).isGreaterThanOrEqualTo(3);
    assertThat(seen).doesNotHaveDuplicates();
    assertThat(createdAt).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    List<String> newestFirst = new ArrayList<>(posted);
    java.util.Collections.reverse(newestFirst);
    assertThat(seen.stream().filter(posted::contains).toList()).containsExactlyElementsOf(newestFirst);
    // The index gives the ids only: each order is read from the table, as it stands now (final).
    for (int i = 0; i < posted.size(); i++) {
      JsonNode order = listed.get(posted.get(i));
      assertThat(order.path("name").asText()).isEqualTo("Paged " + i);
      assertThat(order.path("orderStatus").asText()).isEqualTo(client.post(GraphqlClient.GET_SINGLE,
          Map.of("id", posted.get(i))).data("getSingleOrder").path("orderStatus").asText()).isIn("SUCCESS", "FAILED");
    }
  }

  @Test
  void aFinishedOrderCannotBeUpdatedButCanBeDeleted() {
    String id = client.postOrder("Quattro Formaggi", 1);
    client.awaitFinal(id, Duration.ofSeconds(60));

    GraphqlClient.Answer update = client.post(
        "mutation U($input: UpdateOrderInput!) { updateOrder(input: $input) { id quantity } }",
        Map.of("input", Map.of("id", id, "quantity", 3)));
    GraphqlClient.Answer delete = client.post("mutation D($id: ID!) { deleteOrder(id: $id) }", Map.of("id", id));
    GraphqlClient.Answer after = client.post(GraphqlClient.GET_SINGLE, Map.of("id", id));

    assertThat(update.data("updateOrder").isNull()).isTrue();
    assertThat(update.firstError().path("errorType").asText()).isEqualTo("OrderFinal");
    assertThat(delete.data("deleteOrder").asText()).isEqualTo(id);
    assertThat(after.data("getSingleOrder").isNull()).isTrue();
  }

  @Test
  void aPendingOrderCanBeUpdatedButNotDeleted(LocalSystem system) throws Exception {
    // An order the workflow has recorded but not yet paid: written as its first step leaves it.
    String id = "pending-" + System.nanoTime();
    system.tables().call("PutItem", JSON.readTree("""
        {"TableName": "%s", "Item": {"id": {"S": "%s"}, "customerId": {"S": "anonymous"}, "name": {"S": "Diavola"},
         "quantity": {"N": "1"}, "restaurantId": {"S": "Dominos Pizza"}, "orderStatus": {"S": "PENDING"},
         "createdAt": {"S": "%s"}}}""".formatted(system.physicalId(table), id, Instant.now())));

    GraphqlClient.Answer update = client.post(
        "mutation U($input: UpdateOrderInput!) { updateOrder(input: $input) { id quantity orderStatus } }",
        Map.of("input", Map.of("id", id, "quantity", 4)));
    GraphqlClient.Answer delete = client.post("mutation D($id: ID!) { deleteOrder(id: $id) }", Map.of("id", id));

    assertThat(update.body().has("errors")).as(update.body().toString()).isFalse();
    assertThat(update.data("updateOrder").path("quantity").asInt()).isEqualTo(4);
    assertThat(delete.data("deleteOrder").isNull()).isTrue();
    assertThat(delete.firstError().path("errorType").asText()).isEqualTo("OrderNotDeletable");
    assertThat(client.post(GraphqlClient.GET_SINGLE, Map.of("id", id)).data("getSingleOrder").path("id").asText())
        .isEqualTo(id);
  }

  @Test
  void aRetriedClientTokenMakesOneOrderAndOneEmail(LocalSystem system) {
    system.awaitQuiet(Duration.ofSeconds(60));
    String token = "retry-" + System.nanoTime();

    String first = client.post(GraphqlClient.POST_ORDER, GraphqlClient.order("Calzone", 1, token))
        .data("postOrder").path("id").asText();
    String second = client.post(GraphqlClient.POST_ORDER, GraphqlClient.order("Calzone", 1, token))
        .data("postOrder").path("id").asText();
    client.awaitFinal(first, Duration.ofSeconds(60));
    system.awaitQuiet(Duration.ofSeconds(60));

    assertThat(second).isEqualTo(first);
    assertThat(client.post(GraphqlClient.GET_ALL, Map.of("limit", 100)).data("getAllOrders").path("items")
        .findValuesAsText("id")).containsOnlyOnce(first);
    assertThat(emailsAbout(system, first)).hasSize(1);
  }

  @Test
  void anInvalidQuantityIsAGraphqlErrorNamingTheFieldAndNothingReachesTheQueue(LocalSystem system) {
    system.awaitQuiet(Duration.ofSeconds(60));
    int executionsBefore = system.executions().size();

    GraphqlClient.Answer answer = client.post(GraphqlClient.POST_ORDER, GraphqlClient.order("Margherita", 0, null));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.data("postOrder").isMissingNode() || answer.data("postOrder").isNull()).isTrue();
    assertThat(answer.firstError().path("message").asText()).startsWith("quantity ").contains("0");
    assertThat(answer.firstError().path("path").path(0).asText()).isEqualTo("postOrder");
    assertThat(system.queueCounts(queue).total()).isZero();
    system.awaitQuiet(Duration.ofSeconds(10));
    assertThat(system.executions()).hasSize(executionsBefore);
  }

  @Test
  void aWrongKeyAndAnExpiredKeyAreRefusedWith401() {
    GraphqlClient wrong = GraphqlClient.withApiKey(endpoint.graphqlUrl(), "da2-thisisnotthekeyofthisapi00");
    String validKey = endpoint.apiKey();

    GraphqlClient.Answer refused = wrong.post(GraphqlClient.GET_ALL, Map.of("limit", 1));
    GraphqlClient.Answer expired;
    // The stack sets no expiry: AppSync's default of seven days applies. Eight days on, it has passed.
    CLOCK.advance(Duration.ofDays(8));
    try {
      expired = GraphqlClient.withApiKey(endpoint.graphqlUrl(), validKey).post(GraphqlClient.GET_ALL, Map.of("limit", 1));
    } finally {
      CLOCK.advance(Duration.ofDays(-8));
    }

    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.firstError().path("errorType").asText()).isEqualTo("UnauthorizedException");
    assertThat(expired.status()).isEqualTo(401);
    assertThat(expired.firstError().path("errorType").asText()).isEqualTo("UnauthorizedException");
    assertThat(client.post(GraphqlClient.GET_ALL, Map.of("limit", 1)).status()).isEqualTo(200);
  }

  private static List<dev.orderflow.local.sns.OutboxEntry> emailsAbout(LocalSystem system, String id) {
    return system.emails().stream().filter(email -> email.message().contains("\"orderId\": \"" + id + "\"")).toList();
  }

  /** The system clock, moved by an offset that a test sets. */
  private static final class MovableClock extends Clock {
    private volatile Duration offset = Duration.ZERO;

    void advance(Duration by) {
      offset = offset.plus(by);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.now().plus(offset);
    }
  }
}
