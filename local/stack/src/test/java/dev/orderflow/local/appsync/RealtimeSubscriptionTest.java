package dev.orderflow.local.appsync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.local.testing.IamSigner;
import dev.orderflow.local.testing.RealtimeClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.local.assembly.AwsEnvironment;
import dev.orderflow.local.assembly.ReferenceRegistry;
import dev.orderflow.local.assembly.StackTemplate;
import dev.orderflow.local.assembly.TemplateResolver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Subscriptions over AppSync's real-time protocol on the local endpoint, for a handwritten API: an
 * API key default mode, IAM and Cognito as additional modes, a NONE data source, subscriptions
 * filtered by their arguments and by enhanced filters that their resolvers set.
 */
class RealtimeSubscriptionTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path TEMPLATE = Path.of("src/test/resources/dev/orderflow/local/appsync/realtime.template.json");
  private static final String ON_UPDATE = "subscription ($id: ID) { onUpdate(id: $id) { id owner status } }";
  private static final String ON_OWN_UPDATE = "subscription { onOwnUpdate { id owner status } }";
  private static final String POST_UPDATE = "mutation ($id: ID!, $status: String!, $quantity: Int) {"
      + " postUpdate(id: $id, status: $status, quantity: $quantity) { id owner status quantity } }";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static AppSyncEndpoint endpoint;

  @BeforeAll
  static void start() {
    StackTemplate template = StackTemplate.of(TEMPLATE, "Realtime");
    ReferenceRegistry registry = new ReferenceRegistry(template, AwsEnvironment.DEFAULT);
    endpoint = AppSyncEndpoint.builder(new TemplateResolver(registry), registry)
        .keepAlive(Duration.ofMillis(200)).start();
  }

  @AfterAll
  static void stop() {
    endpoint.close();
  }

  private static Map<String, String> apiKey() {
    return Map.of("host", "127.0.0.1:" + endpoint.port(), "x-api-key", endpoint.apiKey());
  }

  private static Map<String, String> cognito(String sub) {
    return Map.of("host", "127.0.0.1:" + endpoint.port(), "Authorization", ExampleStack.cognitoToken(sub, sub));
  }

  private static JsonNode post(String query, Map<String, Object> variables, Map<String, String> headers) {
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.graphqlUrl())
          .header("content-type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("query", query,
              "variables", variables))));
      headers.forEach((name, value) -> {
        if (!name.equals("host")) {
          request.header(name, value);
        }
      });
      return JSON.readTree(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).body());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> update(String id, String status, Integer quantity) {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("id", id);
    variables.put("status", status);
    variables.put("quantity", quantity);
    return variables;
  }

  private static RealtimeClient subscribed(Map<String, String> auth, String query, Map<String, Object> variables) {
    RealtimeClient client = RealtimeClient.connect(endpoint.realtimeUrl(), auth);
    assertThat(client.init().path("type").asText()).isEqualTo("connection_ack");
    JsonNode ack = client.start("s-1", query, variables, auth);
    assertThat(ack.path("type").asText()).as(ack.toString()).isEqualTo("start_ack");
    return client;
  }

  @Test
  void connectionIsAcknowledgedWithTheTimeoutAndKeptAlive() {
    try (RealtimeClient client = RealtimeClient.connect(endpoint.realtimeUrl(), apiKey())) {
      JsonNode ack = client.init();

      assertThat(client.acceptedSubprotocol).isEqualTo("graphql-ws");
      assertThat(ack.path("type").asText()).isEqualTo("connection_ack");
      assertThat(ack.path("payload").path("connectionTimeoutMs").asLong()).isEqualTo(300_000);
      sleep(600);
      assertThat(client.drain()).extracting(m -> m.path("type").asText()).contains("ka");
    }
  }

  @Test
  void subscriberReceivesItsOrdersUpdatesInOrderAndNoOtherOrders() {
    try (RealtimeClient client = subscribed(apiKey(), ON_UPDATE, Map.of("id", "order-1"))) {
      post(POST_UPDATE, update("order-1", "PENDING", 1), apiKey());
      post(POST_UPDATE, update("order-2", "PENDING", 1), apiKey());
      post(POST_UPDATE, update("order-1", "SUCCESS", 1), apiKey());

      JsonNode first = client.next();
      JsonNode second = client.next();

      assertThat(first.path("type").asText()).isEqualTo("data");
      assertThat(first.path("id").asText()).isEqualTo("s-1");
      assertThat(first.path("payload").path("data").path("onUpdate").toString())
          .isEqualTo("{\"id\":\"order-1\",\"owner\":\"anonymous\",\"status\":\"PENDING\"}");
      assertThat(second.path("payload").path("data").path("onUpdate").path("status").asText()).isEqualTo("SUCCESS");
      assertThat(client.next(Duration.ofMillis(300))).isNull();
    }
  }

  @Test
  void subscriptionStartIsTracedWithItsResolverAndTheCallerMasked() {
    String cognitoSub = "trace-sub";
    try (RealtimeClient client = subscribed(cognito(cognitoSub), "subscription Mine { onOwnUpdate { id } }", Map.of())) {
      RequestTrace trace = endpoint.requests().latest().orElseThrow();

      assertThat(trace.operationType()).isEqualTo("subscription");
      assertThat(trace.operationName()).isEqualTo("Mine");
      assertThat(trace.status()).isEqualTo(200);
      assertThat(trace.authMode()).isEqualTo("AMAZON_COGNITO_USER_POOLS");
      assertThat(trace.caller().path("identity").path("sub").asText()).isEqualTo(cognitoSub);
      assertThat(trace.caller().path("authorization").asText()).endsWith("…").hasSize(7);
      assertThat(trace.resolvers()).hasSize(1);
      assertThat(trace.resolvers().get(0).path()).isEqualTo("onOwnUpdate");
      assertThat(client.next(Duration.ofMillis(100))).as("nothing published yet").isNull();
    }
  }

  @Test
  void subscriberWithoutArgumentsReceivesEveryUpdate() {
    try (RealtimeClient client = subscribed(apiKey(), ON_UPDATE, Map.of())) {
      post(POST_UPDATE, update("any-1", "PENDING", 1), apiKey());
      post(POST_UPDATE, update("any-2", "PENDING", 1), apiKey());

      assertThat(List.of(client.next(), client.next()))
          .extracting(m -> m.path("payload").path("data").path("onUpdate").path("id").asText())
          .containsExactly("any-1", "any-2");
    }
  }

  @Test
  void ownerFilterSetByTheResolverKeepsAnotherCustomersUpdatesOut() {
    try (RealtimeClient pat = subscribed(cognito("sub-pat"), ON_OWN_UPDATE, Map.of());
         RealtimeClient kim = subscribed(cognito("sub-kim"), ON_OWN_UPDATE, Map.of())) {
      post(POST_UPDATE, update("pat-order", "PENDING", 1), cognito("sub-pat"));
      post(POST_UPDATE, update("kim-order", "PENDING", 1), cognito("sub-kim"));

      assertThat(pat.next().path("payload").path("data").path("onOwnUpdate").path("id").asText())
          .isEqualTo("pat-order");
      assertThat(kim.next().path("payload").path("data").path("onOwnUpdate").path("id").asText())
          .isEqualTo("kim-order");
      assertThat(pat.next(Duration.ofMillis(300))).isNull();
    }
  }

  @Test
  void enhancedFilterGroupsAreOredAndTheirFiltersAnded() {
    try (RealtimeClient client = subscribed(apiKey(), "subscription { onLargeUpdate { id } }", Map.of())) {
      post(POST_UPDATE, update("small-paid", "PAID", 5), apiKey());
      post(POST_UPDATE, update("large-pending", "PENDING", 12), apiKey());
      post(POST_UPDATE, update("large-paid", "PAID", 12), apiKey());
      post(POST_UPDATE, update("vip-1", "PENDING", 1), apiKey());

      assertThat(List.of(client.next(), client.next()))
          .extracting(m -> m.path("payload").path("data").path("onLargeUpdate").path("id").asText())
          .containsExactly("large-paid", "vip-1");
      assertThat(client.next(Duration.ofMillis(300))).isNull();
    }
  }

  @Test
  void connectionWithAnUnknownApiKeyIsRefusedWithAConnectionError() {
    try (RealtimeClient client = RealtimeClient.connect(endpoint.realtimeUrl(),
        Map.of("host", "127.0.0.1", "x-api-key", "da2-not-a-key"))) {
      JsonNode answer = client.init();

      assertThat(answer.path("type").asText()).isEqualTo("connection_error");
      JsonNode error = answer.path("payload").path("errors").get(0);
      assertThat(error.path("errorType").asText()).isEqualTo("UnauthorizedException");
      assertThat(error.path("errorCode").asInt()).isEqualTo(401);
      assertThat(client.closeCode()).isNotNull();
    }
  }

  @Test
  void startWithoutValidAuthorizationIsRefused() {
    try (RealtimeClient client = RealtimeClient.connect(endpoint.realtimeUrl(), apiKey())) {
      client.init();

      JsonNode answer = client.start("s-bad", ON_UPDATE, Map.of(), Map.of("host", "127.0.0.1", "x-api-key", "wrong"));

      assertThat(answer.path("type").asText()).isEqualTo("error");
      assertThat(answer.path("id").asText()).isEqualTo("s-bad");
      assertThat(answer.path("payload").path("errors").get(0).path("errorType").asText())
          .isEqualTo("UnauthorizedException");
      assertThat(endpoint.subscriptionCount()).isZero();
    }
  }

  @Test
  void fieldDirectivesApplyToSubscriptions() {
    try (RealtimeClient client = RealtimeClient.connect(endpoint.realtimeUrl(), apiKey())) {
      client.init();

      JsonNode answer = client.start("s-own", ON_OWN_UPDATE, Map.of(), apiKey());

      assertThat(answer.path("type").asText()).isEqualTo("error");
      JsonNode error = answer.path("payload").path("errors").get(0);
      assertThat(error.path("errorType").asText()).isEqualTo("Unauthorized");
      assertThat(error.path("message").asText()).isEqualTo("Not Authorized to access onOwnUpdate on type Subscription");
    }
  }

  @Test
  void queryOverTheRealtimeConnectionIsRefusedAndNotRun() {
    try (RealtimeClient client = RealtimeClient.connect(endpoint.realtimeUrl(), apiKey())) {
      client.init();

      JsonNode answer = client.start("s-q", POST_UPDATE, update("never", "PENDING", 1), apiKey());

      assertThat(answer.path("type").asText()).isEqualTo("error");
      assertThat(answer.path("payload").path("errors").get(0).path("errorType").asText())
          .isEqualTo("UnsupportedOperation");
    }
  }

  @Test
  void iamOnlyMutationRefusesApiKeyCallersAndFiresSubscriptionsForIamCallers() {
    try (RealtimeClient client = subscribed(apiKey(), ON_UPDATE, Map.of("id", "iam-1"))) {
      String publish = "mutation { publishUpdate(id: \"iam-1\", owner: \"sub-lee\", status: \"SUCCESS\") {"
          + " id owner status } }";
      JsonNode refused = post(publish, Map.of(), apiKey());

      JsonNode accepted = endpoint.executeAsIam("arn:aws:iam::000000000000:role/PublishRole", publish, null);

      assertThat(refused.path("errors").get(0).path("errorType").asText()).isEqualTo("Unauthorized");
      assertThat(accepted.has("errors")).as(accepted.toString()).isFalse();
      JsonNode data = client.next();
      assertThat(data.path("payload").path("data").path("onUpdate").path("owner").asText()).isEqualTo("sub-lee");
      assertThat(client.next(Duration.ofMillis(300))).isNull();
    }
  }

  @Test
  void iamSubscriberSigningWithTheEndpointsSecretIsConnectedAndJudgedAsIam() {
    IamSigner signer = IamSigner.of("AKIDLEE", endpoint.awsCredentials().secretAccessKey());
    try (RealtimeClient client = RealtimeClient.connect(endpoint.realtimeUrl(),
        signer.realtimeConnection(endpoint.graphqlUrl()))) {
      assertThat(client.init().path("type").asText()).isEqualTo("connection_ack");

      JsonNode ack = client.start("s-iam", ON_UPDATE, Map.of("id", "iam-signed"),
          data -> signer.realtimeStart(endpoint.graphqlUrl(), data));

      // The signature holds; then the field's directives judge the IAM caller (onUpdate is not @aws_iam).
      assertThat(ack.path("payload").path("errors").get(0).path("message").asText())
          .isEqualTo("Not Authorized to access onUpdate on type Subscription");
    }
  }

  @Test
  void iamSubscriberWithAWrongSecretIsRefusedWithA403ConnectionError() {
    IamSigner forger = IamSigner.of("AKIDLEE", "not-the-secret");
    try (RealtimeClient client = RealtimeClient.connect(endpoint.realtimeUrl(),
        forger.realtimeConnection(endpoint.graphqlUrl()))) {
      JsonNode answer = client.init();

      assertThat(answer.path("type").asText()).isEqualTo("connection_error");
      assertThat(answer.path("payload").path("errors").get(0).path("errorType").asText())
          .isEqualTo("InvalidSignatureException");
      assertThat(answer.path("payload").path("errors").get(0).path("errorCode").asInt()).isEqualTo(403);
    }
  }

  @Test
  void iamStartSignedOverOtherDataIsRefused() {
    IamSigner signer = IamSigner.of("AKIDLEE", endpoint.awsCredentials().secretAccessKey());
    try (RealtimeClient client = RealtimeClient.connect(endpoint.realtimeUrl(),
        signer.realtimeConnection(endpoint.graphqlUrl()))) {
      client.init();

      JsonNode answer = client.start("s-forged", ON_UPDATE, Map.of("id", "someone-else"),
          data -> signer.realtimeStart(endpoint.graphqlUrl(), data.replace("someone-else", "mine")));

      assertThat(answer.path("type").asText()).isEqualTo("error");
      assertThat(answer.path("payload").path("errors").get(0).path("errorType").asText())
          .isEqualTo("InvalidSignatureException");
    }
  }

  @Test
  void stopEndsTheSubscriptionWithComplete() {
    try (RealtimeClient client = subscribed(apiKey(), ON_UPDATE, Map.of("id", "stop-1"))) {
      client.send(Map.of("type", "stop", "id", "s-1"));

      JsonNode complete = client.next();
      post(POST_UPDATE, update("stop-1", "PENDING", 1), apiKey());

      assertThat(complete.path("type").asText()).isEqualTo("complete");
      assertThat(complete.path("id").asText()).isEqualTo("s-1");
      assertThat(client.next(Duration.ofMillis(300))).isNull();
    }
  }

  @Test
  void olderClientsAuthInTheHeaderQueryParameter() {
    try (RealtimeClient client = RealtimeClient.connectWithQueryParameter(endpoint.realtimeUrl(), apiKey())) {
      assertThat(client.init().path("type").asText()).isEqualTo("connection_ack");
    }
  }

  @Test
  void samePortSpeaksTlsWithTheGeneratedCertificate() throws Exception {
    HttpClient tls = RealtimeClient.trusting(endpoint.certificate());
    URI wss = URI.create("wss://localhost:" + endpoint.port() + "/graphql/realtime");
    URI https = URI.create("https://127.0.0.1:" + endpoint.port() + "/graphql");

    HttpResponse<String> answer = tls.send(HttpRequest.newBuilder(https).header("x-api-key", endpoint.apiKey())
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"{ ping }\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    try (RealtimeClient client = RealtimeClient.connect(tls, wss, apiKey())) {
      assertThat(client.init().path("type").asText()).isEqualTo("connection_ack");
    }
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(endpoint.certificate()).content().startsWith("-----BEGIN CERTIFICATE-----");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
