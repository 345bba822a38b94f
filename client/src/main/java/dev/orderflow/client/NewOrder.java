package dev.orderflow.client;

import java.util.Optional;
import org.immutables.value.Value;

/**
 * What {@link OrderClient#postOrder(NewOrder)} sends. With a {@link #clientToken()} the same caller
 * and token always give the same order, so the call is retried safely; without one it is never
 * retried.
 */
@Value.Immutable
public abstract class NewOrder {

  /** What is ordered. */
  public abstract String name();

  /** How many; the API allows 1 to its configured maximum. */
  public abstract int quantity();

  /** The restaurant it is ordered from. */
  public abstract String restaurantId();

  /** Makes the call idempotent: 1 to 64 letters, digits, {@code -} or {@code _}. */
  public abstract Optional<String> clientToken();

  /** A builder; name, quantity and restaurantId must be set. */
  public static ImmutableNewOrder.Builder builder() {
    return ImmutableNewOrder.builder();
  }

  /** A new order without a client token. */
  public static NewOrder of(String name, int quantity, String restaurantId) {
    return builder().name(name).quantity(quantity).restaurantId(restaurantId).build();
  }
}
