package dev.orderflow.local.gateway;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A call through the gateway that a service refused or failed, with the error code the service
 * gives (e.g. {@code ConditionalCheckFailedException}, {@code AccessDeniedException}).
 */
public final class ServiceException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String service;
  private final String code;
  private final int status;
  private final transient JsonNode details;

  /**
   * An error answered by a service.
   *
   * @param service the service's prefix, e.g. {@code dynamodb}
   * @param code the error code, e.g. {@code ResourceNotFoundException}
   * @param status the HTTP status AWS answers it with
   * @param message the error's message
   */
  public ServiceException(String service, String code, int status, String message) {
    this(service, code, status, message, null);
  }

  /**
   * An error answered by a service, with fields beyond its code and message.
   *
   * @param service the service's prefix, e.g. {@code dynamodb}
   * @param code the error code, e.g. {@code TransactionCanceledException}
   * @param status the HTTP status AWS answers it with
   * @param message the error's message
   * @param details the error's other fields (e.g. {@code CancellationReasons}), or {@code null}
   */
  public ServiceException(String service, String code, int status, String message, JsonNode details) {
    super(message);
    this.service = service;
    this.code = code;
    this.status = status;
    this.details = details;
  }

  /** The error's fields beyond its code and message, or {@code null}. */
  public JsonNode details() {
    return details;
  }

  /** The service's prefix, e.g. {@code dynamodb}. */
  public String service() {
    return service;
  }

  /** The error code, e.g. {@code AccessDeniedException}. */
  public String code() {
    return code;
  }

  /** The HTTP status AWS answers this error with. */
  public int status() {
    return status;
  }

  /** Whether IAM refused the call. */
  public boolean accessDenied() {
    return "AccessDeniedException".equals(code);
  }
}
