package dev.orderflow.local.appsync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderflow.local.gateway.Caller;

/**
 * Invokes a Lambda function for an AWS_LAMBDA data source: the local system hands one to the endpoint,
 * usually backed by its local Lambda functions.
 */
@FunctionalInterface
public interface LambdaInvoker {

  /**
   * Invokes a function synchronously.
   *
   * @param caller the data source's role
   * @param functionArn the data source's {@code LambdaFunctionArn}, resolved
   * @param payload the payload that the resolver's request object gives
   * @return the function's answer
   * @throws FunctionError when the function fails; AppSync gives its message to {@code ctx.error}
   */
  JsonNode invoke(Caller caller, String functionArn, JsonNode payload);

  /** A failed invocation: the function's error type and message. */
  final class FunctionError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The function's error type, e.g. {@code java.lang.IllegalArgumentException}. */
    private final String errorType;

    /**
     * A failed invocation.
     *
     * @param errorType the function's error type
     * @param message the function's error message
     */
    public FunctionError(String errorType, String message) {
      super(message);
      this.errorType = errorType;
    }

    /**
     * The function's error type.
     *
     * @return the type, e.g. {@code java.lang.IllegalArgumentException}
     */
    public String errorType() {
      return errorType;
    }
  }
}
