package dev.orderflow.client;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Follows an order until it is final. {@link OrderClient#pollingWatcher(Duration)} asks for the
 * order again and again; a watcher on the API's subscription, where a stack has one, answers the
 * same way.
 */
public interface OrderWatcher {

  /**
   * Follows an order, telling {@code onChange} of it as first seen and of every change after, until
   * it is final or the timeout has passed.
   *
   * @param orderId the order's id
   * @param timeout how long to follow it at most
   * @param onChange told of the order as first seen and after each change
   * @return the order as last seen: final, unless the timeout passed first
   * @throws OrderNotFoundException when the caller has no order with this id
   * @throws InterruptedException when the thread is interrupted while waiting
   */
  Order watch(String orderId, Duration timeout, Consumer<Order> onChange) throws InterruptedException;
}
