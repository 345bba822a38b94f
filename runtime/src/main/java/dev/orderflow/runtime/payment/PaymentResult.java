package dev.orderflow.runtime.payment;

import java.util.Optional;
import org.immutables.value.Value;

/**
 * The payment step's answer: {@link PaymentStatus#APPROVED} with a {@link #paymentId()}, or
 * {@link PaymentStatus#DECLINED} with a {@link #reason()}.
 */
@Value.Immutable
public abstract class PaymentResult {

  /** The order the answer is for. */
  public abstract String orderId();

  /** Approved or declined. */
  public abstract PaymentStatus status();

  /** The gateway's transaction id; present exactly when approved. */
  public abstract Optional<String> paymentId();

  /** Why the payment was declined; present exactly when declined. */
  public abstract Optional<String> reason();

  /** Refuses values outside what is allowed, naming the field; {@code build()} calls it. */
  @Value.Check
  protected void check() {
    boolean approved = status() == PaymentStatus.APPROVED;
    if (approved != paymentId().isPresent()) {
      throw new IllegalArgumentException(
          "paymentId must be present exactly when status is APPROVED, but status was "
              + status() + " and paymentId " + (paymentId().isPresent() ? "\"" + paymentId().get() + "\"" : "absent"));
    }
    if (approved == reason().isPresent()) {
      throw new IllegalArgumentException(
          "reason must be present exactly when status is DECLINED, but status was "
              + status() + " and reason " + (reason().isPresent() ? "\"" + reason().get() + "\"" : "absent"));
    }
  }

  /** An approval with the gateway's transaction id. */
  public static PaymentResult approved(String orderId, String paymentId) {
    return ImmutablePaymentResult.builder()
        .orderId(orderId)
        .status(PaymentStatus.APPROVED)
        .paymentId(paymentId)
        .build();
  }

  /** A decline with the reason to show the customer. */
  public static PaymentResult declined(String orderId, String reason) {
    return ImmutablePaymentResult.builder()
        .orderId(orderId)
        .status(PaymentStatus.DECLINED)
        .reason(reason)
        .build();
  }
}
