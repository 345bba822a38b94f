package dev.orderflow.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client's mapping of answers and its retry rules, against a stand-in API. */
class OrderClientTest {

  private static final String ORDER = "{\"id\":\"o-1\",\"name\":\"Pizza\",\"quantity\":2,\"restaurantId\":\"Luigi\","
      + "\"orderStatus\":\"PENDING\",\"failureReason\":null,\"paymentId\":null,\"paidQuantity\":null,"
      + "\"createdAt\":\"2026-01-01T10:00:00.000Z\",\"updatedAt\":null}";
  private static final String POSTED = "{\"data\":{\"postOrder\":" + ORDER + "}}";
  private static final String THROTTLED = "{\"errors\":[{\"errorType\":\"TooManyRequestsException\",\"message\":\"slow down\"}]}";

  private final StubApi api = new StubApi();
  private final OrderClient client = OrderClient.builder().url(api.url())
      .authorization(Authorization.apiKey("da2-test")).retryBaseDelay(Duration.ofMillis(5)).build();

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void postsAnOrderWithTheApiKeyAndReadsItBack() {
    api.then(200, POSTED);

    Order order = client.postOrder(NewOrder.builder().name("Pizza").quantity(2).restaurantId("Luigi")
        .clientToken("token-1").build());

    assertThat(order.id()).isEqualTo("o-1");
    assertThat(order.orderStatus()).isEqualTo(OrderStatus.PENDING);
    assertThat(order.updatedAt()).isEmpty();
    assertThat(api.apiKeys).containsExactly("da2-test");
    assertThat(api.requests.get(0)).contains("\"clientToken\":\"token-1\"").contains("\"quantity\":2");
  }

  @Test
  void keepsAStatusItDoesNotKnowAsUnknownWithItsName() {
    api.then(200, "{\"data\":{\"getSingleOrder\":" + ORDER.replace("PENDING", "REFUNDED") + "}}");

    Order order = client.getOrder("o-1").orElseThrow();

    assertThat(order.orderStatus()).isEqualTo(OrderStatus.UNKNOWN);
    assertThat(order.orderStatusName()).isEqualTo("REFUNDED");
  }

  @Test
  void retriesAPostWithAClientTokenAfterAServerError() {
    api.then(502, "bad gateway").then(200, POSTED);

    Order order = client.postOrder(NewOrder.builder().name("Pizza").quantity(2).restaurantId("Luigi")
        .clientToken("token-2").build());

    assertThat(order.id()).isEqualTo("o-1");
    assertThat(api.requestCount()).isEqualTo(2);
  }

  @Test
  void neverRetriesAPostWithoutAClientTokenAfterAServerError() {
    api.then(502, "bad gateway").then(200, POSTED);

    assertThatThrownBy(() -> client.postOrder(NewOrder.of("Pizza", 2, "Luigi")))
        .isInstanceOf(UnavailableException.class)
        .hasMessageContaining("HTTP 502");
    assertThat(api.requestCount()).isEqualTo(1);
  }

  @Test
  void retriesAThrottledUpdateBecauseNothingWasDone() {
    api.then(429, THROTTLED).then(200, "{\"data\":{\"updateOrder\":" + ORDER + "}}");

    Order order = client.updateOrder(OrderUpdate.builder().id("o-1").quantity(2).build());

    assertThat(order.quantity()).isEqualTo(2);
    assertThat(api.requestCount()).isEqualTo(2);
  }

  @Test
  void retriesAPageWhoseOrdersTheTableCouldNotAllReadNow() {
    api.then(200, "{\"data\":{\"getAllOrders\":null},\"errors\":[{\"path\":[\"getAllOrders\"],"
        + "\"errorType\":\"OrdersThrottled\",\"message\":\"1 of the page's 2 orders could not be read now"
        + " (DynamoDB left them unprocessed): retry the same request\",\"errorInfo\":{\"unread\":1,\"retryable\":true}}]}")
        .then(200, "{\"data\":{\"getAllOrders\":{\"items\":[" + ORDER + "],\"nextToken\":null}}}");

    OrderPage page = client.listOrders(2, null);

    assertThat(page.items()).extracting(Order::id).containsExactly("o-1");
    assertThat(api.requestCount()).isEqualTo(2);
  }

  @Test
  void givesUpOnThrottlingAfterMaxAttempts() {
    for (int i = 0; i < 4; i++) {
      api.then(429, THROTTLED);
    }

    assertThatThrownBy(() -> client.getOrder("o-1"))
        .isInstanceOf(ThrottlingException.class)
        .hasMessage("slow down");
    assertThat(api.requestCount()).isEqualTo(4);
  }

  @Test
  void neverRetriesAnUpdateAfterAServerError() {
    api.then(500, "{}").then(200, "{\"data\":{\"updateOrder\":" + ORDER + "}}");

    assertThatThrownBy(() -> client.updateOrder(OrderUpdate.builder().id("o-1").quantity(2).build()))
        .isInstanceOf(UnavailableException.class);
    assertThat(api.requestCount()).isEqualTo(1);
  }

  @Test
  void mapsAValidationErrorWithItsViolations() {
    api.then(200, "{\"data\":null,\"errors\":[{\"path\":[\"postOrder\"],\"errorType\":\"ValidationError\","
        + "\"message\":\"quantity must be from 1 to 100, but was 0\",\"errorInfo\":{\"violations\":[{\"field\":\"quantity\","
        + "\"value\":0,\"allowed\":\"a whole number from 1 to 100\",\"message\":\"quantity must be from 1 to 100, but was 0\"}]}}]}");

    assertThatThrownBy(() -> client.postOrder(NewOrder.of("Pizza", 0, "Luigi")))
        .isInstanceOfSatisfying(ValidationException.class, e -> {
          assertThat(e.field()).contains("quantity");
          assertThat(e.violations().get(0).value()).isEqualTo("0");
          assertThat(e.violations().get(0).allowed()).isEqualTo("a whole number from 1 to 100");
        })
        .hasMessage("quantity must be from 1 to 100, but was 0");
  }

  @Test
  void mapsARefusedUpdateToAConditionalFailureWithTheOrdersStatus() {
    api.then(200, "{\"data\":{\"updateOrder\":null},\"errors\":[{\"errorType\":\"OrderFinal\",\"message\":\"Order o-1 "
        + "cannot be updated: it is final (SUCCESS)\",\"errorInfo\":{\"id\":\"o-1\",\"orderStatus\":\"SUCCESS\"}}]}");

    assertThatThrownBy(() -> client.updateOrder(OrderUpdate.builder().id("o-1").quantity(3).build()))
        .isInstanceOfSatisfying(ConditionalFailureException.class, e -> {
          assertThat(e.orderId()).contains("o-1");
          assertThat(e.orderStatus()).contains(OrderStatus.SUCCESS);
          assertThat(e.kind()).isEqualTo("OrderFinal");
        });
  }

  @Test
  void mapsA401ToUnauthorized() {
    api.then(401, "{\"errors\":[{\"errorType\":\"UnauthorizedException\",\"message\":\"You are not authorized to make this call.\"}]}");

    assertThatThrownBy(() -> client.listOrders(10, null))
        .isInstanceOf(UnauthorizedException.class)
        .hasMessage("You are not authorized to make this call.");
  }

  @Test
  void namesTheUrlItCannotReach() {
    OrderClient nowhere = OrderClient.builder().url(URI.create("http://127.0.0.1:1/graphql"))
        .authorization(Authorization.apiKey("k")).retryBaseDelay(Duration.ofMillis(1)).build();

    assertThatThrownBy(() -> nowhere.getOrder("o-1"))
        .isInstanceOf(UnavailableException.class)
        .hasMessage("cannot reach the order API at http://127.0.0.1:1/graphql: connection refused");
  }

  @Test
  void refusesAnUpdateThatChangesNothing() {
    assertThatThrownBy(() -> OrderUpdate.builder().id("o-1").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an update of order o-1 needs at least one of name, quantity or restaurantId, but had none");
  }
}
