package dev.orderflow.runtime.payment;

import dev.orderflow.runtime.domain.Validation;
import org.immutables.value.Value;

/**
 * What the workflow asks the payment step to settle. {@link #orderId()} is the idempotency key:
 * the same order id always gets the same answer.
 */
@Value.Immutable
public abstract class PaymentRequest {

  /** Largest length of {@link #orderId()}, {@link #name()} and {@link #restaurantId()}, as the API allows. */
  public static final int MAX_TEXT_LENGTH = 100;

  /** The order to pay for; the idempotency key. */
  public abstract String orderId();

  /** Who pays. */
  public abstract String customerId();

  /** The item ordered. */
  public abstract String name();

  /** How many, 1 or more. */
  public abstract int quantity();

  /** Where the order goes. */
  public abstract String restaurantId();

  /** Refuses values outside what is allowed, naming the field; {@code build()} calls it. */
  @Value.Check
  protected void check() {
    Validation.requireText("orderId", orderId(), MAX_TEXT_LENGTH);
    Validation.requireText("customerId", customerId(), MAX_TEXT_LENGTH * 2);
    Validation.requireText("name", name(), MAX_TEXT_LENGTH);
    Validation.requireText("restaurantId", restaurantId(), MAX_TEXT_LENGTH);
    Validation.requireAtLeast("quantity", quantity(), 1);
  }

  /** A builder; {@code build()} checks every value and refuses what is not allowed. */
  public static ImmutablePaymentRequest.Builder builder() {
    return ImmutablePaymentRequest.builder();
  }
}
