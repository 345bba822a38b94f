package dev.orderflow.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A function's unhandled error, as Lambda reports it: the error payload
 * {@code {errorMessage, errorType, stackTrace}} of an invocation that answered with
 * {@code FunctionError: Unhandled}.
 */
public final class LambdaFunctionException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The {@code errorType} of a function that ran past its timeout. */
  public static final String TIMEOUT_ERROR_TYPE = "Sandbox.Timedout";

  private final String functionName;
  private final transient JsonNode errorPayload;

  /**
   * An error from an invocation's result.
   *
   * @param functionName the function that failed
   * @param errorPayload the error payload Lambda answered
   */
  public LambdaFunctionException(String functionName, JsonNode errorPayload) {
    super(functionName + " failed: " + errorPayload.path("errorType").asText("(no errorType)") + ": "
        + errorPayload.path("errorMessage").asText(""));
    this.functionName = functionName;
    this.errorPayload = errorPayload;
  }

  /**
   * The function that failed.
   *
   * @return its name
   */
  public String functionName() {
    return functionName;
  }

  /**
   * The error payload as Lambda answers it.
   *
   * @return {@code {errorMessage, errorType, stackTrace[, cause]}}
   */
  public JsonNode errorPayload() {
    return errorPayload;
  }

  /**
   * The error type: the exception's class name, or {@link #TIMEOUT_ERROR_TYPE}.
   *
   * @return the {@code errorType}, or null when the payload has none
   */
  public String errorType() {
    JsonNode t = errorPayload.get("errorType");
    return t == null ? null : t.asText();
  }

  /**
   * The error message.
   *
   * @return the {@code errorMessage}
   */
  public String errorMessage() {
    return errorPayload.path("errorMessage").asText("");
  }

  /**
   * The stack trace lines.
   *
   * @return the {@code stackTrace} entries
   */
  public List<String> stackTraceLines() {
    List<String> lines = new ArrayList<>();
    errorPayload.path("stackTrace").forEach(l -> lines.add(l.asText()));
    return lines;
  }

  /**
   * Whether the function ran past its timeout.
   *
   * @return true for a timeout
   */
  public boolean timedOut() {
    return TIMEOUT_ERROR_TYPE.equals(errorType());
  }

  /**
   * The error as a Step Functions task sees it.
   *
   * @return its error name and cause
   */
  public StepFunctionsError stepFunctionsError() {
    return StepFunctionsError.of(this);
  }
}
