package dev.orderflow.constructs.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads what a synthesized template says, with its intrinsic functions resolved the way a
 * deployment would resolve them, so that a definition can run outside AWS.
 */
public final class TemplateDefinitions {

  public static final String REGION = "us-east-1";
  public static final String ACCOUNT = "123456789012";

  private TemplateDefinitions() {}

  /** The one resource of {@code type} in the template: its logical id and properties. */
  @SuppressWarnings("unchecked")
  public static Map.Entry<String, Map<String, Object>> onlyResource(Map<String, Object> template, String type) {
    Map<String, Object> resources = (Map<String, Object>) template.get("Resources");
    List<Map.Entry<String, Object>> matches = resources.entrySet().stream()
        .filter(e -> type.equals(((Map<String, Object>) e.getValue()).get("Type")))
        .toList();
    if (matches.size() != 1) {
      throw new AssertionError("expected one " + type + " in the template, but found " + matches.size());
    }
    Map<String, Object> resource = (Map<String, Object>) matches.get(0).getValue();
    return Map.entry(matches.get(0).getKey(), (Map<String, Object>) resource.get("Properties"));
  }

  /**
   * Resolves a template value to a string: {@code Ref} of a resource to its logical id (so a
   * table's name is its logical id), {@code Fn::GetAtt ... Arn} to an ARN naming the logical id,
   * pseudo parameters to fixed values, {@code Fn::Join} by joining.
   */
  @SuppressWarnings("unchecked")
  public static String resolve(Object value) {
    if (value instanceof String text) {
      return text;
    }
    Map<String, Object> intrinsic = (Map<String, Object>) value;
    if (intrinsic.containsKey("Fn::Join")) {
      List<Object> join = (List<Object>) intrinsic.get("Fn::Join");
      StringBuilder joined = new StringBuilder();
      List<Object> parts = (List<Object>) join.get(1);
      for (int i = 0; i < parts.size(); i++) {
        joined.append(i == 0 ? "" : (String) join.get(0)).append(resolve(parts.get(i)));
      }
      return joined.toString();
    }
    if (intrinsic.containsKey("Ref")) {
      String ref = (String) intrinsic.get("Ref");
      return switch (ref) {
        case "AWS::Partition" -> "aws";
        case "AWS::Region" -> REGION;
        case "AWS::AccountId" -> ACCOUNT;
        case "AWS::URLSuffix" -> "amazonaws.com";
        default -> ref;
      };
    }
    if (intrinsic.containsKey("Fn::GetAtt")) {
      List<Object> getAtt = (List<Object>) intrinsic.get("Fn::GetAtt");
      return "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + getAtt.get(0);
    }
    throw new IllegalArgumentException("cannot resolve " + value);
  }

  /** The definition of the template's one state machine, resolved, as JSON. */
  public static JsonNode stateMachineDefinition(Map<String, Object> template) {
    try {
      return new ObjectMapper().readTree(resolve(
          onlyResource(template, "AWS::StepFunctions::StateMachine").getValue().get("DefinitionString")));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the state machine's definition is not JSON", e);
    }
  }

  /** A state of a definition by name, wherever it is nested (Map item processor, Parallel branch), or null. */
  public static JsonNode state(JsonNode definition, String name) {
    JsonNode states = definition.path("States");
    if (states.has(name)) {
      return states.get(name);
    }
    for (JsonNode state : states) {
      List<JsonNode> inner = new ArrayList<>();
      state.path("Branches").forEach(inner::add);
      if (state.has("ItemProcessor")) {
        inner.add(state.get("ItemProcessor"));
      }
      for (JsonNode nested : inner) {
        JsonNode found = state(nested, name);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }
}
