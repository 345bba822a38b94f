package dev.orderflow.runtime.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.runtime.json.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OrderJsonTest {

  private static final Instant CREATED = Instant.parse("2026-11-23T12:00:00Z");

  @Test
  void writesAndReadsAFailedOrder() {
    Order order =
        Order.builder()
            .id("o-1").customerId("anonymous").name("Pizza").quantity(6).restaurantId("Dominos Pizza")
            .orderStatus(OrderStatus.FAILED).failureReason("card expired").createdAt(CREATED)
            .build();

    String json = Json.write(order);

    assertThat(json)
        .isEqualTo(
            "{\"id\":\"o-1\",\"customerId\":\"anonymous\",\"name\":\"Pizza\",\"quantity\":6,"
                + "\"restaurantId\":\"Dominos Pizza\",\"orderStatus\":\"FAILED\","
                + "\"failureReason\":\"card expired\",\"createdAt\":\"2026-11-23T12:00:00Z\"}");
    assertThat(Json.read(json, Order.class)).isEqualTo(order);
  }

  @Test
  void writesAndReadsAPaidOrderWithWhatWasPaidFor() {
    Order order =
        Order.builder()
            .id("o-2").customerId("anonymous").name("Pizza").quantity(8).restaurantId("Dominos Pizza")
            .orderStatus(OrderStatus.SUCCESS).paymentId("pay_o-2").paidQuantity(8).createdAt(CREATED)
            .build();

    String json = Json.write(order);

    assertThat(json).contains("\"paymentId\":\"pay_o-2\",\"paidQuantity\":8");
    assertThat(Json.read(json, Order.class)).isEqualTo(order);
  }

  @Test
  void refusesAPaidQuantityOtherThanTheQuantity() {
    assertThatThrownBy(
            () -> Order.builder()
                .id("o-1").customerId("anonymous").name("Pizza").quantity(8).restaurantId("r")
                .orderStatus(OrderStatus.SUCCESS).paymentId("pay_o-1").paidQuantity(6).createdAt(CREATED)
                .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("paidQuantity must equal quantity 8, but was 6");
  }

  @Test
  void refusesAFailedOrderWithoutAReason() {
    assertThatThrownBy(
            () -> Order.builder()
                .id("o-1").customerId("anonymous").name("Pizza").quantity(6).restaurantId("r")
                .orderStatus(OrderStatus.FAILED).createdAt(CREATED)
                .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("failureReason is required when orderStatus is FAILED");
  }

  @Test
  void refusesATimestampThatIsNotIso8601() {
    String json =
        "{\"id\":\"o-1\",\"customerId\":\"c\",\"name\":\"Pizza\",\"quantity\":1,\"restaurantId\":\"r\","
            + "\"orderStatus\":\"PENDING\",\"createdAt\":\"yesterday\"}";

    assertThatThrownBy(() -> Json.read(json, Order.class))
        .hasMessage("expected an ISO-8601 timestamp at $.createdAt, but was \"yesterday\"");
  }

  @Test
  void knowsWhichStatusesAreFinal() {
    assertThat(OrderStatus.PENDING.isFinal()).isFalse();
    assertThat(OrderStatus.PROCESSING.isFinal()).isFalse();
    assertThat(OrderStatus.SUCCESS.isFinal()).isTrue();
    assertThat(OrderStatus.FAILED.isFinal()).isTrue();
  }
}
