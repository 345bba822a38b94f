package dev.orderflow.local.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The path an execution took, read from its history: each state it entered, in order, with its
 * input, its output, every task call it made (request, answer or error, so a retried task shows
 * each attempt) and how it ended.
 *
 * <p>A visit's {@code status} is {@code SUCCEEDED} (the state exited), {@code CAUGHT} (its task
 * failed and a Catch led on), {@code FAILED} (the execution failed there: a Fail state, or a task
 * whose error nothing caught), or {@code RUNNING}.
 */
public final class ExecutionPath {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String ENTERED = "StateEntered";
  private static final String EXITED = "StateExited";

  private ExecutionPath() {
  }

  /**
   * The visits of an execution's states.
   *
   * @param events the execution's history, in Step Functions' event format, oldest first
   * @return one object per state entered: {@code name}, {@code type}, {@code status},
   *     {@code input}, {@code output}, {@code enteredAt}, {@code exitedAt}, {@code tasks} (each
   *     with {@code resource}, {@code resourceType}, {@code request}, and {@code answer} or
   *     {@code error} and {@code cause}) and {@code retries}
   */
  public static ArrayNode visits(JsonNode events) {
    List<ObjectNode> visits = new ArrayList<>();
    ObjectNode task = null;
    String executionEnd = null;
    for (JsonNode event : events) {
      String type = event.path("type").asText();
      if (type.endsWith(ENTERED)) {
        JsonNode details = event.path("stateEnteredEventDetails");
        ObjectNode visit = NODES.objectNode().put("name", details.path("name").asText())
            .put("type", type.substring(0, type.length() - ENTERED.length())).put("status", "RUNNING")
            .put("input", details.path("input").asText(null)).putNull("output")
            .put("enteredAt", event.path("timestamp").asDouble()).putNull("exitedAt").put("retries", 0);
        visit.putArray("tasks");
        visit.put("eventId", event.path("id").asInt());
        visits.add(visit);
      } else if (type.endsWith(EXITED)) {
        JsonNode details = event.path("stateExitedEventDetails");
        ObjectNode visit = open(visits, details.path("name").asText());
        if (visit != null) {
          visit.put("status", "SUCCEEDED").put("output", details.path("output").asText(null))
              .put("exitedAt", event.path("timestamp").asDouble());
        }
      } else if (type.equals("TaskScheduled")) {
        ObjectNode visit = openTask(visits);
        JsonNode details = event.path("taskScheduledEventDetails");
        task = NODES.objectNode().put("resourceType", details.path("resourceType").asText())
            .put("resource", details.path("resource").asText()).put("request", details.path("parameters").asText(null))
            .put("scheduledAt", event.path("timestamp").asDouble());
        if (visit != null) {
          ArrayNode tasks = (ArrayNode) visit.get("tasks");
          tasks.add(task);
          visit.put("retries", tasks.size() - 1);
        }
      } else if (type.equals("TaskSucceeded") && task != null) {
        task.put("answer", event.path("taskSucceededEventDetails").path("output").asText(null));
      } else if ((type.equals("TaskFailed") || type.equals("TaskTimedOut")) && task != null) {
        JsonNode details = event.path(type.equals("TaskFailed") ? "taskFailedEventDetails" : "taskTimedOutEventDetails");
        task.put("error", details.path("error").asText(null)).put("cause", details.path("cause").asText(null));
      } else if (type.startsWith("Execution") && !type.equals("ExecutionStarted")) {
        executionEnd = type;
      }
    }
    settle(visits, executionEnd);
    ArrayNode out = NODES.arrayNode();
    visits.forEach(out::add);
    return out;
  }

  /** Ends the visits that no StateExited ended: caught, or where the execution stopped. */
  private static void settle(List<ObjectNode> visits, String executionEnd) {
    for (int i = 0; i < visits.size(); i++) {
      ObjectNode visit = visits.get(i);
      if (!visit.path("status").asText().equals("RUNNING")) {
        continue;
      }
      boolean later = visits.subList(i + 1, visits.size()).stream()
          .anyMatch(next -> !next.path("name").asText().equals(visit.path("name").asText()));
      JsonNode tasks = visit.path("tasks");
      boolean taskFailed = !tasks.isEmpty() && tasks.get(tasks.size() - 1).has("error");
      if (visit.path("type").asText().equals("Fail")) {
        visit.put("status", "FAILED");
      } else if (taskFailed && later) {
        visit.put("status", "CAUGHT");
      } else if (executionEnd != null && !executionEnd.equals("ExecutionSucceeded")) {
        visit.put("status", "FAILED");
      } else if (later || executionEnd != null) {
        // Entered and left without an exit event of its own (a state inside a branch that ended).
        visit.put("status", "SUCCEEDED");
      }
    }
  }

  private static ObjectNode open(List<ObjectNode> visits, String name) {
    for (int i = visits.size() - 1; i >= 0; i--) {
      ObjectNode visit = visits.get(i);
      if (visit.path("name").asText().equals(name) && visit.path("status").asText().equals("RUNNING")) {
        return visit;
      }
    }
    return null;
  }

  private static ObjectNode openTask(List<ObjectNode> visits) {
    for (int i = visits.size() - 1; i >= 0; i--) {
      ObjectNode visit = visits.get(i);
      if (visit.path("type").asText().equals("Task") && visit.path("status").asText().equals("RUNNING")) {
        return visit;
      }
    }
    return null;
  }
}
