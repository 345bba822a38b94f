package dev.orderflow.local.dynamodb.operation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.dynamodb.DynamoDbError;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The legacy conditional parameters ({@code Expected}, {@code AttributeUpdates},
 * {@code KeyConditions}, {@code QueryFilter}, {@code ScanFilter} with {@code ConditionalOperator}),
 * rewritten into the expressions that replaced them, so one evaluator serves both.
 */
final class Legacy {

  private final ObjectNode request;
  private final ObjectNode names;
  private final ObjectNode values;
  private int next;

  private Legacy(ObjectNode request) {
    this.request = request;
    this.names = request.has("ExpressionAttributeNames") ? (ObjectNode) request.get("ExpressionAttributeNames")
        : request.objectNode();
    this.values = request.has("ExpressionAttributeValues") ? (ObjectNode) request.get("ExpressionAttributeValues")
        : request.objectNode();
  }

  /** The request with its legacy parameters turned into expressions; the request itself when it has none. */
  static JsonNode rewrite(String operation, JsonNode original) {
    // DynamoDB refuses any mix of the two generations of parameters, naming both sides.
    List<String> legacyParameters = new ArrayList<>();
    for (String field : List.of("AttributesToGet", "AttributeUpdates", "Expected", "KeyConditions", "QueryFilter",
        "ScanFilter", "ConditionalOperator")) {
      // A query's legacy KeyConditions go with filter and projection expressions, as Precheck allows.
      boolean keysWithExpressions = field.equals("KeyConditions") && !has(original, "KeyConditionExpression");
      if (has(original, field) && !keysWithExpressions) {
        legacyParameters.add(field);
      }
    }
    if (legacyParameters.isEmpty()) {
      return original;
    }
    List<String> expressionParameters = new ArrayList<>();
    for (String field : List.of("ProjectionExpression", "FilterExpression", "KeyConditionExpression",
        "UpdateExpression", "ConditionExpression")) {
      if (has(original, field)) {
        expressionParameters.add(field);
      }
    }
    if (!expressionParameters.isEmpty()) {
      throw DynamoDbError.validation("Can not use both expression and non-expression parameters in the same "
          + "request: Non-expression parameters: {" + String.join(", ", legacyParameters) + "} Expression parameters: {"
          + String.join(", ", expressionParameters) + "}");
    }
    boolean rewrite = false;
    for (String field : List.of("Expected", "AttributeUpdates", "KeyConditions", "QueryFilter", "ScanFilter")) {
      rewrite |= has(original, field);
    }
    if (!rewrite) {
      return original;
    }
    ObjectNode request = ((ObjectNode) original).deepCopy();
    Legacy legacyRequest = new Legacy(request);
    String operator = request.path("ConditionalOperator").asText("AND");
    if (!operator.equals("AND") && !operator.equals("OR")) {
      throw DynamoDbError.validation("1 validation error detected: Value '" + operator
          + "' at 'conditionalOperator' failed to satisfy constraint: Member must satisfy enum value set: [OR, AND]");
    }
    request.remove("ConditionalOperator");
    legacyRequest.conditions("Expected", "ConditionExpression", operator, true);
    // KeyConditions stay as they are: Query checks them in their own wording.
    legacyRequest.conditions("QueryFilter", "FilterExpression", operator, false);
    legacyRequest.conditions("ScanFilter", "FilterExpression", operator, false);
    legacyRequest.updates();
    if (!legacyRequest.names.isEmpty()) {
      request.set("ExpressionAttributeNames", legacyRequest.names);
    }
    if (!legacyRequest.values.isEmpty()) {
      request.set("ExpressionAttributeValues", legacyRequest.values);
    }
    return request;
  }

  private static boolean has(JsonNode request, String field) {
    return request.has(field) && !request.get(field).isNull();
  }

  private void conditions(String field, String expressionField, String operator, boolean expected) {
    if (!has(request, field)) {
      return;
    }
    List<String> parts = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> entries = request.get(field).fields();
    while (entries.hasNext()) {
      Map.Entry<String, JsonNode> entry = entries.next();
      parts.add(expected ? expected(entry.getKey(), entry.getValue()) : comparison(entry.getKey(), entry.getValue()));
    }
    request.remove(field);
    if (!parts.isEmpty()) {
      request.put(expressionField, String.join(" " + operator + " ", parts));
    }
  }

  private String expected(String attribute, JsonNode condition) {
    if (condition.has("ComparisonOperator")) {
      if (condition.has("Exists")) {
        throw DynamoDbError.invalidParameter("Exists and ComparisonOperator cannot be used together for Attribute: "
            + attribute);
      }
      if (condition.has("AttributeValueList") && condition.has("Value")) {
        throw DynamoDbError.invalidParameter("Value and AttributeValueList cannot be used together for Attribute: "
            + attribute);
      }
      return comparison(attribute, condition);
    }
    if (condition.has("AttributeValueList")) {
      throw DynamoDbError.invalidParameter("AttributeValueList can only be used with a ComparisonOperator for Attribute: "
          + attribute);
    }
    String name = name(attribute);
    boolean exists = !condition.has("Exists") || condition.get("Exists").asBoolean();
    if (!exists) {
      if (condition.has("Value")) {
        throw DynamoDbError.validation("One or more parameter values were invalid: Value cannot be used when Exists "
            + "is false for Attribute: " + attribute);
      }
      return "attribute_not_exists(" + name + ")";
    }
    if (!condition.has("Value")) {
      throw DynamoDbError.validation("One or more parameter values were invalid: Value must be provided when Exists "
          + "is true for Attribute: " + attribute);
    }
    return name + " = " + value(condition.get("Value"));
  }

  private String comparison(String attribute, JsonNode condition) {
    String name = name(attribute);
    String operator = condition.path("ComparisonOperator").asText();
    List<String> operands = new ArrayList<>();
    condition.path("AttributeValueList").forEach(value -> operands.add(value(value)));
    if (!condition.has("AttributeValueList") && condition.has("Value")) {
      // Expected takes its one operand as Value too.
      operands.add(value(condition.get("Value")));
    }
    return switch (operator) {
      case "EQ" -> binary(name, "=", operands, operator);
      case "NE" -> binary(name, "<>", operands, operator);
      case "LT" -> binary(name, "<", operands, operator);
      case "LE" -> binary(name, "<=", operands, operator);
      case "GT" -> binary(name, ">", operands, operator);
      case "GE" -> binary(name, ">=", operands, operator);
      case "NOT_NULL" -> count(operands, 0, operator, "attribute_exists(" + name + ")");
      case "NULL" -> count(operands, 0, operator, "attribute_not_exists(" + name + ")");
      case "CONTAINS" -> count(operands, 1, operator, "contains(" + name + ", " + first(operands) + ")");
      case "NOT_CONTAINS" -> count(operands, 1, operator, "NOT contains(" + name + ", " + first(operands) + ")");
      case "BEGINS_WITH" -> count(operands, 1, operator, "begins_with(" + name + ", " + first(operands) + ")");
      case "BETWEEN" -> count(operands, 2, operator, name + " BETWEEN " + first(operands) + " AND "
          + (operands.size() > 1 ? operands.get(1) : ""));
      case "IN" -> {
        if (operands.isEmpty()) {
          throw invalidCount(operator, 0);
        }
        // The expression IN takes at most 100 operands; the legacy IN has no such limit.
        List<String> groups = new ArrayList<>();
        for (int from = 0; from < operands.size(); from += 100) {
          groups.add(name + " IN (" + String.join(", ", operands.subList(from, Math.min(operands.size(), from + 100))) + ")");
        }
        yield groups.size() == 1 ? groups.get(0) : "(" + String.join(" OR ", groups) + ")";
      }
      default -> throw DynamoDbError.validation("1 validation error detected: Value '" + operator
          + "' at 'comparisonOperator' failed to satisfy constraint: Member must satisfy enum value set: "
          + "[IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]");
    };
  }

  private void updates() {
    if (!has(request, "AttributeUpdates")) {
      return;
    }
    List<String> set = new ArrayList<>();
    List<String> remove = new ArrayList<>();
    List<String> add = new ArrayList<>();
    List<String> delete = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> entries = request.get("AttributeUpdates").fields();
    while (entries.hasNext()) {
      Map.Entry<String, JsonNode> entry = entries.next();
      String name = name(entry.getKey());
      String action = entry.getValue().path("Action").asText("PUT");
      JsonNode value = entry.getValue().get("Value");
      switch (action) {
        case "PUT" -> set.add(name + " = " + value(required(value, entry.getKey(), action)));
        case "ADD" -> {
          JsonNode operand = required(value, entry.getKey(), action);
          if (operand.has("L")) {
            // ADD of a list appends to it, or makes it; the expression ADD has no lists.
            set.add(name + " = list_append(if_not_exists(" + name + ", " + value(emptyList()) + "), " + value(operand) + ")");
          } else {
            add.add(name + " " + value(operand));
          }
        }
        case "DELETE" -> {
          if (value == null || value.isNull()) {
            remove.add(name);
          } else {
            delete.add(name + " " + value(value));
          }
        }
        default -> throw DynamoDbError.validation("1 validation error detected: Value '" + action
            + "' at 'attributeUpdates' failed to satisfy constraint: Member must satisfy enum value set: [ADD, PUT, DELETE]");
      }
    }
    request.remove("AttributeUpdates");
    List<String> clauses = new ArrayList<>();
    if (!set.isEmpty()) {
      clauses.add("SET " + String.join(", ", set));
    }
    if (!remove.isEmpty()) {
      clauses.add("REMOVE " + String.join(", ", remove));
    }
    if (!add.isEmpty()) {
      clauses.add("ADD " + String.join(", ", add));
    }
    if (!delete.isEmpty()) {
      clauses.add("DELETE " + String.join(", ", delete));
    }
    if (!clauses.isEmpty()) {
      request.put("UpdateExpression", String.join(" ", clauses));
    }
  }

  private static JsonNode emptyList() {
    ObjectNode empty = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    empty.putArray("L");
    return empty;
  }

  private static JsonNode required(JsonNode value, String attribute, String action) {
    if (value == null || value.isNull()) {
      throw DynamoDbError.validation("One or more parameter values were invalid: Only DELETE action is allowed when no "
          + "attribute value is specified; action " + action + " on attribute " + attribute);
    }
    return value;
  }

  private static String binary(String name, String symbol, List<String> operands, String operator) {
    return count(operands, 1, operator, name + " " + symbol + " " + first(operands));
  }

  private static String count(List<String> operands, int expected, String operator, String expression) {
    if (operands.size() != expected) {
      throw invalidCount(operator, operands.size());
    }
    return expression;
  }

  private static DynamoDbError invalidCount(String operator, int given) {
    return DynamoDbError.validation("One or more parameter values were invalid: Invalid number of argument(s) for the "
        + operator + " ComparisonOperator");
  }

  private static String first(List<String> operands) {
    return operands.isEmpty() ? "" : operands.get(0);
  }

  private String name(String attribute) {
    String placeholder = "#legacy" + next++;
    names.put(placeholder, attribute);
    return placeholder;
  }

  private String value(JsonNode value) {
    String placeholder = ":legacy" + next++;
    values.set(placeholder, value);
    return placeholder;
  }
}
