package dev.orderflow.local.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The path an execution took, read from a history in Step Functions' event format. */
class ExecutionPathTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ArrayNode events = JSON.createArrayNode();

  private ObjectNode event(String type) {
    return events.addObject().put("id", events.size() + 1).put("previousEventId", events.size())
        .put("timestamp", 1_700_000_000.0 + events.size()).put("type", type);
  }

  private void entered(String type, String name, String input) {
    event(type + "StateEntered").putObject("stateEnteredEventDetails").put("name", name).put("input", input);
  }

  private void exited(String type, String name, String output) {
    event(type + "StateExited").putObject("stateExitedEventDetails").put("name", name).put("output", output);
  }

  private void task(String parameters, String output, String error) {
    event("TaskScheduled").putObject("taskScheduledEventDetails").put("resourceType", "lambda")
        .put("resource", "invoke").put("parameters", parameters);
    event("TaskStarted");
    if (error == null) {
      event("TaskSucceeded").putObject("taskSucceededEventDetails").put("output", output);
    } else {
      event("TaskFailed").putObject("taskFailedEventDetails").put("error", error).put("cause", "it broke");
    }
  }

  @Test
  void showsEachStateWithItsInputOutputAndEveryAttemptOfARetriedTask() {
    event("ExecutionStarted");
    entered("Pass", "Parse", "{\"id\":\"o-1\"}");
    exited("Pass", "Parse", "{\"id\":\"o-1\"}");
    entered("Task", "Pay", "{\"id\":\"o-1\"}");
    task("{\"orderId\":\"o-1\"}", null, "Gateway.Timeout");
    task("{\"orderId\":\"o-1\"}", "{\"outcome\":\"APPROVED\"}", null);
    exited("Task", "Pay", "{\"outcome\":\"APPROVED\"}");
    event("ExecutionSucceeded");

    JsonNode visits = ExecutionPath.visits(events);

    assertThat(visits).hasSize(2);
    assertThat(visits.get(0).path("name").asText()).isEqualTo("Parse");
    assertThat(visits.get(0).path("status").asText()).isEqualTo("SUCCEEDED");
    JsonNode pay = visits.get(1);
    assertThat(pay.path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(pay.path("retries").asInt()).isEqualTo(1);
    assertThat(pay.path("tasks").get(0).path("error").asText()).isEqualTo("Gateway.Timeout");
    assertThat(pay.path("tasks").get(1).path("request").asText()).contains("o-1");
    assertThat(pay.path("tasks").get(1).path("answer").asText()).contains("APPROVED");
    assertThat(pay.path("output").asText()).contains("APPROVED");
  }

  @Test
  void tellsACaughtTaskFromTheFailStateThatEndedTheExecution() {
    event("ExecutionStarted");
    entered("Task", "Pay", "{}");
    task("{}", null, "States.TaskFailed");
    entered("Fail", "PaymentFailed", "{}");
    event("ExecutionFailed").putObject("executionFailedEventDetails").put("error", "PaymentFailed");

    JsonNode visits = ExecutionPath.visits(events);

    assertThat(visits.get(0).path("status").asText()).isEqualTo("CAUGHT");
    assertThat(visits.get(0).path("tasks").get(0).path("cause").asText()).isEqualTo("it broke");
    assertThat(visits.get(1).path("status").asText()).isEqualTo("FAILED");
  }

  @Test
  void leavesTheStateOfARunningExecutionRunning() {
    event("ExecutionStarted");
    entered("Task", "Pay", "{}");
    event("TaskScheduled").putObject("taskScheduledEventDetails").put("parameters", "{}");

    assertThat(ExecutionPath.visits(events).get(0).path("status").asText()).isEqualTo("RUNNING");
  }

  @Test
  void failsTheTaskWhoseErrorNothingCaught() {
    event("ExecutionStarted");
    entered("Task", "Pay", "{}");
    task("{}", null, "States.Timeout");
    event("ExecutionFailed");

    assertThat(ExecutionPath.visits(events).get(0).path("status").asText()).isEqualTo("FAILED");
  }
}
