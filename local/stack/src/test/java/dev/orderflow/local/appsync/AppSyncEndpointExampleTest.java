package dev.orderflow.local.appsync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.local.gateway.CallGateway;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The example's order API on the local endpoint, over HTTP, with its API key. */
@ExtendWith(ExampleStack.Shared.class)
class AppSyncEndpointExampleTest {

  private static final String POST_ORDER = """
      mutation Post($input: OrderInput!) {
        postOrder(input: $input) { id name quantity restaurantId orderStatus createdAt }
      }""";
  private static final String GET_ALL = """
      query All($limit: Int, $nextToken: String) {
        getAllOrders(limit: $limit, nextToken: $nextToken) { items { id createdAt } nextToken }
      }""";

  private static final String LIST_WITH_STATUS = """
      query All($limit: Int, $nextToken: String) {
        getAllOrders(limit: $limit, nextToken: $nextToken) { items { id name orderStatus createdAt } nextToken }
      }""";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ExampleStack stack;

  @BeforeAll
  static void start(ExampleStack shared) {
    stack = shared;
  }

  @BeforeEach
  void emptyQueue() {
    stack.drainOrders();
  }

  private static Map<String, Object> order(String name, int quantity, String clientToken) {
    Map<String, Object> input = new java.util.LinkedHashMap<>();
    input.put("name", name);
    input.put("quantity", quantity);
    input.put("restaurantId", "r-1");
    if (clientToken != null) {
      input.put("clientToken", clientToken);
    }
    return Map.of("input", input);
  }

  @Test
  void postOrderAnswersThePendingOrderAndEnqueuesIt() {
    ExampleStack.Answer answer = stack.withKey(POST_ORDER, order("Margherita", 2, null));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body().has("errors")).as(answer.body().toString()).isFalse();
    JsonNode order = answer.body().path("data").path("postOrder");
    assertThat(order.path("orderStatus").asText()).isEqualTo("PENDING");
    assertThat(order.path("name").asText()).isEqualTo("Margherita");
    assertThat(order.path("id").asText()).matches("[0-9a-f-]{36}");
    List<JsonNode> queued = stack.drainOrders();
    assertThat(queued).hasSize(1);
    // The message names the order; its row, written first, holds the rest.
    assertThat(queued.get(0).toString()).isEqualTo("{\"id\":\"" + order.path("id").asText() + "\"}");
    JsonNode row = stack.row(order.path("id").asText());
    assertThat(row.path("customerId").path("S").asText()).isEqualTo("anonymous");
    assertThat(row.path("quantity").path("N").asText()).isEqualTo("2");
    assertThat(row.path("orderStatus").path("S").asText()).isEqualTo("PENDING");
    assertThat(answer.response().headers().firstValue("x-amzn-RequestId")).isPresent();
  }

  @Test
  void retriedClientTokenGivesTheSameOrderId() {
    String first = stack.withKey(POST_ORDER, order("Calzone", 1, "retry-me-1")).body()
        .path("data").path("postOrder").path("id").asText();
    String second = stack.withKey(POST_ORDER, order("Calzone", 1, "retry-me-1")).body()
        .path("data").path("postOrder").path("id").asText();
    String other = stack.withKey(POST_ORDER, order("Calzone", 1, "another-token")).body()
        .path("data").path("postOrder").path("id").asText();

    assertThat(second).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
    assertThat(stack.drainOrders()).extracting(m -> m.path("id").asText()).containsExactly(first, first, other);
  }

  @Test
  void rejectsAQuantityAboveTheMaximumNamingTheFieldAndEnqueuesNothing() {
    ExampleStack.Answer answer = stack.withKey(POST_ORDER, order("Margherita", 101, null));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body().path("data").isNull()).isTrue();
    JsonNode error = answer.body().path("errors").get(0);
    assertThat(error.path("errorType").asText()).isEqualTo("ValidationError");
    assertThat(error.path("message").asText()).isEqualTo("quantity must be from 1 to 100, but was 101");
    assertThat(error.path("path").get(0).asText()).isEqualTo("postOrder");
    assertThat(error.path("errorInfo").path("violations").get(0).path("field").asText()).isEqualTo("quantity");
    assertThat(error.path("locations").get(0).path("line").asInt()).isEqualTo(2);
    assertThat(stack.drainOrders()).isEmpty();
  }

  @Test
  void rejectsAMissingRequiredFieldBeforeAnyResolverRuns() {
    ExampleStack.Answer answer = stack.withKey(POST_ORDER, Map.of("input", Map.of("name", "Margherita", "quantity", 1)));

    assertThat(answer.body().path("data").isNull()).isTrue();
    assertThat(answer.body().path("errors").get(0).path("message").asText()).contains("restaurantId");
    assertThat(stack.drainOrders()).isEmpty();
  }

  @Test
  void getSingleOrderAnswersTheCallersOrderAndNullForAnotherCustomers() {
    stack.putOrder("single-1", "anonymous", "SUCCESS", "2026-01-01T10:00:00.000Z");
    stack.putOrder("single-2", "someone-else", "SUCCESS", "2026-01-01T10:00:00.000Z");
    String query = "query One($id: ID!) { getSingleOrder(id: $id) { id orderStatus quantity createdAt } }";

    JsonNode own = stack.withKey(query, Map.of("id", "single-1")).body();
    JsonNode foreign = stack.withKey(query, Map.of("id", "single-2")).body();
    JsonNode missing = stack.withKey(query, Map.of("id", "no-such-order")).body();

    assertThat(own.path("data").path("getSingleOrder").path("orderStatus").asText()).isEqualTo("SUCCESS");
    assertThat(own.path("data").path("getSingleOrder").path("quantity").asInt()).isEqualTo(2);
    assertThat(foreign.path("data").path("getSingleOrder").isNull()).isTrue();
    assertThat(missing.path("data").path("getSingleOrder").isNull()).isTrue();
    assertThat(missing.has("errors")).isFalse();
  }

  @Test
  void getSingleOrderOfAnEmptyIdAnswersNullNotADataSourceError() {
    JsonNode answer = stack.withKey("query { getSingleOrder(id: \"\") { id } }", Map.of()).body();

    assertThat(answer.has("errors")).as(answer.toString()).isFalse();
    assertThat(answer.path("data").path("getSingleOrder").isNull()).isTrue();
  }

  @Test
  void getAllOrdersPagesThroughTwentyFiveOrdersNewestFirstAndAFullLastPageIsFollowedByAnEmptyOne() throws IOException {
    ExampleStack paging = ExampleStack.start();
    try {
      for (int i = 0; i < 25; i++) {
        paging.putOrder(String.format("page-%02d", i), "anonymous", "SUCCESS",
            String.format("2026-02-01T10:%02d:00.000Z", i));
      }
      List<String> seen = new ArrayList<>();
      String nextToken = null;
      int pages = 0;
      do {
        Map<String, Object> variables = new java.util.HashMap<>();
        variables.put("limit", 10);
        variables.put("nextToken", nextToken);
        JsonNode page = paging.withKey(GET_ALL, variables).body().path("data").path("getAllOrders");
        page.path("items").forEach(item -> seen.add(item.path("id").asText()));
        nextToken = page.path("nextToken").isNull() ? null : page.path("nextToken").asText();
        pages++;
      } while (nextToken != null && pages < 10);

      assertThat(seen).hasSize(25).doesNotHaveDuplicates();
      assertThat(seen.get(0)).isEqualTo("page-24");
      assertThat(seen.get(24)).isEqualTo("page-00");
      assertThat(pages).isEqualTo(3);

      // docs/api.md: a full page can carry a nextToken with no order after it, and the page after
      // it is then empty. 25 orders in pages of 5: five full pages, each with a token, then that one.
      List<JsonNode> fives = new ArrayList<>();
      nextToken = null;
      do {
        Map<String, Object> variables = new java.util.HashMap<>();
        variables.put("limit", 5);
        variables.put("nextToken", nextToken);
        JsonNode page = paging.withKey(GET_ALL, variables).body().path("data").path("getAllOrders");
        fives.add(page);
        nextToken = page.path("nextToken").isNull() ? null : page.path("nextToken").asText();
      } while (nextToken != null && fives.size() < 10);

      assertThat(fives).hasSize(6);
      assertThat(fives.subList(0, 5)).allSatisfy(page -> {
        assertThat(page.path("items")).hasSize(5);
        assertThat(page.path("nextToken").asText()).isNotEmpty();
      });
      Matcher documented = Pattern.compile("the\\s+page after it is then empty: `(\\{[^`]*})`")
          .matcher(Files.readString(Path.of("../../docs/api.md")));
      assertThat(documented.find()).as("docs/api.md describes the empty last page").isTrue();
      assertThat(fives.get(5)).isEqualTo(JSON.readTree(documented.group(1)));
    } finally {
      paging.close();
    }
  }

  @ParameterizedTest(name = "byCustomer projecting {0}")
  @ValueSource(strings = {"KEYS_ONLY", "ALL"})
  void getAllOrdersAnswersTheCallersOwnOrdersWithTheirCurrentStatusFromTheTable(String projection) {
    ExampleStack listing = ExampleStack.start();
    try {
      // KEYS_ONLY as OrderFlow creates the table; ALL as an existingTable of an earlier design may have it.
      listing.recreateTable(projection);
      listing.putOrder("mine-old", "anonymous", "PENDING", "2026-03-01T10:00:00.000Z");
      listing.putOrder("mine-new", "anonymous", "PENDING", "2026-03-01T11:00:00.000Z");
      listing.putOrder("theirs", "someone-else", "PENDING", "2026-03-01T12:00:00.000Z");
      // The workflow finishes one: an index of keys only is not written, one of all attributes is.
      JsonNode finish = listing.tables.call("UpdateItem", JSON.readTree("""
          {"TableName": "%s", "Key": {"id": {"S": "mine-old"}}, "UpdateExpression": "SET orderStatus = :s, paymentId = :p",
           "ExpressionAttributeValues": {":s": {"S": "SUCCESS"}, ":p": {"S": "pay-1"}},
           "ReturnConsumedCapacity": "INDEXES"}""".formatted(listing.tableName)));

      JsonNode page = listing.withKey(LIST_WITH_STATUS, Map.of("limit", 10)).body().path("data").path("getAllOrders");

      assertThat(finish.path("ConsumedCapacity").path("GlobalSecondaryIndexes").has("byCustomer"))
          .isEqualTo(projection.equals("ALL"));

      assertThat(page.path("items").findValuesAsText("id")).containsExactly("mine-new", "mine-old");
      assertThat(page.path("items").findValuesAsText("orderStatus")).containsExactly("PENDING", "SUCCESS");
      assertThat(page.path("items").get(0).path("name").asText()).isEqualTo("Margherita");
      assertThat(page.path("nextToken").isNull()).isTrue();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } finally {
      listing.close();
    }
  }

  @Test
  void getAllOrdersLeavesOutAnOrderDeletedBetweenTheIndexQueryAndTheTableRead() {
    List<String> calls = new CopyOnWriteArrayList<>();
    ExampleStack racing = ExampleStack.start(template -> template, null, (engine, settings) -> {
      CallGateway gateway = AppSyncEndpoint.engineGateway(engine);
      gateway.addListener((call, answer, failure, nanos) -> {
        calls.add(call.operation());
        if (call.operation().equals("Query") && call.request().hasNonNull("IndexName")) {
          // Deleted once the index has listed it, before the table is read.
          engine.call("DeleteItem", JSON.createObjectNode().put("TableName", call.request().path("TableName").asText())
              .set("Key", JSON.createObjectNode().set("id", JSON.createObjectNode().put("S", "deleted-meanwhile"))));
        }
      });
      return settings.gateway(gateway);
    });
    try {
      racing.putOrder("kept-old", "anonymous", "SUCCESS", "2026-03-02T10:00:00.000Z");
      racing.putOrder("deleted-meanwhile", "anonymous", "FAILED", "2026-03-02T11:00:00.000Z");
      racing.putOrder("kept-new", "anonymous", "PENDING", "2026-03-02T12:00:00.000Z");

      ExampleStack.Answer answer = racing.withKey(LIST_WITH_STATUS, Map.of("limit", 3));
      JsonNode page = answer.body().path("data").path("getAllOrders");

      assertThat(answer.body().has("errors")).as(answer.toString()).isFalse();
      assertThat(page.path("items").findValuesAsText("id")).containsExactly("kept-new", "kept-old");
      assertThat(page.path("items").findValuesAsText("orderStatus")).containsExactly("PENDING", "SUCCESS");
      assertThat(calls).containsExactly("Query", "BatchGetItem");
    } finally {
      racing.close();
    }
  }

  @Test
  void getAllOrdersRejectsALimitOutOfRange() {
    JsonNode answer = stack.withKey(GET_ALL, Map.of("limit", 500)).body();

    assertThat(answer.path("errors").get(0).path("errorType").asText()).isEqualTo("ValidationError");
    assertThat(answer.path("errors").get(0).path("message").asText()).isEqualTo("limit must be from 1 to 100, but was 500");
  }

  @Test
  void getAllOrdersRejectsATokenItDidNotGive() {
    JsonNode answer = stack.withKey(GET_ALL, Map.of("limit", 5, "nextToken", "not-a-token")).body();

    assertThat(answer.path("errors").get(0).path("errorType").asText()).isEqualTo("DynamoDB:DynamoDbException");
  }

  @Test
  void updateOrderChangesAPendingOrderButNotAFinishedOne() {
    stack.putOrder("update-pending", "anonymous", "PENDING", "2026-01-02T10:00:00.000Z");
    stack.putOrder("update-done", "anonymous", "SUCCESS", "2026-01-02T10:00:00.000Z");
    String update = "mutation U($input: UpdateOrderInput!) { updateOrder(input: $input) { id quantity updatedAt } }";

    JsonNode changed = stack.withKey(update, Map.of("input", Map.of("id", "update-pending", "quantity", 5))).body();
    JsonNode refused = stack.withKey(update, Map.of("input", Map.of("id", "update-done", "quantity", 5))).body();

    assertThat(changed.path("data").path("updateOrder").path("quantity").asInt()).isEqualTo(5);
    assertThat(changed.path("data").path("updateOrder").path("updatedAt").asText()).isNotEmpty();
    assertThat(refused.path("data").path("updateOrder").isNull()).isTrue();
    assertThat(refused.path("errors").get(0).path("errorType").asText()).isEqualTo("OrderFinal");
  }

  @Test
  void deleteOrderRemovesAFinishedOrderButNotAPendingOne() {
    stack.putOrder("delete-done", "anonymous", "FAILED", "2026-01-03T10:00:00.000Z");
    stack.putOrder("delete-pending", "anonymous", "PENDING", "2026-01-03T10:00:00.000Z");
    String delete = "mutation D($id: ID!) { deleteOrder(id: $id) }";

    JsonNode deleted = stack.withKey(delete, Map.of("id", "delete-done")).body();
    JsonNode refused = stack.withKey(delete, Map.of("id", "delete-pending")).body();
    JsonNode after = stack.withKey("query { getSingleOrder(id: \"delete-done\") { id } }", Map.of()).body();

    assertThat(deleted.path("data").path("deleteOrder").asText()).isEqualTo("delete-done");
    assertThat(refused.path("errors").get(0).path("errorType").asText()).isEqualTo("OrderNotDeletable");
    assertThat(after.path("data").path("getSingleOrder").isNull()).isTrue();
  }

  @Test
  void wrongOrMissingKeyGets401WithAppSyncsBody() {
    ExampleStack.Answer wrong = stack.post(GET_ALL, Map.of(), Map.of("x-api-key", "da2-notakeyofthisapi"));
    ExampleStack.Answer missing = stack.post(GET_ALL, Map.of(), Map.of());

    for (ExampleStack.Answer answer : List.of(wrong, missing)) {
      assertThat(answer.status()).isEqualTo(401);
      assertThat(answer.body().toString()).isEqualTo(
          "{\"errors\":[{\"errorType\":\"UnauthorizedException\",\"message\":\"You are not authorized to make this call.\"}]}");
    }
    assertThat(stack.drainOrders()).isEmpty();
  }

  @Test
  void expiredKeyGets401() {
    ExampleStack own = ExampleStack.start();
    try {
      String key = own.endpoint.apiKey();
      own.clock.advance(Duration.ofDays(8));

      ExampleStack.Answer answer = own.post(GET_ALL, Map.of(), Map.of("x-api-key", key));

      assertThat(answer.status()).isEqualTo(401);
      assertThat(answer.body().path("errors").get(0).path("errorType").asText()).isEqualTo("UnauthorizedException");
      assertThat(own.endpoint.apiKeys()).isEmpty();
    } finally {
      own.close();
    }
  }

  @Test
  void answersCorsPreflightOfALoopbackPageWithItsOrigin() {
    HttpRequest preflight = HttpRequest.newBuilder(stack.endpoint.graphqlUrl())
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", "http://localhost:3000")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "content-type,x-api-key")
        .build();

    ExampleStack.Answer answer = ExampleStack.send(preflight);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.response().headers().firstValue("access-control-allow-origin")).hasValue("http://localhost:3000");
    assertThat(answer.response().headers().firstValue("access-control-allow-headers")).hasValue("content-type,x-api-key");
    assertThat(answer.response().headers().firstValue("access-control-allow-methods").orElse("")).contains("POST");
  }

  @Test
  void servesGraphiqlWithTheKeyAndItsBundledScript() {
    ExampleStack.Answer page = ExampleStack.send(HttpRequest.newBuilder(stack.url("/")).GET().build());
    ExampleStack.Answer script = ExampleStack.send(HttpRequest.newBuilder(stack.url("/graphiql.js")).GET().build());

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.response().body()).contains(stack.endpoint.apiKey()).contains("/graphiql.js")
        .doesNotContain("https://");
    assertThat(script.status()).isEqualTo(200);
    assertThat(script.response().body().length()).isGreaterThan(100_000);
  }

  @Test
  void graphiqlOpensWithTheApisOwnQueriesAndMutations() {
    ExampleStack.Answer page = ExampleStack.send(HttpRequest.newBuilder(stack.url("/")).GET().build());

    // The settings are JSON inside the page: a line break is written \n there.
    assertThat(page.response().body())
        .contains("query GetAllOrders($limit: Int, $nextToken: String) {\\n  getAllOrders(limit: $limit, nextToken: $nextToken)")
        .contains("query GetSingleOrder($id: ID!)")
        .contains("mutation PostOrder($input: OrderInput!) {\\n  postOrder(input: $input) { id")
        .doesNotContain("__typename\\n}");
  }

  @Test
  void answersSyntaxAndValidationErrorsWithLocations() {
    JsonNode unknownField = stack.withKey("query { getAllOrders { nope } }", Map.of()).body();

    assertThat(unknownField.path("data").isNull()).isTrue();
    assertThat(unknownField.path("errors").get(0).path("message").asText())
        .startsWith("Validation error of type FieldUndefined:").contains("nope");
    assertThat(unknownField.path("errors").get(0).path("locations").get(0).path("line").asInt()).isEqualTo(1);
  }
}
