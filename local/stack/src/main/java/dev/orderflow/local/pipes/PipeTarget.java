package dev.orderflow.local.pipes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.orderflow.local.bill.BillingRules;
import dev.orderflow.local.bill.Line;
import dev.orderflow.local.bill.Meter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A pipe's target, told by its ARN's service, and how a batch reaches it: one execution or
 * invocation whose input is the JSON array of the batch's events (Step Functions, Lambda), or one
 * call of the target's batch API with a message per event (SNS, SQS, EventBridge).
 */
final class PipeTarget {

  /** The kinds of target a local pipe can call. */
  enum Kind {
    STATE_MACHINE, TOPIC, QUEUE, FUNCTION, EVENT_BUS
  }

  /**
   * What an event-bus target puts for each event beside its detail.
   *
   * @param source the entry's source, {@code Pipe <name>} unless set
   * @param detailType the entry's detail type, {@code Event from <source type>} unless set
   * @param resources the entry's resources
   * @param time the entry's time, or null for now
   */
  record EventBusEntry(String source, String detailType, java.util.List<String> resources, java.time.Instant time) {
  }

  private final Kind kind;
  private final String arn;
  private final boolean sync;
  private final InputTemplate template;
  private final InputTemplate.Variables variables;
  private final PipeTargets targets;
  private EventBusEntry eventBusEntry;
  private Meter meter = new Meter();
  private String pipeName = "";

  PipeTarget(Kind kind, String arn, boolean sync, InputTemplate template, InputTemplate.Variables variables,
      PipeTargets targets) {
    this.kind = kind;
    this.arn = arn;
    this.sync = sync;
    this.template = template;
    this.variables = variables;
    this.targets = targets;
  }

  /** The kind of a target ARN, or {@code null} when a local pipe cannot call it. */
  static Kind kindOf(String arn) {
    if (arn.startsWith("arn:aws:states:") && arn.contains(":stateMachine:")) {
      return Kind.STATE_MACHINE;
    }
    if (arn.startsWith("arn:aws:sns:")) {
      return Kind.TOPIC;
    }
    if (arn.startsWith("arn:aws:sqs:")) {
      return Kind.QUEUE;
    }
    if (arn.startsWith("arn:aws:lambda:")) {
      return Kind.FUNCTION;
    }
    if (arn.startsWith("arn:aws:events:") && arn.contains(":event-bus/")) {
      return Kind.EVENT_BUS;
    }
    return null;
  }

  /** Sets what an event-bus target puts beside each event's detail. */
  PipeTarget withEventBusEntry(EventBusEntry entry) {
    this.eventBusEntry = entry;
    return this;
  }

  /** Counts each batch delivered into the bill's meter, under the pipe's name. */
  PipeTarget withMeter(Meter meter, String pipeName) {
    this.meter = meter;
    this.pipeName = pipeName;
    return this;
  }

  Kind kind() {
    return kind;
  }

  String arn() {
    return arn;
  }

  /**
   * Delivers a batch in one call of the target. A stream source retries from the first event that
   * failed, as its records keep their order.
   */
  BatchOutcome deliver(List<PipeEvent> batch) {
    // One pipe execution: the batch after filtering, billed per started 64 KB of its events.
    long bytes = 0;
    for (PipeEvent event : batch) {
      bytes += event.event().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
    meter.count(Line.PIPES_REQUESTS, BillingRules.chunks(bytes), pipeName);
    if (kind == Kind.STATE_MACHINE || kind == Kind.FUNCTION) {
      return deliverArray(batch);
    }
    return deliverMessages(batch);
  }

  /**
   * One call of the target's batch API for the whole batch, as Pipes maps a batch to it
   * ({@code PublishBatch}, {@code SendMessageBatch}, {@code PutEvents}): the events that the input
   * template cannot turn into a message, and the entries the target refuses, fail; the others are
   * delivered.
   */
  private BatchOutcome deliverMessages(List<PipeEvent> batch) {
    Set<String> failed = new LinkedHashSet<>();
    String error = null;
    String cause = null;
    List<PipeEvent> sent = new ArrayList<>();
    List<String> messages = new ArrayList<>();
    for (PipeEvent event : batch) {
      String message = template == null ? event.event().toString() : template.render(event, variables).text();
      if (kind == Kind.EVENT_BUS) {
        JsonNode detail = template == null ? event.event() : PipeEvent.parseJson(message);
        if (detail == null || !detail.isObject()) {
          failed.add(event.itemId());
          if (error == null) {
            error = "EventBridge.MalformedDetail";
            cause = "the detail of an event must be a JSON object, but the input template made: " + message;
          }
          continue;
        }
        message = detail.toString();
      }
      sent.add(event);
      messages.add(message);
    }
    if (messages.isEmpty()) {
      return new BatchOutcome(failed, error, cause);
    }
    List<PipeTargets.EntryFailure> refused;
    try {
      refused = switch (kind) {
        case TOPIC -> targets.publishBatch(arn, messages);
        case QUEUE -> targets.sendMessageBatch(arn, messages);
        default -> targets.putEvents(arn, eventBusEntry.source(), eventBusEntry.detailType(), messages,
            eventBusEntry.resources(), eventBusEntry.time());
      };
    } catch (PipeTargetException | RuntimeException e) {
      // The whole call refused: every entry sent failed with it.
      sent.forEach(event -> failed.add(event.itemId()));
      if (error == null) {
        error = e instanceof PipeTargetException p ? p.error() : e.getClass().getSimpleName();
        cause = e instanceof PipeTargetException p ? p.detail() : String.valueOf(e.getMessage());
      }
      return new BatchOutcome(failed, error, cause);
    }
    for (PipeTargets.EntryFailure failure : refused) {
      failed.add(sent.get(failure.index()).itemId());
      if (error == null) {
        error = failure.error();
        cause = failure.cause();
      }
    }
    return failed.isEmpty() ? BatchOutcome.success() : new BatchOutcome(failed, error, cause);
  }

  private BatchOutcome deliverArray(List<PipeEvent> batch) {
    ArrayNode input = JsonNodeFactory.instance.arrayNode();
    for (PipeEvent event : batch) {
      input.add(template == null ? event.event() : template.render(event, variables).payload());
    }
    String answer;
    try {
      if (kind == Kind.FUNCTION) {
        answer = targets.invokeFunction(arn, input.toString());
      } else if (sync) {
        answer = targets.startSyncExecution(arn, input.toString());
      } else {
        targets.startExecution(arn, input.toString());
        return BatchOutcome.success();
      }
    } catch (PipeTargetException e) {
      return BatchOutcome.allFailed(batch, e.error(), e.detail());
    } catch (RuntimeException e) {
      return BatchOutcome.allFailed(batch, e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
    }
    return partialFailures(batch, answer);
  }

  /**
   * A sync target's answer: an object with {@code batchItemFailures} names the events to retry.
   * An entry that names no event of the batch fails the whole batch, as Pipes treats a malformed
   * answer.
   */
  static BatchOutcome partialFailures(List<PipeEvent> batch, String answer) {
    JsonNode parsed = answer == null ? null : PipeEvent.parseJson(answer);
    if (parsed == null || !parsed.isObject() || !parsed.has("batchItemFailures")) {
      return BatchOutcome.success();
    }
    JsonNode failures = parsed.get("batchItemFailures");
    if (failures.isNull() || failures.isArray() && failures.isEmpty()) {
      return BatchOutcome.success();
    }
    Set<String> ids = new HashSet<>();
    batch.forEach(event -> ids.add(event.itemId()));
    if (!failures.isArray()) {
      return BatchOutcome.allFailed(batch, "InvalidBatchItemFailures",
          "batchItemFailures must be an array, but the target answered " + failures);
    }
    Set<String> failed = new LinkedHashSet<>();
    for (JsonNode failure : failures) {
      JsonNode id = failure.get("itemIdentifier");
      if (id == null || !id.isTextual() || !ids.contains(id.asText())) {
        return BatchOutcome.allFailed(batch, "InvalidBatchItemFailures",
            "batchItemFailures names an item that is not in the batch: " + failure);
      }
      failed.add(id.asText());
    }
    return new BatchOutcome(failed, "BatchItemFailures", "the target reported " + failed.size()
        + " of " + batch.size() + " items as failed");
  }
}
