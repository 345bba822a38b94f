package dev.orderflow.runtime.domain;

import java.time.Instant;
import java.util.Optional;
import org.immutables.gson.Gson;
import org.immutables.value.Value;

/**
 * One order, as stored in the orders table under the key {@link #id()}.
 *
 * <p>{@code customerId} always comes from the caller's identity, never from the caller's input.
 */
@Value.Immutable
@Gson.TypeAdapters
public abstract class Order {

  /** Largest length of {@link #name()} and {@link #restaurantId()}. */
  public static final int MAX_TEXT_LENGTH = 100;

  public abstract String id();

  public abstract String customerId();

  /** What was ordered, for example {@code Pizza}. */
  public abstract String name();

  public abstract int quantity();

  public abstract String restaurantId();

  public abstract OrderStatus orderStatus();

  /** Why a {@link OrderStatus#FAILED} order failed. */
  public abstract Optional<String> failureReason();

  /** The payment's transaction id, once approved. */
  public abstract Optional<String> paymentId();

  public abstract Instant createdAt();

  public abstract Optional<Instant> updatedAt();

  @Value.Check
  protected void check() {
    Validation.requireText("id", id(), MAX_TEXT_LENGTH);
    Validation.requireText("customerId", customerId(), MAX_TEXT_LENGTH * 2);
    Validation.requireText("name", name(), MAX_TEXT_LENGTH);
    Validation.requireText("restaurantId", restaurantId(), MAX_TEXT_LENGTH);
    Validation.requireAtLeast("quantity", quantity(), 1);
    if (orderStatus() == OrderStatus.FAILED && failureReason().isEmpty()) {
      throw new IllegalArgumentException("failureReason is required when orderStatus is FAILED");
    }
  }

  public static ImmutableOrder.Builder builder() {
    return ImmutableOrder.builder();
  }
}
