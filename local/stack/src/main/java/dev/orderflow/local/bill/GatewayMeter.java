package dev.orderflow.local.bill;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderflow.local.gateway.CallListener;
import dev.orderflow.local.gateway.ServiceException;
import java.nio.charset.StandardCharsets;

/**
 * Meters the calls between the stack's resources that pass the gateway: SQS requests, SNS
 * publishes, EventBridge events, DynamoDB request units. Calls of the local user (tests, tools,
 * the AWS endpoint, the system's own look at its queues) are not the stack's and are not counted.
 * Lambda invocations and state machine executions are metered where they run, which knows their
 * duration; AppSync operations where the endpoint executes them.
 */
public final class GatewayMeter implements CallListener {

  private final Meter meter;

  /**
   * A listener that counts into a meter.
   *
   * @param meter the meter
   */
  public GatewayMeter(Meter meter) {
    this.meter = meter;
  }

  @Override
  public void called(Call call, JsonNode answer, ServiceException failure, long nanos) {
    if (!call.caller().judged()) {
      return;
    }
    String detail = call.operation();
    switch (call.service()) {
      case "sqs" -> {
        if (answer != null) {
          meter.count(Line.SQS_REQUESTS, BillingRules.chunks(sqsPayload(call.operation(), call.request(), answer)),
              call.operation().equals("ReceiveMessage") && answer.path("Messages").isEmpty()
                  ? "ReceiveMessage (empty)" : detail);
        }
      }
      case "sns" -> {
        if (answer != null && call.operation().startsWith("Publish")) {
          meter.count(Line.SNS_PUBLISHES, BillingRules.chunks(snsPayload(call.request())), detail);
        }
      }
      case "events" -> {
        if (answer != null && call.operation().equals("PutEvents")) {
          JsonNode results = answer.path("Entries");
          JsonNode entries = call.request().path("Entries");
          for (int i = 0; i < entries.size(); i++) {
            if (!results.path(i).hasNonNull("ErrorCode")) {
              meter.count(Line.EVENTBRIDGE_EVENTS, BillingRules.chunks(eventSize(entries.get(i))),
                  entries.get(i).path("DetailType").asText(detail));
            }
          }
        }
      }
      default -> {
        // DynamoDB is metered by its service, which knows the items' sizes; the rest where they run.
      }
    }
  }

  /** The payload of an SQS call: the bodies and attributes it sends or receives. */
  static long sqsPayload(String operation, JsonNode request, JsonNode answer) {
    return switch (operation) {
      case "SendMessage" -> message(request);
      case "SendMessageBatch" -> {
        long bytes = 0;
        for (JsonNode entry : request.path("Entries")) {
          bytes += message(entry);
        }
        yield bytes;
      }
      case "ReceiveMessage" -> {
        long bytes = 0;
        for (JsonNode message : answer.path("Messages")) {
          bytes += message(message);
        }
        yield bytes;
      }
      default -> 0;
    };
  }

  /** A message's body and its attributes' names and values, as SQS counts a message's size. */
  private static long message(JsonNode message) {
    long bytes = utf8(message.path(message.has("MessageBody") ? "MessageBody" : "Body").asText(""));
    var attributes = message.path("MessageAttributes").fields();
    while (attributes.hasNext()) {
      var attribute = attributes.next();
      bytes += utf8(attribute.getKey()) + utf8(attribute.getValue().path("DataType").asText(""))
          + utf8(attribute.getValue().path("StringValue").asText(""));
    }
    return bytes;
  }

  private static long snsPayload(JsonNode request) {
    if (request.has("PublishBatchRequestEntries")) {
      long bytes = 0;
      for (JsonNode entry : request.path("PublishBatchRequestEntries")) {
        bytes += utf8(entry.path("Message").asText(""));
      }
      return bytes;
    }
    return utf8(request.path("Message").asText(""));
  }

  /** An entry's size as EventBridge computes it: source, detail type, detail, resources, and 14 bytes of time. */
  static long eventSize(JsonNode entry) {
    long bytes = utf8(entry.path("Source").asText("")) + utf8(entry.path("DetailType").asText(""))
        + utf8(entry.path("Detail").asText(""));
    for (JsonNode resource : entry.path("Resources")) {
      bytes += utf8(resource.asText());
    }
    return bytes + (entry.hasNonNull("Time") ? 14 : 0);
  }

  private static long utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }
}
