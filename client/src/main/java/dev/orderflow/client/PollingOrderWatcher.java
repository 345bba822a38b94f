package dev.orderflow.client;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/** Follows an order by reading it every interval: works against every stack. */
final class PollingOrderWatcher implements OrderWatcher {

  private final OrderClient client;
  private final Duration interval;

  PollingOrderWatcher(OrderClient client, Duration interval) {
    if (interval == null || interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be a positive duration, but was " + interval);
    }
    this.client = client;
    this.interval = interval;
  }

  @Override
  public Order watch(String orderId, Duration timeout, Consumer<Order> onChange) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Order last = null;
    while (true) {
      Optional<Order> current = client.getOrder(orderId);
      if (current.isEmpty()) {
        if (last == null) {
          throw new OrderNotFoundException(orderId);
        }
        // Deleted while watched: the last state seen stands.
        return last;
      }
      Order order = current.get();
      if (last == null || !same(last, order)) {
        onChange.accept(order);
        last = order;
      }
      if (order.orderStatus().isFinal() || System.nanoTime() >= deadline) {
        return order;
      }
      Thread.sleep(Math.max(1, Math.min(interval.toMillis(), (deadline - System.nanoTime()) / 1_000_000)));
    }
  }

  /** Whether two reads of an order show the same state: a change is worth telling. */
  static boolean same(Order a, Order b) {
    return a.orderStatusName().equals(b.orderStatusName()) && a.updatedAt().equals(b.updatedAt())
        && a.quantity() == b.quantity() && a.name().equals(b.name()) && a.restaurantId().equals(b.restaurantId());
  }
}
