package dev.orderflow.runtime.payment;

import dev.orderflow.runtime.domain.Order;
import dev.orderflow.runtime.domain.Validation;
import org.immutables.value.Value;

/**
 * What the workflow asks the payment step to settle. {@link #orderId()} is the idempotency key:
 * the same order id always gets the same answer.
 */
@Value.Immutable
public abstract class PaymentRequest {

  public abstract String orderId();

  public abstract String customerId();

  /** The item ordered. */
  public abstract String name();

  public abstract int quantity();

  public abstract String restaurantId();

  @Value.Check
  protected void check() {
    Validation.requireText("orderId", orderId(), Order.MAX_TEXT_LENGTH);
    Validation.requireText("customerId", customerId(), Order.MAX_TEXT_LENGTH * 2);
    Validation.requireText("name", name(), Order.MAX_TEXT_LENGTH);
    Validation.requireText("restaurantId", restaurantId(), Order.MAX_TEXT_LENGTH);
    Validation.requireAtLeast("quantity", quantity(), 1);
  }

  public static ImmutablePaymentRequest.Builder builder() {
    return ImmutablePaymentRequest.builder();
  }
}
