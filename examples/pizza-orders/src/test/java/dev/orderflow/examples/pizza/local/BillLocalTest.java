package dev.orderflow.examples.pizza.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.local.LocalSystem;
import dev.orderflow.local.LocalSystemExtension;
import dev.orderflow.local.appsync.AppSyncEndpoint;
import dev.orderflow.local.bill.Bill;
import dev.orderflow.local.bill.Line;
import dev.orderflow.local.testing.RealtimeClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The bill of the example's orders, measured as they run on the local system: every service of
 * the order path has a line above zero, and the payment function runs once per finished order.
 */
class BillLocalTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ORDERS = 12;
  private static final List<String> SERVICES = List.of("AppSync", "SQS", "Pipes", "Step Functions", "Lambda",
      "DynamoDB", "SNS", "EventBridge");

  @RegisterExtension
  static LocalSystemExtension local = LocalSystemExtension.of(CloudAssemblies::pizzaOrders, "PizzaOrders");

  @Test
  void ordersThatRunAreBilledOnEveryServiceWithOnePaymentInvocationPerFinishedOrder(LocalSystem system)
      throws Exception {
    AppSyncEndpoint endpoint = system.graphql().orElseThrow();
    Map<String, String> apiKey = Map.of("host", "127.0.0.1", "x-api-key", endpoint.apiKey());
    system.resetBill();
    try (RealtimeClient subscriber = RealtimeClient.connect(RealtimeClient.trusting(system.certificate().orElseThrow()),
        URI.create("wss://localhost:" + endpoint.port() + "/graphql/realtime"), apiKey)) {
      subscriber.init();
      subscriber.start("all", "subscription { onOrderUpdated { id orderStatus } }", Map.of(), apiKey);
      GraphqlClient customer = GraphqlClient.withApiKey(endpoint.graphqlUrl(), endpoint.apiKey());
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < ORDERS; i++) {
        ids.add(customer.post(GraphqlClient.POST_ORDER, GraphqlClient.order("Margherita " + i, 1, null))
            .data("postOrder").path("id").asText());
      }
      for (String id : ids) {
        customer.awaitFinal(id, Duration.ofSeconds(90));
      }
      system.awaitQuiet(Duration.ofSeconds(60));

      Bill bill = system.bill();

      assertThat(bill.ordersFinished()).isEqualTo(ORDERS);
      for (String service : SERVICES) {
        assertThat(bill.cost(service)).as(service).isPositive();
      }
      for (Line line : List.of(Line.APPSYNC_OPERATIONS, Line.APPSYNC_MESSAGES, Line.APPSYNC_CONNECTION_MINUTES,
          Line.SQS_REQUESTS, Line.PIPES_REQUESTS, Line.SFN_EXPRESS_REQUESTS, Line.SFN_EXPRESS_GB_SECONDS,
          Line.LAMBDA_REQUESTS, Line.LAMBDA_GB_SECONDS, Line.DYNAMODB_WRITE_UNITS, Line.DYNAMODB_STREAM_READS,
          Line.SNS_PUBLISHES, Line.EVENTBRIDGE_EVENTS)) {
        assertThat(bill.line(line).count()).as(line.service() + " " + line.unit()).isPositive();
      }
      assertThat(bill.line(Line.LAMBDA_REQUESTS).count()).isEqualTo(ORDERS);
      assertThat(bill.line(Line.APPSYNC_OPERATIONS).by()).containsEntry("postOrder", (double) ORDERS);
      // One email per order: the notifier's filter passes the final change only, and its pipe
      // publishes each batch in one PublishBatch call of at most 10 messages.
      assertThat(bill.line(Line.SNS_EMAILS).count()).isEqualTo(ORDERS);
      assertThat(bill.line(Line.SNS_PUBLISHES).by()).containsOnlyKeys("PublishBatch");
      assertThat(bill.line(Line.SNS_PUBLISHES).count()).isBetween(Math.ceil(ORDERS / 10.0), (double) ORDERS);
      // Four write units per order: postOrder's record writes the table and the byCustomer index
      // (which projects keys only); the workflow's claim and finish change no index key, so they
      // write the table alone.
      assertThat(bill.line(Line.DYNAMODB_WRITE_UNITS).count()).isEqualTo(4.0 * ORDERS);
      assertThat(bill.line(Line.DYNAMODB_WRITE_UNITS).by())
          .containsEntry("UpdateItem", 3.0 * ORDERS)
          .containsEntry("UpdateItem (index byCustomer)", (double) ORDERS);
      assertThat(bill.totalBeforeEmail()).isLessThanOrEqualTo(bill.total());
    }
  }

  @Test
  void theBillIsServedBesideTheGraphqlEndpointAndADeleteStartsANewWindow(LocalSystem system) throws Exception {
    AppSyncEndpoint endpoint = system.graphql().orElseThrow();
    GraphqlClient customer = GraphqlClient.withApiKey(endpoint.graphqlUrl(), endpoint.apiKey());
    String id = customer.post(GraphqlClient.POST_ORDER, GraphqlClient.order("Diavola", 1, null))
        .data("postOrder").path("id").asText();
    customer.awaitFinal(id, Duration.ofSeconds(90));
    system.awaitQuiet(Duration.ofSeconds(60));
    URI bill = endpoint.graphqlUrl().resolve("/_orderflow/bill");
    HttpClient http = HttpClient.newHttpClient();

    JsonNode read = JSON.readTree(http.send(HttpRequest.newBuilder(bill).GET().build(),
        HttpResponse.BodyHandlers.ofString()).body());
    JsonNode closed = JSON.readTree(http.send(HttpRequest.newBuilder(bill).DELETE().build(),
        HttpResponse.BodyHandlers.ofString()).body());
    JsonNode after = JSON.readTree(http.send(HttpRequest.newBuilder(bill).GET().build(),
        HttpResponse.BodyHandlers.ofString()).body());
    JsonNode atTheAwsEndpoint = JSON.readTree(http.send(HttpRequest.newBuilder(
        system.awsEndpoint().resolve("/_orderflow/bill")).GET().build(), HttpResponse.BodyHandlers.ofString()).body());

    assertThat(read.path("lines")).hasSize(Line.values().length);
    JsonNode postOrders = read.path("lines").get(0);
    assertThat(postOrders.path("service").asText()).isEqualTo("AppSync");
    assertThat(postOrders.path("rule").asText()).isNotBlank();
    assertThat(postOrders.path("price").path("source").asText()).isEqualTo("https://aws.amazon.com/appsync/pricing/");
    assertThat(postOrders.path("cost").asDouble()).isPositive();
    assertThat(read.path("total").asDouble()).isPositive();
    assertThat(closed.path("total").asDouble()).isGreaterThanOrEqualTo(read.path("total").asDouble());
    assertThat(after.path("total").asDouble()).isLessThan(closed.path("total").asDouble());
    assertThat(after.path("ordersFinished").asLong()).isZero();
    assertThat(atTheAwsEndpoint.path("lines")).hasSize(Line.values().length);
    assertThat(atTheAwsEndpoint.path("ordersFinished").asLong()).isZero();
  }
}
