package dev.orderflow.client;

import java.util.Optional;
import org.immutables.value.Value;

/** What {@link OrderClient#updateOrder(OrderUpdate)} changes: the fields that are present. */
@Value.Immutable
public abstract class OrderUpdate {

  /** The order to change. */
  public abstract String id();

  /** A new name. */
  public abstract Optional<String> name();

  /** A new quantity. */
  public abstract Optional<Integer> quantity();

  /** A new restaurant. */
  public abstract Optional<String> restaurantId();

  /** Refuses an update that changes nothing; {@code build()} calls it. */
  @Value.Check
  protected void check() {
    if (name().isEmpty() && quantity().isEmpty() && restaurantId().isEmpty()) {
      throw new IllegalArgumentException(
          "an update of order " + id() + " needs at least one of name, quantity or restaurantId, but had none");
    }
  }

  /** A builder; id and at least one field to change must be set. */
  public static ImmutableOrderUpdate.Builder builder() {
    return ImmutableOrderUpdate.builder();
  }
}
