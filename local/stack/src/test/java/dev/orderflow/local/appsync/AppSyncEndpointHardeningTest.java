package dev.orderflow.local.appsync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.testing.IamSigner;
import dev.orderflow.local.testing.RawHttp;
import dev.orderflow.local.testing.RawHttp.Answer;
import dev.orderflow.local.testing.RealtimeClient;
import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What keeps the local endpoint to its own machine and to AppSync's rules: loopback Hosts and
 * origins only, SigV4 signatures checked against the printed secret, AppSync's size, depth and
 * resolver limits, and JSON errors everywhere. The example stack, with QueryDepthLimit 2 and
 * ResolverCountLimit 1 set on its API.
 */
class AppSyncEndpointHardeningTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ALLOWED = "https://dev.example.test:3000";

  @TempDir
  static Path directory;
  private static ExampleStack stack;

  @BeforeAll
  static void start() {
    stack = ExampleStack.start(AppSyncEndpointHardeningTest::withLimits, directory,
        builder -> builder.allowOrigins(List.of(ALLOWED)).connectionInitTimeout(Duration.ofMillis(500)));
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  private static ObjectNode withLimits(ObjectNode template) {
    ObjectNode api = (ObjectNode) template.get("Resources").get("PizzaOrdersApi56765CCB").get("Properties");
    api.put("QueryDepthLimit", 2);
    api.put("ResolverCountLimit", 1);
    return template;
  }

  /** A request written by hand, for the headers that java.net.http will not send as given. */
  private static Answer raw(String request) {
    return RawHttp.send("127.0.0.1", stack.endpoint.port(), request);
  }

  private static String get(String path, String host, String... headers) {
    return "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n" + String.join("", headers) + "Connection: close\r\n\r\n";
  }

  private static String local() {
    return "127.0.0.1:" + stack.endpoint.port();
  }

  // ---- loopback only

  @Test
  void refusesAHostThatIsNotALoopbackNameWith403SayingWhy() {
    Answer answer = raw(get("/", "rebound.example.com:" + stack.endpoint.port()));

    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.json().path("errors").get(0).path("message").asText())
        .startsWith("Host 'rebound.example.com:").contains("is not a loopback name or address");
    assertThat(answer.body()).doesNotContain(stack.endpoint.apiKey());
  }

  @Test
  void servesLoopbackHostsByNameAndAddress() {
    for (String host : List.of("localhost:" + stack.endpoint.port(), local(), "[::1]:" + stack.endpoint.port())) {
      assertThat(raw(get("/", host)).status()).as(host).isEqualTo(200);
    }
  }

  @Test
  void allowsCorsForLoopbackAndAllowedOriginsOnly() {
    for (String origin : List.of("http://localhost:5173", "https://127.0.0.1:8443", "http://[::1]:3000", ALLOWED)) {
      ExampleStack.Answer answer = ExampleStack.send(preflight(origin));

      assertThat(answer.status()).as(origin).isEqualTo(200);
      assertThat(answer.response().headers().firstValue("access-control-allow-origin")).as(origin).hasValue(origin);
    }
    ExampleStack.Answer foreign = ExampleStack.send(preflight("https://ads.example.net"));

    assertThat(foreign.status()).isEqualTo(403);
    assertThat(foreign.response().headers().firstValue("access-control-allow-origin")).isEmpty();
    assertThat(foreign.body().path("errors").get(0).path("message").asText())
        .startsWith("Origin 'https://ads.example.net' is not allowed");
  }

  @Test
  void aPageOfAnotherOriginCannotPostEvenWithTheKey() {
    ExampleStack.Answer answer = stack.post("query { getSingleOrder(id: \"x\") { id } }", Map.of(),
        Map.of("x-api-key", stack.endpoint.apiKey(), "Origin", "https://ads.example.net"));

    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.body().path("errors").get(0).path("errorType").asText()).isEqualTo("ForbiddenException");
  }

  private static HttpRequest preflight(String origin) {
    return HttpRequest.newBuilder(stack.endpoint.graphqlUrl())
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "content-type,x-api-key")
        .build();
  }

  @Test
  void aRealtimeUpgradeFromAnotherOriginIsRefused() {
    String upgrade = "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: graphql-ws\r\n";
    Answer foreign = raw(("GET /graphql/realtime HTTP/1.1\r\nHost: " + local() + "\r\n" + upgrade
        + "Origin: https://ads.example.net\r\n\r\n"));

    assertThat(foreign.status()).isEqualTo(403);
    assertThat(foreign.json().path("errors").get(0).path("message").asText()).contains("is not allowed");
  }

  @Test
  void aConnectionThatSendsNoConnectionInitIsClosed() {
    try (RealtimeClient idle = RealtimeClient.connect(stack.endpoint.realtimeUrl(),
        Map.of("host", local(), "x-api-key", stack.endpoint.apiKey()))) {
      assertThat(idle.closeCode()).isEqualTo(4408);
    }
  }

  // ---- SigV4

  private static final String POST_ORDER = "mutation { postOrder(input: {name: \"Calzone\", quantity: 1,"
      + " restaurantId: \"r-9\"}) { id } }";

  @Test
  void aRequestSignedWithTheSystemsSecretRunsAsItsAccessKey() {
    String body = ExampleStack.body(POST_ORDER, Map.of());
    AwsCredentials credentials = stack.endpoint.awsCredentials();

    ExampleStack.Answer answer = stack.postBody(body,
        IamSigner.of("AKIDPAT", credentials.secretAccessKey()).post(stack.endpoint.graphqlUrl(), body));

    assertThat(answer.status()).as(String.valueOf(answer.body())).isEqualTo(200);
    String id = answer.body().path("data").path("postOrder").path("id").asText();
    assertThat(stack.row(id).path("customerId").path("S").asText()).isEqualTo("arn:aws:iam::000000000000:user/AKIDPAT");
    assertThat(credentials.accessKeyId()).isEqualTo("LOCALKEY000000000000");
    assertThat(credentials.secretAccessKey()).hasSize(40);
    stack.drainOrders();
  }

  @Test
  void aWrongSecretGets403WithAppSyncsErrorBody() {
    String body = ExampleStack.body(POST_ORDER, Map.of());

    ExampleStack.Answer answer = stack.postBody(body,
        IamSigner.of("AKIDPAT", "not-the-secret").post(stack.endpoint.graphqlUrl(), body));

    assertThat(answer.status()).isEqualTo(403);
    JsonNode error = answer.body().path("errors").get(0);
    assertThat(error.path("errorType").asText()).isEqualTo("InvalidSignatureException");
    assertThat(error.path("message").asText()).startsWith("The request signature we calculated does not match");
    assertThat(answer.response().headers().firstValue("x-amzn-ErrorType")).hasValue("InvalidSignatureException");
    assertThat(stack.drainOrders()).isEmpty();
  }

  @Test
  void aBodyChangedAfterSigningGets403() {
    String signed = ExampleStack.body(POST_ORDER, Map.of());
    Map<String, String> headers = IamSigner.of("AKIDPAT", stack.endpoint.awsCredentials().secretAccessKey())
        .post(stack.endpoint.graphqlUrl(), signed);

    ExampleStack.Answer answer = stack.postBody(signed.replace("Calzone", "Diavola"), headers);

    assertThat(answer.status()).isEqualTo(403);
  }

  @Test
  void aSignatureOlderThanFiveMinutesGets403() {
    String body = ExampleStack.body(POST_ORDER, Map.of());

    ExampleStack.Answer answer = stack.postBody(body, IamSigner.of("AKIDPAT",
        stack.endpoint.awsCredentials().secretAccessKey()).at(Instant.now().minus(Duration.ofMinutes(6)))
        .post(stack.endpoint.graphqlUrl(), body));

    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.body().path("errors").get(0).path("message").asText()).startsWith("Signature expired: ");
  }

  // ---- limits

  @Test
  void aBodyOverAppSyncsMaximumIsRefusedWith413BeforeItIsRead() {
    String big = "{\"query\":\"" + "x".repeat(AppSyncEndpoint.MAX_REQUEST_BYTES) + "\"}";
    long started = System.nanoTime();

    ExampleStack.Answer answer = stack.withKeyBody(big);

    assertThat(answer.status()).isEqualTo(413);
    assertThat(answer.body().path("errors").get(0).path("errorType").asText()).isEqualTo("PayloadTooLargeException");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aLongBadValueIsQuotedOnlyByItsFirstHundredCharacters() {
    String query = "mutation { postOrder(input: {name: \"Calzone\", quantity: \"" + "9".repeat(5000)
        + "\", restaurantId: \"r-1\"}) { id } }";

    JsonNode answer = stack.withKey(query, Map.of()).body();

    String message = answer.path("errors").get(0).path("message").asText();
    assertThat(message).contains("9".repeat(100) + "...").doesNotContain("9".repeat(101)).hasSizeLessThan(600);
  }

  @Test
  void aQueryDeeperThanQueryDepthLimitIsRefused() {
    JsonNode deep = stack.withKey("query { getAllOrders { items { id } } }", Map.of()).body();
    JsonNode shallow = stack.withKey("query { getSingleOrder(id: \"none\") { id } }", Map.of()).body();

    assertThat(deep.path("data").isNull()).isTrue();
    assertThat(deep.path("errors").get(0).path("message").asText())
        .isEqualTo("Query depth of 3 exceeds the API's QueryDepthLimit of 2");
    assertThat(shallow.has("errors")).as(shallow.toString()).isFalse();
  }

  @Test
  void resolversBeyondResolverCountLimitAnswerNullWithAnError() {
    JsonNode answer = stack.withKey("query { a: getSingleOrder(id: \"1\") { id } b: getSingleOrder(id: \"2\") { id } }",
        Map.of()).body();

    assertThat(answer.path("errors")).hasSize(1);
    assertThat(answer.path("errors").get(0).path("errorType").asText()).isEqualTo("ResolverCountLimitExceeded");
    assertThat(answer.path("errors").get(0).path("path").get(0).asText()).isEqualTo("b");
  }

  // ---- errors as AppSync words them

  @Test
  void aSubscriptionPostedOverHttpIsAnsweredWithAnError() {
    ExampleStack.Answer answer = stack.withKey("subscription { onOrderUpdated { id } }", Map.of());

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.body().path("errors").get(0).path("errorType").asText()).isEqualTo("UnsupportedOperation");
    assertThat(answer.body().path("errors").get(0).path("message").asText()).contains("/graphql/realtime");
  }

  @Test
  void validationErrorsNameTheirTypeOnce() {
    JsonNode answer = stack.withKey("query { getSingleOrder(id: \"x\") { nope } }", Map.of()).body();

    assertThat(answer.path("errors").get(0).path("message").asText())
        .startsWith("Validation error of type FieldUndefined: Field 'nope'")
        .doesNotContain("Validation error (")
        .endsWith("@ 'getSingleOrder/nope'");
  }

  @Test
  void everyErrorOfThePortIsJsonWithoutTheServersVersion() {
    Answer unknown = raw(get("/nowhere", local()));
    Answer wrongMethod = raw("PUT /graphql HTTP/1.1\r\nHost: " + local() + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    Answer badJson = raw("POST /graphql HTTP/1.1\r\nHost: " + local() + "\r\nx-api-key: " + stack.endpoint.apiKey()
        + "\r\nContent-Type: application/json\r\nContent-Length: 5\r\nConnection: close\r\n\r\n{nope");
    Answer badRequest = raw("GET /%zz HTTP/1.1\r\nHost: " + local() + "\r\nConnection: close\r\n\r\n");

    assertThat(List.of(unknown.status(), wrongMethod.status(), badJson.status(), badRequest.status()))
        .containsExactly(404, 405, 400, 400);
    for (Answer answer : List.of(unknown, wrongMethod, badJson, badRequest)) {
      assertThat(answer.head().toLowerCase()).contains("content-type: application/json").doesNotContain("server:");
      assertThat(answer.json().path("errors").get(0).path("errorType").asText()).isNotEmpty();
      assertThat(answer.body()).doesNotContain("Jetty").doesNotContain("<html");
    }
  }
}
