package dev.orderflow.local.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the runner checks in a definition before it hands it to the engine: every Task state,
 * including those in Map item processors and Parallel branches, has a Resource that the task handler
 * supports; Task state names are unambiguous; the query language is JSONPath.
 */
final class DefinitionCheck {

  private DefinitionCheck() {
  }

  /** Every problem found, each naming the state and what is wrong; empty when the definition can run. */
  static List<String> problems(JsonNode definition, TaskHandler handler) {
    List<String> problems = new ArrayList<>();
    if (!definition.isObject() || !definition.path("States").isObject()) {
      problems.add("the definition has no States object");
      return problems;
    }
    Map<String, String> resources = new LinkedHashMap<>();
    walk(definition, handler, resources, problems);
    return problems;
  }

  private static void walk(JsonNode machine, TaskHandler handler, Map<String, String> resources,
      List<String> problems) {
    checkQueryLanguage("the definition", machine, problems);
    machine.path("States").properties().forEach(entry -> {
      String name = entry.getKey();
      JsonNode state = entry.getValue();
      checkQueryLanguage("state '" + name + "'", state, problems);
      String type = state.path("Type").asText();
      if ("Task".equals(type)) {
        checkTask(name, state, handler, resources, problems);
      }
      JsonNode processor = state.has("ItemProcessor") ? state.get("ItemProcessor") : state.get("Iterator");
      if (processor != null) {
        walk(processor, handler, resources, problems);
      }
      for (JsonNode branch : state.path("Branches")) {
        walk(branch, handler, resources, problems);
      }
    });
  }

  private static void checkTask(String name, JsonNode state, TaskHandler handler, Map<String, String> resources,
      List<String> problems) {
    JsonNode resourceNode = state.get("Resource");
    if (resourceNode == null || !resourceNode.isTextual()) {
      problems.add("Task state '" + name + "' has no Resource string");
      return;
    }
    String resource = resourceNode.asText();
    String earlier = resources.putIfAbsent(name, resource);
    if (earlier != null && !earlier.equals(resource)) {
      // The engine finds a Task state's handler by its name alone, and Step Functions wants state
      // names unique in the whole definition anyway.
      problems.add("two Task states are named '" + name + "', with Resources '" + earlier + "' and '" + resource
          + "': state names must be unique in the whole definition, Map and Parallel states included");
      return;
    }
    if (earlier == null && !handler.supports(resource)) {
      problems.add("Task state '" + name + "' has Resource '" + resource + "', which is not supported here;"
          + " supported: " + handler.supportedResources());
    }
  }

  private static void checkQueryLanguage(String where, JsonNode node, List<String> problems) {
    JsonNode language = node.get("QueryLanguage");
    if (language != null && !"JSONPath".equals(language.asText())) {
      problems.add(where + " has QueryLanguage '" + language.asText() + "': only JSONPath runs locally");
    }
  }
}
