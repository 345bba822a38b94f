package dev.orderflow.constructs;

import java.util.Optional;
import org.immutables.value.Value;
import software.amazon.awscdk.services.dynamodb.ITableV2;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.stepfunctions.TaskStateBase;

/** Props of {@link OrderWorkflow}. The payment step is at most one of the three payment props. */
@Value.Immutable
public interface OrderWorkflowProps extends OrderWorkflowOptions {

  /** The orders table the workflow writes, for example {@link OrderTable#getTable()}. */
  ITableV2 table();

  /**
   * Express (the pipe waits for each run) or Standard (the pipe starts each run and moves on).
   *
   * @default WorkflowType.EXPRESS
   */
  @Value.Default
  default WorkflowType workflowType() {
    return WorkflowType.EXPRESS;
  }

  /**
   * Your payment Lambda function. It receives a payment request
   * ({@code orderId, customerId, name, quantity, restaurantId}) and answers
   * {@code {"status": "APPROVED", "paymentId": ...}} or {@code {"status": "DECLINED", "reason": ...}}.
   * It must be idempotent on {@code orderId}. An error of type
   * {@code dev.orderflow.runtime.payment.InvalidPaymentRequestException} is not retried.
   *
   * @default - a {@link PaymentFunction} with {@link #paymentFunctionProps()}
   */
  Optional<IFunction> paymentFunction();

  /**
   * Any Step Functions task as the payment step, for example a call to a payment API. It gets the
   * order at {@code $.order} and must write the answer described at {@link #paymentFunction()} to
   * {@code $.payment} (set its {@code resultPath} to {@code "$.payment"}). The workflow adds its
   * retries and its failure handling to the task.
   *
   * @default - a {@link PaymentFunction} with {@link #paymentFunctionProps()}
   */
  Optional<TaskStateBase> paymentTask();

  /**
   * Settings of the default payment function.
   *
   * @default - the defaults of {@link PaymentFunctionProps}
   */
  Optional<PaymentFunctionProps> paymentFunctionProps();

  /**
   * Customer-managed KMS key for the state machine (its definition and execution data), its new
   * log group and the default payment function's environment and log group. Step Functions and
   * CloudWatch Logs are allowed to use it in the key's policy.
   *
   * @default - the AWS-owned key of Step Functions, CloudWatch Logs' and Lambda's own encryption
   */
  Optional<IKey> encryptionKey();

  /** Refuses values outside what is allowed, naming the prop; {@code build()} calls it. */
  @Value.Check
  default void check() {
    int paymentSteps = (paymentFunction().isPresent() ? 1 : 0)
        + (paymentTask().isPresent() ? 1 : 0)
        + (paymentFunctionProps().isPresent() ? 1 : 0);
    if (paymentFunctionProps().isPresent() && paymentFunctionProps().get().encryptionKey().isPresent()) {
      throw new IllegalArgumentException("paymentFunctionProps.encryptionKey must not be set: the workflow's"
          + " encryptionKey encrypts the payment function with the rest");
    }
    if (paymentSteps > 1) {
      throw new IllegalArgumentException(
          "paymentFunction, paymentTask and paymentFunctionProps each choose the payment step, but "
              + paymentSteps + " were set: set one of them, or none for the default payment function");
    }
  }

  /** A builder; {@code build()} checks every value and refuses what is not allowed. */
  static ImmutableOrderWorkflowProps.Builder builder() {
    return ImmutableOrderWorkflowProps.builder();
  }
}
