package dev.orderflow.examples.pizza.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderflow.local.LocalSystem;
import dev.orderflow.local.LocalSystemExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The order invariants on the example's whole system, through its GraphQL API: an order is
 * charged for what it records, an accepted update is never lost, and its owner reads it at once.
 */
@ResourceLock(CloudAssemblies.SHARED_SYSTEM)
class OrderInvariantsLocalTest {

  @RegisterExtension
  static LocalSystemExtension local = LocalSystemExtension.shared(CloudAssemblies::pizzaOrders, "PizzaOrders");

  private static final String UPDATE = """
      mutation Update($input: UpdateOrderInput!) { updateOrder(input: $input) { id quantity orderStatus } }""";
  private static final Set<String> REFUSALS = Set.of("OrderAlreadyProcessing", "OrderFinal");

  private static GraphqlClient client;
  private static String table;

  @BeforeAll
  static void connect(LocalSystem system) {
    client = GraphqlClient.withApiKey(system.graphql().orElseThrow().graphqlUrl(), system.graphql().orElseThrow().apiKey());
    table = system.logicalIds("AWS::DynamoDB::GlobalTable").get(0);
  }

  @Test
  void anOrderIsReadableByItsOwnerAsSoonAsPostOrderAnswers(LocalSystem system) {
    String id = client.postOrder("Marinara", 3);

    JsonNode single = client.post(GraphqlClient.GET_SINGLE, Map.of("id", id)).data("getSingleOrder");
    JsonNode all = client.post(GraphqlClient.GET_ALL, Map.of("limit", 100)).data("getAllOrders").path("items");

    assertThat(single.path("id").asText()).isEqualTo(id);
    assertThat(single.path("orderStatus").asText()).isIn("PENDING", "PROCESSING", "SUCCESS", "FAILED");
    assertThat(all.findValuesAsText("id")).contains(id);
    system.awaitQuiet(Duration.ofSeconds(60));
  }

  @Test
  void updatesRacingTheWorkflowAreEitherChargedOrRefusedAndNeverLost(LocalSystem system) throws Exception {
    Random random = new Random(20261126);
    ExecutorService callers = Executors.newFixedThreadPool(12);
    Map<String, Integer> lastAccepted = new ConcurrentHashMap<>();
    List<String> unexpected = new ArrayList<>();
    java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
    List<Future<?>> races = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      int quantity = 1 + random.nextInt(9);
      long[] delays = {random.nextInt(300), random.nextInt(800), random.nextInt(1500)};
      races.add(callers.submit(() -> {
        String id = client.postOrder("Racer", quantity);
        lastAccepted.put(id, quantity);
        long start = System.currentTimeMillis();
        for (long delay : delays) {
          sleepUntil(start + delay);
          int wanted = 10 + (int) (delay % 40);
          GraphqlClient.Answer answer = client.post(UPDATE, Map.of("input", Map.of("id", id, "quantity", wanted)));
          if (answer.body().has("errors")) {
            String type = answer.firstError().path("errorType").asText();
            refused.incrementAndGet();
            if (!REFUSALS.contains(type)) {
              synchronized (unexpected) {
                unexpected.add(id + ": " + answer.body());
              }
            }
          } else {
            accepted.incrementAndGet();
            lastAccepted.put(id, answer.data("updateOrder").path("quantity").asInt());
          }
        }
        return null;
      }));
    }
    for (Future<?> race : races) {
      race.get();
    }
    callers.shutdown();
    system.awaitQuiet(Duration.ofSeconds(180));

    assertThat(unexpected).as("refusals say why, with OrderAlreadyProcessing or OrderFinal").isEmpty();
    assertThat(lastAccepted).hasSize(100);
    // The race was run: some updates landed before the claim and some after it.
    assertThat(accepted.get()).as("accepted updates").isPositive();
    assertThat(refused.get()).as("refused updates").isPositive();
    lastAccepted.forEach((id, quantity) -> {
      JsonNode row = Orders.row(system, table, id);
      String status = Orders.text(row, "orderStatus");
      assertThat(status).as(id).isIn("SUCCESS", "FAILED");
      assertThat(row.path("quantity").path("N").asInt()).as("the last accepted update of %s", id).isEqualTo(quantity);
      if (status.equals("SUCCESS")) {
        assertThat(row.path("paidQuantity").path("N").asInt()).as("what %s was charged for", id).isEqualTo(quantity);
        assertThat(Orders.text(row, "paymentId")).isNotBlank();
      }
      assertThat(system.emails().stream().filter(email -> email.message().contains("\"orderId\": \"" + id + "\"")))
          .as("emails about %s", id).hasSize(1);
    });
  }

  private static void sleepUntil(long at) {
    long wait = at - System.currentTimeMillis();
    if (wait > 0) {
      try {
        Thread.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
