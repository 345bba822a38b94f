package dev.orderflow.runtime.payment;

/**
 * A technical failure of the gateway (time-out, outage). Retryable: the workflow retries it with
 * backoff, and marks the order FAILED once the retries are spent.
 */
public class PaymentGatewayException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** A gateway failure caused by {@code cause}. */
  public PaymentGatewayException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A gateway failure. */
  public PaymentGatewayException(String message) {
    super(message);
  }
}
