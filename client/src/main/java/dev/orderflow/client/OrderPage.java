package dev.orderflow.client;

import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/** One page of the caller's orders, newest first. */
@Value.Immutable
public abstract class OrderPage {

  /** The orders of this page. */
  public abstract List<Order> items();

  /** The token of the next page; absent on the last page. */
  public abstract Optional<String> nextToken();

  /** A builder of a page. */
  public static ImmutableOrderPage.Builder builder() {
    return ImmutableOrderPage.builder();
  }
}
