package dev.orderflow.local.lambda;

/**
 * A Lambda failure as a Step Functions task sees it: the error name that {@code Retry} and
 * {@code Catch} match, and the cause.
 *
 * <p>As Step Functions reports a function's unhandled error: the error name is the function's
 * {@code errorType} (a Java exception's class name, or {@code Sandbox.Timedout} for a timeout),
 * or {@code Lambda.Unknown} when the payload has none; the cause is the error payload as a JSON
 * string. Every one of them also matches {@code States.ALL} and {@code States.TaskFailed}.
 *
 * @param error the error name
 * @param cause the cause
 */
public record StepFunctionsError(String error, String cause) {

  /** The name Step Functions gives a Lambda error without an {@code errorType}. */
  public static final String LAMBDA_UNKNOWN = "Lambda.Unknown";

  /**
   * The Step Functions view of a function error.
   *
   * @param failure the function's error
   * @return the error name and cause
   */
  public static StepFunctionsError of(LambdaFunctionException failure) {
    String type = failure.errorType();
    return new StepFunctionsError(type == null || type.isEmpty() ? LAMBDA_UNKNOWN : type, failure.errorPayload().toString());
  }
}
