package dev.orderflow.client;

import java.util.Optional;

/**
 * An error the order API answered, or the failure to reach it. Subclasses say what a caller can do
 * about it; {@link #errorType()} is the API's own name for the error.
 */
public class OrderApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The API's errorType, or null when it gave none. */
  private final String errorType;
  /** The HTTP status, or 0 when no answer came. */
  private final int statusCode;

  /**
   * An error of the API.
   *
   * @param message what went wrong, as the API said it
   * @param errorType the API's errorType, or null
   * @param statusCode the HTTP status, or 0 when there was no answer
   * @param cause the underlying failure, or null
   */
  public OrderApiException(String message, String errorType, int statusCode, Throwable cause) {
    super(message, cause);
    this.errorType = errorType;
    this.statusCode = statusCode;
  }

  /** The API's errorType, e.g. {@code OrderQueueError}, when it gave one. */
  public Optional<String> errorType() {
    return Optional.ofNullable(errorType);
  }

  /** The HTTP status of the answer, or 0 when none came. */
  public int statusCode() {
    return statusCode;
  }

  /** A short name of the kind of error, for counting them: the errorType, else the class. */
  public String kind() {
    return errorType != null ? errorType : getClass().getSimpleName();
  }
}
