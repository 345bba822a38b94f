package dev.orderflow.client;

import java.util.Optional;

/**
 * The order is not in a state that allows the call: an update of an order that is no longer
 * PENDING, a delete of one that is not final, or either on an order that is missing or not the
 * caller's. Nothing was changed; retrying will not help.
 */
public class ConditionalFailureException extends OrderApiException {

  private static final long serialVersionUID = 1L;

  /** The order's id, when the API named it. */
  private final String orderId;
  /** The order's status, when the API named it. */
  private final String orderStatus;

  /**
   * A refused change.
   *
   * @param message the API's message
   * @param errorType the API's errorType, e.g. {@code OrderFinal}
   * @param orderId the order's id, or null
   * @param orderStatus the order's status, or null
   */
  public ConditionalFailureException(String message, String errorType, String orderId, String orderStatus) {
    super(message, errorType, 200, null);
    this.orderId = orderId;
    this.orderStatus = orderStatus;
  }

  /** The order the call was about, when the API named it. */
  public Optional<String> orderId() {
    return Optional.ofNullable(orderId);
  }

  /** The order's status at the time, when the API named it. */
  public Optional<OrderStatus> orderStatus() {
    return Optional.ofNullable(orderStatus).map(OrderStatus::of);
  }
}
