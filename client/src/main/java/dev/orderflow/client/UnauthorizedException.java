package dev.orderflow.client;

/** The API did not accept the caller's credentials for this call (AppSync's 401 or 403). */
public class UnauthorizedException extends OrderApiException {

  private static final long serialVersionUID = 1L;

  /**
   * A refused caller.
   *
   * @param message the API's message
   * @param errorType the API's errorType
   * @param statusCode the HTTP status
   */
  public UnauthorizedException(String message, String errorType, int statusCode) {
    super(message, errorType, statusCode, null);
  }
}
