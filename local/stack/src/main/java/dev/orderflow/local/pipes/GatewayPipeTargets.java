package dev.orderflow.local.pipes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.gateway.CallGateway;
import dev.orderflow.local.gateway.Caller;
import dev.orderflow.local.gateway.ServiceException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A pipe's targets reached through the gateway as the pipe's role. A call that the service or IAM
 * refuses is a target failure, named as Pipes names it: the batch is retried, and at last goes to
 * the dead-letter queue.
 */
final class GatewayPipeTargets implements PipeTargets {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final CallGateway gateway;
  private final Caller caller;

  GatewayPipeTargets(CallGateway gateway, Caller caller) {
    this.gateway = gateway;
    this.caller = caller;
  }

  @Override
  public String startSyncExecution(String stateMachineArn, String input) throws PipeTargetException {
    JsonNode answer = call("states", "StartSyncExecution",
        JSON.createObjectNode().put("stateMachineArn", stateMachineArn).put("input", input), "StepFunctions.");
    if (!"SUCCEEDED".equals(answer.path("status").asText())) {
      throw new PipeTargetException(answer.path("error").asText(answer.path("status").asText()),
          answer.path("cause").asText(null));
    }
    return answer.path("output").asText();
  }

  @Override
  public void startExecution(String stateMachineArn, String input) throws PipeTargetException {
    call("states", "StartExecution", JSON.createObjectNode().put("stateMachineArn", stateMachineArn)
        .put("input", input), "StepFunctions.");
  }

  @Override
  public void publish(String topicArn, String message) throws PipeTargetException {
    call("sns", "Publish", JSON.createObjectNode().put("TopicArn", topicArn).put("Message", message), "SNS.");
  }

  @Override
  public void sendMessage(String queueArn, String body) throws PipeTargetException {
    call("sqs", "SendMessage", JSON.createObjectNode().put("QueueUrl", queueArn).put("MessageBody", body), "SQS.");
  }

  @Override
  public String invokeFunction(String functionArn, String payload) throws PipeTargetException {
    ObjectNode request = JSON.createObjectNode().put("FunctionName", functionArn);
    try {
      request.set("Payload", JSON.readTree(payload));
    } catch (IOException e) {
      throw new PipeTargetException("Lambda.InvalidRequestContentException", "the payload is not JSON: " + payload);
    }
    JsonNode answer = call("lambda", "Invoke", request, "Lambda.");
    if (answer.hasNonNull("FunctionError")) {
      throw new PipeTargetException(answer.path("Payload").path("errorType").asText("Lambda.Unknown"),
          answer.path("Payload").toString());
    }
    JsonNode result = answer.path("Payload");
    return result.isTextual() ? result.asText() : result.toString();
  }

  @Override
  public void putEvent(String eventBusArn, String source, String detailType, String detail, List<String> resources,
      Instant time) throws PipeTargetException {
    List<EntryFailure> failed = putEvents(eventBusArn, source, detailType, List.of(detail), resources, time);
    if (!failed.isEmpty()) {
      throw new PipeTargetException(failed.get(0).error(), failed.get(0).cause());
    }
  }

  @Override
  public List<EntryFailure> publishBatch(String topicArn, List<String> messages) throws PipeTargetException {
    return batch("sns", "PublishBatch", JSON.createObjectNode().put("TopicArn", topicArn),
        "PublishBatchRequestEntries", "Message", messages, "SNS.");
  }

  @Override
  public List<EntryFailure> sendMessageBatch(String queueArn, List<String> bodies) throws PipeTargetException {
    return batch("sqs", "SendMessageBatch", JSON.createObjectNode().put("QueueUrl", queueArn), "Entries",
        "MessageBody", bodies, "SQS.");
  }

  /**
   * One batch call whose entries are named by their place ({@code Id} 0, 1, ...) and whose answer
   * lists the refused ones under {@code Failed}, as SNS's and SQS's batch calls do.
   */
  private List<EntryFailure> batch(String service, String operation, ObjectNode request, String entriesField,
      String textField, List<String> texts, String errorPrefix) throws PipeTargetException {
    ArrayNode entries = request.putArray(entriesField);
    for (int i = 0; i < texts.size(); i++) {
      entries.addObject().put("Id", String.valueOf(i)).put(textField, texts.get(i));
    }
    List<EntryFailure> failures = new ArrayList<>();
    for (JsonNode failed : call(service, operation, request, errorPrefix).path("Failed")) {
      failures.add(new EntryFailure(Integer.parseInt(failed.path("Id").asText()),
          errorPrefix + failed.path("Code").asText(), failed.path("Message").asText()));
    }
    return failures;
  }

  @Override
  public List<EntryFailure> putEvents(String eventBusArn, String source, String detailType, List<String> details,
      List<String> resources, Instant time) throws PipeTargetException {
    ObjectNode request = JSON.createObjectNode();
    ArrayNode entries = request.putArray("Entries");
    for (String detail : details) {
      ObjectNode entry = entries.addObject().put("EventBusName", eventBusArn).put("Source", source)
          .put("DetailType", detailType).put("Detail", detail);
      resources.forEach(entry.putArray("Resources")::add);
      if (time != null) {
        entry.put("Time", time.toString());
      }
    }
    JsonNode results = call("events", "PutEvents", request, "EventBridge.").path("Entries");
    List<EntryFailure> failures = new ArrayList<>();
    for (int i = 0; i < details.size(); i++) {
      JsonNode result = results.path(i);
      if (result.hasNonNull("ErrorCode")) {
        failures.add(new EntryFailure(i, "EventBridge." + result.get("ErrorCode").asText(),
            result.path("ErrorMessage").asText()));
      }
    }
    return failures;
  }

  private JsonNode call(String service, String operation, ObjectNode request, String errorPrefix)
      throws PipeTargetException {
    try {
      return gateway.call(caller, service, operation, request);
    } catch (ServiceException e) {
      throw new PipeTargetException(errorPrefix + e.code(), e.getMessage());
    }
  }
}
