package dev.orderflow.runtime.payment;

/**
 * The request cannot be paid as it is: not JSON, a missing field, a quantity below 1. Not
 * retryable: the same request fails the same way. The Lambda runtime reports this class's fully
 * qualified name as the error type, so the workflow tells it apart from a technical failure.
 */
public class InvalidPaymentRequestException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * The error type a Step Functions {@code Retry} or {@code Catch} matches: this class's name, which
   * {@link PaymentContract#INVALID_REQUEST_ERROR} spells out for the workflow.
   */
  public static final String ERROR_TYPE = InvalidPaymentRequestException.class.getName();

  /** A request refused for the reason {@code message}. */
  public InvalidPaymentRequestException(String message, Throwable cause) {
    super(message, cause);
  }
}
