package dev.orderflow.runtime.payment;

/**
 * Settles a payment. Implementations must be idempotent on {@link PaymentRequest#orderId()}: a
 * retried request gets the answer the first one got, and charges nothing twice.
 */
public interface PaymentGateway {

  /**
   * Approves or declines the payment for one order.
   *
   * @throws PaymentGatewayException when the gateway cannot answer now; the caller may retry
   */
  PaymentResult charge(PaymentRequest request);
}
