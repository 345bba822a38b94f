package dev.orderflow.local.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Workflows laid out top-down as the Step Functions console draws them. */
class WorkflowGraphTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Map<String, JsonNode> nodes(JsonNode graph) {
    Map<String, JsonNode> byName = new HashMap<>();
    graph.path("nodes").forEach(node -> byName.put(node.path("name").asText(), node));
    return byName;
  }

  @Test
  void drawsStartAboveTheFirstStateAndEndBelowEveryFinalOne() throws Exception {
    JsonNode graph = WorkflowGraph.layout(JSON.readTree("""
        {"StartAt": "Record", "States": {
          "Record": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:updateItem", "Next": "Paid?"},
          "Paid?": {"Type": "Choice", "Choices": [{"Variable": "$.ok", "BooleanEquals": true, "Next": "Done"}],
                    "Default": "Declined"},
          "Done": {"Type": "Succeed"},
          "Declined": {"Type": "Fail", "Error": "Declined"}}}
        """));
    Map<String, JsonNode> nodes = nodes(graph);

    assertThat(nodes.keySet()).containsExactlyInAnyOrder("Start", "Record", "Paid?", "Done", "Declined", "End");
    assertThat(nodes.get("Start").path("y").asInt()).isLessThan(nodes.get("Record").path("y").asInt());
    assertThat(nodes.get("Record").path("y").asInt()).isLessThan(nodes.get("Paid?").path("y").asInt());
    // The Choice's two ways sit side by side, in one row below it.
    assertThat(nodes.get("Done").path("y").asInt()).isEqualTo(nodes.get("Declined").path("y").asInt())
        .isGreaterThan(nodes.get("Paid?").path("y").asInt());
    assertThat(nodes.get("Done").path("x").asInt()).isNotEqualTo(nodes.get("Declined").path("x").asInt());
    assertThat(nodes.get("End").path("y").asInt()).isGreaterThan(nodes.get("Done").path("y").asInt());
    assertThat(graph.path("edges").toString()).contains(
        "{\"from\":\"Paid?\",\"to\":\"Done\",\"kind\":\"choice\",\"back\":false}",
        "{\"from\":\"Paid?\",\"to\":\"Declined\",\"kind\":\"default\",\"back\":false}",
        "{\"from\":\"Declined\",\"to\":\"End\",\"kind\":\"next\",\"back\":false}");
    assertThat(graph.path("height").asInt()).isGreaterThan(nodes.get("End").path("y").asInt());
  }

  @Test
  void marksALoopBackToAnEarlierStateSoItIsDrawnAroundTheStates() throws Exception {
    JsonNode graph = WorkflowGraph.layout(JSON.readTree("""
        {"StartAt": "Poll", "States": {
          "Poll": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "Ready?",
                   "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Gave up"}]},
          "Ready?": {"Type": "Choice", "Choices": [{"Variable": "$.ready", "BooleanEquals": false, "Next": "Poll"}],
                     "Default": "Ready"},
          "Ready": {"Type": "Pass", "End": true},
          "Gave up": {"Type": "Fail"}}}
        """));

    assertThat(graph.path("edges").toString())
        .contains("{\"from\":\"Ready?\",\"to\":\"Poll\",\"kind\":\"choice\",\"back\":true}")
        .contains("{\"from\":\"Poll\",\"to\":\"Gave up\",\"kind\":\"catch\",\"back\":false}");
    assertThat(nodes(graph).get("Ready?").path("y").asInt()).isGreaterThan(nodes(graph).get("Poll").path("y").asInt());
  }

  @Test
  void drawsAMapStateAsABoxAroundTheStatesOfEachItem() throws Exception {
    JsonNode graph = WorkflowGraph.layout(JSON.readTree("""
        {"StartAt": "Each", "States": {
          "Each": {"Type": "Map", "ItemProcessor": {"StartAt": "Parse", "States": {
              "Parse": {"Type": "Pass", "Next": "Pay"},
              "Pay": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}},
            "Next": "Answer"},
          "Answer": {"Type": "Pass", "End": true}}}
        """));
    Map<String, JsonNode> nodes = nodes(graph);
    JsonNode box = nodes.get("Each");

    assertThat(box.path("container").asBoolean()).isTrue();
    for (String inner : new String[] {"Parse", "Pay"}) {
      JsonNode node = nodes.get(inner);
      assertThat(node.path("parent").asText()).isEqualTo("Each");
      assertThat(node.path("x").asInt()).isGreaterThan(box.path("x").asInt());
      assertThat(node.path("y").asInt() + node.path("height").asInt())
          .isLessThan(box.path("y").asInt() + box.path("height").asInt());
    }
    assertThat(nodes.get("Pay").path("y").asInt()).isGreaterThan(nodes.get("Parse").path("y").asInt());
    assertThat(nodes.get("Answer").path("y").asInt()).isGreaterThanOrEqualTo(box.path("y").asInt()
        + box.path("height").asInt());
    // Only the outer scope has Start and End.
    assertThat(graph.path("edges").toString()).doesNotContain("\"from\":\"Pay\",\"to\":\"End\"");
  }
}
