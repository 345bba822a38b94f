package dev.orderflow.local.pipes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One event on its way through a pipe.
 *
 * @param itemId what a target names in {@code batchItemFailures}: an SQS message id or a stream
 *     record's sequence number
 * @param event the event as the source gives it to the pipe (an SQS body stays a string)
 * @param view the event with a JSON SQS body parsed in place: what filters and input template
 *     paths see ("implicit body data parsing")
 * @param ingestedAt when the pipe received the event
 * @param receiptHandle the SQS receipt handle, or {@code null} for a stream record
 * @param createdAtSeconds the stream record's ApproximateCreationDateTime, or 0 for a message
 */
record PipeEvent(String itemId, ObjectNode event, JsonNode view, Instant ingestedAt, String receiptHandle,
    long createdAtSeconds) {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The event as Pipes gives an SQS message: the body parsed in the view when it is JSON. */
  static PipeEvent fromMessage(String messageId, ObjectNode event, String receiptHandle, Instant now) {
    ObjectNode view = event;
    JsonNode body = event.get("body");
    if (body != null && body.isTextual()) {
      JsonNode parsed = parseJson(body.asText());
      if (parsed != null) {
        view = event.deepCopy();
        view.set("body", parsed);
      }
    }
    return new PipeEvent(messageId, event, view, now, receiptHandle, 0);
  }

  /** A stream record; its view is the record itself. */
  static PipeEvent fromStreamRecord(String sequenceNumber, ObjectNode record, long createdAtSeconds, Instant now) {
    return new PipeEvent(sequenceNumber, record, record, now, null, createdAtSeconds);
  }

  /** The text parsed as one JSON value, or {@code null} when it is not JSON. */
  static JsonNode parseJson(String text) {
    String trimmed = text.strip();
    if (trimmed.isEmpty()) {
      return null;
    }
    try {
      return MAPPER.readTree(trimmed);
    } catch (Exception e) {
      return null;
    }
  }
}
