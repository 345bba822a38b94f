package dev.orderflow.client;

/** The API asked the caller to slow down (HTTP 429 or a throttling errorType) and retries ran out. */
public class ThrottlingException extends OrderApiException {

  private static final long serialVersionUID = 1L;

  /**
   * A throttled call.
   *
   * @param message the API's message
   * @param errorType the API's errorType, or null
   * @param statusCode the HTTP status
   */
  public ThrottlingException(String message, String errorType, int statusCode) {
    super(message, errorType, statusCode, null);
  }
}
