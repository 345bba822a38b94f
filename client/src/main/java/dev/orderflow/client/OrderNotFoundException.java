package dev.orderflow.client;

/** No order of the caller has this id: it does not exist, or it is another caller's. */
public class OrderNotFoundException extends OrderApiException {

  private static final long serialVersionUID = 1L;

  /** The id that was asked for. */
  private final String orderId;

  /**
   * A missing order.
   *
   * @param orderId the id that was asked for
   */
  public OrderNotFoundException(String orderId) {
    super("no order " + orderId + ": it does not exist or is not the caller's", "OrderNotFound", 200, null);
    this.orderId = orderId;
  }

  /** The id that was asked for. */
  public String orderId() {
    return orderId;
  }
}
