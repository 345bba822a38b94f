package dev.orderflow.runtime.payment;

/**
 * The payment step's request and answer, field by field, and the error of a request that can never
 * be paid: what the order workflow sends and reads, and what this function reads and answers.
 *
 * <p>The constructs build the workflow's payment step from these names. Each is a constant
 * ({@code static final String} with a literal value), so the Java compiler copies the values into
 * the classes that use them: the constructs need this module only to compile, and a CDK app never
 * loads it.
 */
public final class PaymentContract {

  /** Request: the order to pay for, and the idempotency key. */
  public static final String ORDER_ID = "orderId";
  /** Request: who pays. */
  public static final String CUSTOMER_ID = "customerId";
  /** Request: the item ordered. */
  public static final String NAME = "name";
  /** Request: how many, a whole number of 1 or more. */
  public static final String QUANTITY = "quantity";
  /** Request: where the order goes. */
  public static final String RESTAURANT_ID = "restaurantId";

  /** Answer: {@link #APPROVED} or {@link #DECLINED}. */
  public static final String STATUS = "status";
  /** Answer of an approved payment: the payment's id. */
  public static final String PAYMENT_ID = "paymentId";
  /** Answer of a declined payment: why. */
  public static final String REASON = "reason";
  /** The status of a payment made. */
  public static final String APPROVED = "APPROVED";
  /** The status of a payment refused: an outcome, not an error. */
  public static final String DECLINED = "DECLINED";

  /**
   * The error type of a request that can never be paid, which the workflow does not retry: the
   * name of {@link InvalidPaymentRequestException}, as the Lambda runtime reports it.
   */
  public static final String INVALID_REQUEST_ERROR = "dev.orderflow.runtime.payment.InvalidPaymentRequestException";

  private PaymentContract() {}
}
