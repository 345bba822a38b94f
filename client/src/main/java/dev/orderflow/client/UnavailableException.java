package dev.orderflow.client;

/**
 * The API could not be reached, did not answer in time, or answered with a server error, and the
 * call was not retried or retries ran out.
 */
public class UnavailableException extends OrderApiException {

  private static final long serialVersionUID = 1L;

  /**
   * An unreachable or failing API.
   *
   * @param message what failed, naming the URL
   * @param statusCode the HTTP status, or 0 when no answer came
   * @param cause the underlying failure, or null
   */
  public UnavailableException(String message, int statusCode, Throwable cause) {
    super(message, null, statusCode, cause);
  }
}
