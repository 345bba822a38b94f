package dev.orderflow.client;

import java.time.Instant;
import java.util.Optional;
import org.immutables.value.Value;

/** An order as the API answers it. */
@Value.Immutable
public abstract class Order {

  /** The order's id. */
  public abstract String id();

  /** What was ordered. */
  public abstract String name();

  /** How many. */
  public abstract int quantity();

  /** The restaurant it was ordered from. */
  public abstract String restaurantId();

  /** The status as the API names it, kept as it came even when this client does not know it. */
  public abstract String orderStatusName();

  /** Why the order failed; present once FAILED. */
  public abstract Optional<String> failureReason();

  /** The payment's id; present once SUCCESS. */
  public abstract Optional<String> paymentId();

  /** How many were paid for; present once SUCCESS. */
  public abstract Optional<Integer> paidQuantity();

  /** When the order was recorded. */
  public abstract Instant createdAt();

  /** When the order last changed, if it has. */
  public abstract Optional<Instant> updatedAt();

  /** The status, or {@link OrderStatus#UNKNOWN} for one this client does not know. */
  public OrderStatus orderStatus() {
    return OrderStatus.of(orderStatusName());
  }

  /** A builder of an order; every required value must be set once. */
  public static ImmutableOrder.Builder builder() {
    return ImmutableOrder.builder();
  }
}
