package dev.orderflow.local.appsync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The query inspector: every request to the example's endpoint traced, served as JSON and in Java. */
class RequestTracesTest {

  private static final String POST_ORDER = """
      mutation Post($input: OrderInput!) {
        postOrder(input: $input) { id name orderStatus }
      }""";
  private static final String UPDATE = "mutation U($input: UpdateOrderInput!) { updateOrder(input: $input) { id } }";
  private static final String GET_ONE = "query One($id: ID!) { getSingleOrder(id: $id) { id name } }";
  /** GetOrder's code replaced by code that logs, then fails on line 4. */
  private static final String FAILING_GET_ORDER = """
      import { util } from '@aws-appsync/utils';
      export function request(ctx) {
        console.log('looking up', ctx.args.id);
        return ctx.args.missing.id;
      }
      export function response(ctx) {
        return ctx.result;
      }
      """;
  private static final int SMALL_RING = 5;

  @TempDir
  static Path directory;

  private static ExampleStack stack;
  /** The same stack with a failing GetOrder function and a ring of five requests. */
  private static ExampleStack failing;

  @BeforeAll
  static void start() {
    stack = ExampleStack.start();
    failing = ExampleStack.start(template -> {
      ((ObjectNode) template.path("Resources").path("PizzaOrdersApiGetOrder5C2603E0").path("Properties"))
          .put("Code", FAILING_GET_ORDER);
      return template;
    }, directory, builder -> builder.traceLimit(SMALL_RING));
  }

  @AfterAll
  static void stop() {
    stack.close();
    failing.close();
  }

  private static Map<String, Object> order(String name) {
    return Map.of("input", Map.of("name", name, "quantity", 2, "restaurantId", "r-1"));
  }

  private static String requestId(ExampleStack.Answer answer) {
    return answer.response().headers().firstValue("x-amzn-RequestId").orElseThrow();
  }

  private static JsonNode get(ExampleStack on, String path) {
    ExampleStack.Answer answer = ExampleStack.send(HttpRequest.newBuilder(on.url(path)).GET().build());
    assertThat(answer.status()).as(String.valueOf(answer.body())).isEqualTo(200);
    return answer.body();
  }

  @Test
  void postOrderTraceShowsTheCallerTheRowWrittenAndTheSignedQueueSend() {
    ExampleStack.Answer answer = stack.withKey(POST_ORDER, order("Quattro Formaggi"));
    stack.drainOrders();

    JsonNode trace = get(stack, "/_orderflow/requests/" + requestId(answer));

    assertThat(trace.path("operationName").asText()).isEqualTo("Post");
    assertThat(trace.path("operationType").asText()).isEqualTo("mutation");
    assertThat(trace.path("status").asInt()).isEqualTo(200);
    assertThat(trace.path("authMode").asText()).isEqualTo("API_KEY");
    assertThat(trace.path("caller").path("apiKey").asText()).isEqualTo(stack.endpoint.apiKey().substring(0, 6) + "…");
    assertThat(trace.toString()).doesNotContain(stack.endpoint.apiKey());
    assertThat(trace.path("variables").path("input").path("name").asText()).isEqualTo("Quattro Formaggi");
    JsonNode resolver = trace.path("resolvers").get(0);
    assertThat(resolver.path("path").asText()).isEqualTo("postOrder");
    assertThat(resolver.path("kind").asText()).isEqualTo("PIPELINE");
    JsonNode record = resolver.path("functions").get(1);
    assertThat(record.path("name").asText()).isEqualTo("RecordOrder");
    assertThat(record.path("dataSource").path("type").asText()).isEqualTo("AMAZON_DYNAMODB");
    // The row is written by a conditional UpdateItem, as the table engine received it.
    JsonNode write = record.path("dataSource").path("calls").get(0);
    assertThat(write.path("service").asText()).isEqualTo("dynamodb");
    assertThat(write.path("operation").asText()).isEqualTo("UpdateItem");
    assertThat(write.path("request").path("TableName").asText()).isEqualTo(stack.tableName);
    assertThat(write.path("request").path("ExpressionAttributeValues").toString())
        .contains("\"Quattro Formaggi\"").contains("\"anonymous\"");
    JsonNode send = resolver.path("functions").get(2);
    assertThat(send.path("name").asText()).isEqualTo("SendOrder");
    JsonNode http = send.path("dataSource").path("calls").get(0);
    assertThat(http.path("method").asText()).isEqualTo("POST");
    assertThat(http.path("url").asText()).startsWith("https://sqs.");
    assertThat(http.path("headers").path("x-amz-target").asText()).isEqualTo("AmazonSQS.SendMessage");
    assertThat(http.path("headers").path("authorization").asText())
        .startsWith("AWS4-HMAC-SHA256 Credential=")
        .contains("/sqs/aws4_request")
        .endsWith("Signature=…");
    assertThat(http.path("body").asText()).contains("QueueUrl").contains(answer.body().path("data").path("postOrder")
        .path("id").asText());
    assertThat(http.path("response").path("statusCode").asInt()).isEqualTo(200);
    assertThat(send.path("result").path("orderStatus").asText()).isEqualTo("PENDING");
    assertThat(resolver.path("timings").path("totalMs").asDouble()).isPositive();
  }

  @Test
  void pipelineFunctionsRunInOrderWithTheStashBetweenThem() {
    ExampleStack.Answer answer = stack.withKey(POST_ORDER, order("Marinara"));
    stack.drainOrders();

    RequestTrace trace = stack.endpoint.requests().get(requestId(answer)).orElseThrow();

    ResolverTrace postOrder = trace.resolver("postOrder").orElseThrow();
    assertThat(postOrder.functions()).extracting(ResolverTrace::name)
        .containsExactly("ValidateOrderInput", "RecordOrder", "SendOrder", "ForgetUnqueuedOrder");
    ResolverTrace validate = postOrder.function("ValidateOrderInput").orElseThrow();
    ResolverTrace send = postOrder.function("SendOrder").orElseThrow();
    // The resolver's before step put the customer in the stash; RecordOrder added the creation time.
    assertThat(validate.context().path("stash").path("customerId").asText()).isEqualTo("anonymous");
    assertThat(validate.context().path("stash").has("createdAt")).isFalse();
    assertThat(send.context().path("stash").path("createdAt").asText()).isNotEmpty();
    assertThat(send.context().path("prev").path("result").path("name").asText()).isEqualTo("Marinara");
    assertThat(postOrder.result().path("name").asText()).isEqualTo("Marinara");
  }

  @Test
  void refusedUpdateShowsTheOrderFinalErrorWithItsErrorInfo() {
    stack.putOrder("trace-done", "anonymous", "SUCCESS", "2026-01-02T10:00:00.000Z");

    ExampleStack.Answer answer = stack.withKey(UPDATE, Map.of("input", Map.of("id", "trace-done", "quantity", 3)));

    RequestTrace trace = stack.endpoint.requests().get(requestId(answer)).orElseThrow();
    assertThat(trace.hasErrors()).isTrue();
    assertThat(trace.errors()).extracting(e -> e.path("errorType").asText()).containsExactly("OrderFinal");
    ResolverTrace update = trace.resolver("updateOrder").orElseThrow();
    ResolverTrace conditional = update.function("UpdateOrder").orElseThrow();
    assertThat(conditional.dataSourceCalls().get(0).path("error").path("type").asText())
        .isEqualTo("ConditionalCheckFailedException");
    ResolverTrace explain = update.function("ExplainRefusal").orElseThrow();
    assertThat(explain.error().path("errorType").asText()).isEqualTo("OrderFinal");
    assertThat(explain.error().path("errorInfo").path("orderStatus").asText()).isEqualTo("SUCCESS");
    assertThat(explain.error().path("location").path("line").asInt()).isPositive();
  }

  @Test
  void missingOrderShowsOrderNotFound() {
    ExampleStack.Answer answer = stack.withKey(UPDATE, Map.of("input", Map.of("id", "never-made", "quantity", 3)));

    JsonNode trace = get(stack, "/_orderflow/requests/" + requestId(answer));

    JsonNode explain = trace.path("resolvers").get(0).path("functions").get(2);
    assertThat(explain.path("error").path("errorType").asText()).isEqualTo("OrderNotFound");
    assertThat(explain.path("error").path("errorInfo").path("id").asText()).isEqualTo("never-made");
    assertThat(trace.path("errors").get(0).path("errorType").asText()).isEqualTo("OrderNotFound");
  }

  @Test
  void runtimeExceptionShowsTheLineAndTheCodesLogs() {
    ExampleStack.Answer answer = failing.withKey(GET_ONE, Map.of("id", "o-42"));

    JsonNode trace = get(failing, "/_orderflow/requests/" + requestId(answer));

    JsonNode getOrder = trace.path("resolvers").get(0).path("functions").get(0);
    assertThat(getOrder.path("name").asText()).isEqualTo("GetOrder");
    assertThat(getOrder.path("error").path("message").asText()).startsWith("TypeError: Cannot read properties of undefined");
    assertThat(getOrder.path("error").path("handler").asText()).isEqualTo("request");
    assertThat(getOrder.path("error").path("location").path("line").asInt()).isEqualTo(4);
    assertThat(getOrder.path("logs")).extracting(JsonNode::asText).containsExactly("looking up o-42");
    assertThat(getOrder.path("dataSource").path("calls")).isEmpty();
  }

  @Test
  void theRingKeepsOnlyTheLatestRequests() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3 * SMALL_RING; i++) {
      ids.add(requestId(failing.withKey("query Nothing { getAllOrders(limit: 1) { nextToken } }", Map.of())));
    }

    assertThat(failing.endpoint.requests().size()).isEqualTo(SMALL_RING);
    List<String> newestFirst = new ArrayList<>(ids.subList(ids.size() - SMALL_RING, ids.size()));
    java.util.Collections.reverse(newestFirst);
    assertThat(failing.endpoint.requests().all()).extracting(RequestTrace::requestId)
        .containsExactlyElementsOf(newestFirst);
    assertThat(ExampleStack.send(HttpRequest.newBuilder(failing.url("/_orderflow/requests/" + ids.get(0))).GET()
        .build()).status()).isEqualTo(404);
  }

  @Test
  void concurrentRequestsNeverGrowTheRingPastItsBound() throws Exception {
    int callers = 6;
    int each = 10;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(callers);
    java.util.Set<String> sent = java.util.concurrent.ConcurrentHashMap.newKeySet();
    java.util.concurrent.atomic.AtomicInteger largest = new java.util.concurrent.atomic.AtomicInteger();
    try {
      List<java.util.concurrent.Future<?>> running = new ArrayList<>();
      for (int c = 0; c < callers; c++) {
        running.add(pool.submit(() -> {
          for (int i = 0; i < each; i++) {
            sent.add(requestId(failing.withKey("query Load { getAllOrders(limit: 1) { nextToken } }", Map.of())));
            largest.accumulateAndGet(failing.endpoint.requests().size(), Math::max);
          }
        }));
      }
      for (java.util.concurrent.Future<?> f : running) {
        f.get(2, java.util.concurrent.TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(sent).hasSize(callers * each);
    assertThat(largest.get()).isLessThanOrEqualTo(SMALL_RING);
    assertThat(failing.endpoint.requests().size()).isEqualTo(SMALL_RING);
    assertThat(failing.endpoint.requests().all()).extracting(RequestTrace::requestId).allMatch(sent::contains);
    assertThat(get(failing, "/_orderflow/requests?limit=100").path("requests")).hasSize(SMALL_RING);
  }

  @Test
  void listIsNewestFirstPagedAndFiltered() {
    String first = requestId(stack.withKey(GET_ONE, Map.of("id", "list-1")));
    String failed = requestId(stack.withKey(UPDATE, Map.of("input", Map.of("id", "list-missing", "quantity", 1))));
    String last = requestId(stack.withKey(GET_ONE, Map.of("id", "list-2")));

    JsonNode page = get(stack, "/_orderflow/requests?operation=One&limit=1");
    JsonNode next = get(stack, "/_orderflow/requests?operation=One&limit=1&nextToken=" + page.path("nextToken").asText());
    JsonNode errors = get(stack, "/_orderflow/requests?errors=true&limit=100");

    assertThat(page.path("requests").get(0).path("requestId").asText()).isEqualTo(last);
    assertThat(next.path("requests").get(0).path("requestId").asText()).isEqualTo(first);
    assertThat(page.path("requests").get(0).has("resolvers")).isFalse();
    assertThat(errors.path("requests")).extracting(r -> r.path("requestId").asText()).contains(failed)
        .doesNotContain(first, last);
  }

  @Test
  void refusedCallerIsTracedWithItsKeyMasked() {
    ExampleStack.Answer answer = stack.post(GET_ONE, Map.of("id", "x"), Map.of("x-api-key", "da2-notarealkey0000"));

    RequestTrace trace = stack.endpoint.requests().get(requestId(answer)).orElseThrow();

    assertThat(trace.status()).isEqualTo(401);
    assertThat(trace.caller().path("apiKey").asText()).isEqualTo("da2-no…");
    assertThat(trace.errors()).extracting(e -> e.path("errorType").asText()).containsExactly("UnauthorizedException");
  }

  @Test
  void inspectorIsRefusedToOtherHosts() {
    ExampleStack.Answer answer = ExampleStack.send(HttpRequest.newBuilder(stack.url("/_orderflow/requests"))
        .header("Origin", "https://evil.example").GET().build());

    assertThat(answer.status()).isEqualTo(403);
  }
}
