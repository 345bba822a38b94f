package dev.orderflow.local.gateway;

import com.fasterxml.jackson.databind.JsonNode;

/** Observes every call that passes the gateway, once it is answered. */
@FunctionalInterface
public interface CallListener {

  /**
   * One call, answered or failed.
   *
   * @param call what was called, by whom
   * @param answer the answer, or {@code null} when it failed
   * @param failure the failure, or {@code null} when it was answered
   * @param nanos how long the service took
   */
  void called(Call call, JsonNode answer, ServiceException failure, long nanos);

  /**
   * A call through the gateway.
   *
   * @param caller who called
   * @param service the service's prefix
   * @param operation the operation
   * @param request the request
   */
  record Call(Caller caller, String service, String operation, JsonNode request) {

    /** The IAM action, e.g. {@code sqs:SendMessage}. */
    public String action() {
      return service + ":" + operation;
    }
  }
}
