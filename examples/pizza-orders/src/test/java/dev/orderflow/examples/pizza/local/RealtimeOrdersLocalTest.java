package dev.orderflow.examples.pizza.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderflow.local.LocalSystem;
import dev.orderflow.local.testing.IamSigner;
import dev.orderflow.local.testing.RealtimeClient;
import dev.orderflow.local.LocalSystemExtension;
import dev.orderflow.local.appsync.AppSyncEndpoint;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The example's real-time order status, end to end on the local system: the table's stream, the
 * pipe to the event bus, the rule's AppSync target calling {@code publishOrderUpdate}, and the
 * subscription {@code onOrderUpdated} over AppSync's WebSocket protocol, filtered per owner.
 */
@ResourceLock(CloudAssemblies.SHARED_SYSTEM)
class RealtimeOrdersLocalTest {

  private static final String ON_ORDER_UPDATED = """
      subscription Updates($id: ID) {
        onOrderUpdated(id: $id) { id name quantity orderStatus failureReason paidQuantity }
      }""";

  @RegisterExtension
  static LocalSystemExtension local = LocalSystemExtension.shared(CloudAssemblies::pizzaOrders, "PizzaOrders");

  private static AppSyncEndpoint endpoint;

  @BeforeAll
  static void connect(LocalSystem system) {
    endpoint = system.graphql().orElseThrow();
  }

  /** An API key customer: every API key caller is the customer {@code anonymous}. */
  private static Map<String, String> apiKey() {
    return Map.of("host", "127.0.0.1", "x-api-key", endpoint.apiKey());
  }

  /** An IAM customer, known by its access key, signing with the local system's secret. */
  private static IamSigner iam(String accessKey) {
    return IamSigner.of(accessKey, endpoint.awsCredentials().secretAccessKey());
  }

  /** A real-time connection's authorization, signed as the IAM customer. */
  private static Map<String, String> iamConnection(String accessKey) {
    return iam(accessKey).realtimeConnection(endpoint.graphqlUrl());
  }

  /** A start's authorization, signed over its data as the IAM customer. */
  private static java.util.function.Function<String, Map<String, String>> iamStart(String accessKey) {
    return data -> iam(accessKey).realtimeStart(endpoint.graphqlUrl(), data);
  }

  @Test
  void theOwnerSeesItsOrderGoFromPendingToFinalInOrderAndAnotherCustomerSeesNothing(LocalSystem system) {
    URI wss = URI.create("wss://localhost:" + endpoint.port() + "/graphql/realtime");
    try (RealtimeClient owner = RealtimeClient.connect(RealtimeClient.trusting(system.certificate().orElseThrow()),
        wss, apiKey());
         RealtimeClient other = RealtimeClient.connect(endpoint.realtimeUrl(), iamConnection("AKIDKIM"))) {
      assertThat(owner.init().path("type").asText()).isEqualTo("connection_ack");
      assertThat(other.init().path("type").asText()).isEqualTo("connection_ack");
      assertThat(owner.start("all", ON_ORDER_UPDATED, Map.of(), apiKey()).path("type").asText()).isEqualTo("start_ack");
      assertThat(other.start("all", ON_ORDER_UPDATED, Map.of(), iamStart("AKIDKIM")).path("type").asText())
          .isEqualTo("start_ack");

      GraphqlClient customer = GraphqlClient.withApiKey(endpoint.graphqlUrl(), endpoint.apiKey());
      String id = customer.post(GraphqlClient.POST_ORDER, GraphqlClient.order("Margherita", 2, null))
          .data("postOrder").path("id").asText();
      JsonNode finished = customer.awaitFinal(id, Duration.ofSeconds(60));
      system.awaitQuiet(Duration.ofSeconds(10));

      List<JsonNode> updates = updatesOf(owner, "all", id);
      assertThat(updates).extracting(update -> update.path("orderStatus").asText())
          .containsExactly("PENDING", "PROCESSING", finished.path("orderStatus").asText());
      JsonNode last = updates.get(updates.size() - 1);
      assertThat(last.path("name").asText()).isEqualTo("Margherita");
      assertThat(last.path("quantity").asInt()).isEqualTo(2);
      if ("SUCCESS".equals(last.path("orderStatus").asText())) {
        assertThat(last.path("paidQuantity").asInt()).isEqualTo(2);
      } else {
        assertThat(last.path("failureReason").asText()).isNotEmpty();
      }
      assertThat(other.next(Duration.ofMillis(500))).isNull();
      assertThat(system.eventBuses().failedDeliveries()).isEmpty();
    }
  }

  @Test
  void aSubscriberOfOneOrderFollowsItToItsFinalStatus(LocalSystem system) {
    GraphqlClient kim = GraphqlClient.withIam(endpoint.graphqlUrl(), iam("AKIDKIM2"));
    try (RealtimeClient watcher = RealtimeClient.connect(endpoint.realtimeUrl(), iamConnection("AKIDKIM2"))) {
      watcher.init();
      String id = kim.post(GraphqlClient.POST_ORDER, GraphqlClient.order("Diavola", 1, null))
          .data("postOrder").path("id").asText();
      assertThat(watcher.start("one", ON_ORDER_UPDATED, Map.of("id", id), iamStart("AKIDKIM2")).path("type").asText())
          .isEqualTo("start_ack");
      kim.awaitFinal(id, Duration.ofSeconds(60));
      system.awaitQuiet(Duration.ofSeconds(10));

      List<JsonNode> updates = updatesOf(watcher, "one", id);
      assertThat(updates).isNotEmpty();
      assertThat(updates.get(updates.size() - 1).path("orderStatus").asText()).isIn("SUCCESS", "FAILED");
      assertThat(updates).allSatisfy(update -> assertThat(update.path("id").asText()).isEqualTo(id));
    }
  }

  @Test
  void aSubscriberWithoutAValidKeyIsRefused() {
    try (RealtimeClient stranger = RealtimeClient.connect(endpoint.realtimeUrl(),
        Map.of("host", "127.0.0.1", "x-api-key", "da2-not-a-key"))) {
      JsonNode answer = stranger.init();

      assertThat(answer.path("type").asText()).isEqualTo("connection_error");
      JsonNode error = answer.path("payload").path("errors").get(0);
      assertThat(error.path("errorType").asText()).isEqualTo("UnauthorizedException");
      assertThat(error.path("errorCode").asInt()).isEqualTo(401);
      assertThat(stranger.closeCode()).isNotNull();
    }
  }

  @Test
  void aCustomerCannotCallPublishOrderUpdateWithTheApiKey() {
    GraphqlClient customer = GraphqlClient.withApiKey(endpoint.graphqlUrl(), endpoint.apiKey());
    GraphqlClient.Answer answer = customer.post("""
        mutation { publishOrderUpdate(input: {id: "x", customerId: "anonymous", name: "Fake", quantity: "1",
          restaurantId: "r", orderStatus: SUCCESS, createdAt: "2026-11-26T08:00:00Z"}) { id } }""", Map.of());

    assertThat(answer.firstError().path("errorType").asText()).isEqualTo("Unauthorized");
  }

  /** The updates of {@code id} that {@code client} received for its subscription {@code subscription}, in order. */
  private static List<JsonNode> updatesOf(RealtimeClient client, String subscription, String id) {
    List<JsonNode> updates = new ArrayList<>();
    JsonNode message;
    while ((message = client.next(Duration.ofMillis(500))) != null) {
      assertThat(message.path("type").asText()).as(message.toString()).isEqualTo("data");
      assertThat(message.path("id").asText()).isEqualTo(subscription);
      JsonNode order = message.path("payload").path("data").path("onOrderUpdated");
      if (order.path("id").asText().equals(id)) {
        updates.add(order);
      }
    }
    return updates;
  }
}
