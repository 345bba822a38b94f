package dev.orderflow.local.pipes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How a pipe reads its source queue: SQS operations in the SQS JSON protocol's shapes
 * ({@code ReceiveMessage}, {@code DeleteMessageBatch}, {@code ChangeMessageVisibilityBatch}). The
 * request's {@code QueueUrl} holds the queue's ARN; the implementation finds the queue by it. The
 * local system makes these calls through its gateway, as the pipe's role.
 */
@FunctionalInterface
public interface SourceQueue {

  /**
   * One SQS call.
   *
   * @param operation e.g. {@code ReceiveMessage}
   * @param request the request, its {@code QueueUrl} the queue's ARN
   * @return the answer
   * @throws RuntimeException when the call fails; the pipe logs it and polls again
   */
  JsonNode call(String operation, ObjectNode request);
}
