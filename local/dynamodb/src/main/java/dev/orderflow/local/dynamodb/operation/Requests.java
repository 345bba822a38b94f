package dev.orderflow.local.dynamodb.operation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderflow.local.dynamodb.expression.ExpressionAttributes;
import dev.orderflow.local.dynamodb.table.AttributeValue;
import dev.orderflow.local.dynamodb.table.AttributeValues;
import dev.orderflow.local.dynamodb.DynamoDbError;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading the parameters of a request, with DynamoDB's validation messages. */
final class Requests {

  private Requests() {}

  static String text(JsonNode request, String field) {
    JsonNode node = request.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw DynamoDbError.serialization("Unexpected value type in payload for " + field + ": a string is expected");
    }
    return node.textValue();
  }

  static String required(JsonNode request, String field, String member) {
    String value = text(request, field);
    if (value == null) {
      throw DynamoDbError.validation("1 validation error detected: Value null at '" + member
          + "' failed to satisfy constraint: Member must not be null");
    }
    return value;
  }

  static String oneOf(JsonNode request, String field, String member, String defaultValue, List<String> allowed) {
    String value = text(request, field);
    if (value == null) {
      return defaultValue;
    }
    if (!allowed.contains(value)) {
      throw DynamoDbError.validation("1 validation error detected: Value '" + value + "' at '" + member
          + "' failed to satisfy constraint: Member must satisfy enum value set: " + allowed);
    }
    return value;
  }

  static boolean bool(JsonNode request, String field) {
    return bool(request, field, false);
  }

  /** A Boolean member; absent or null gives {@code absent}. */
  static boolean bool(JsonNode request, String field, boolean absent) {
    JsonNode node = request.get(field);
    if (node == null || node.isNull()) {
      return absent;
    }
    Boolean value = flag(node);
    return value == null ? absent : value;
  }

  /**
   * A Boolean as DynamoDB reads one: JSON true or false, or the strings it converts (true, false,
   * yes, no, 1, 0 in any case); null for anything else.
   */
  static Boolean flag(JsonNode node) {
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isTextual()) {
      return switch (node.textValue().toUpperCase(java.util.Locale.ROOT)) {
        case "TRUE", "YES", "1" -> Boolean.TRUE;
        case "FALSE", "NO", "0" -> Boolean.FALSE;
        default -> null;
      };
    }
    return null;
  }

  /** An Integer member, which DynamoDB truncates when it has a fraction; {@code absent} when missing. */
  static int integer(JsonNode request, String field, int absent) {
    JsonNode node = request.get(field);
    if (node == null || node.isNull() || !node.isNumber()) {
      return absent;
    }
    return node.isIntegralNumber() && node.canConvertToInt() ? node.intValue() : (int) Math.max(Integer.MIN_VALUE,
        Math.min(Integer.MAX_VALUE, node.doubleValue()));
  }

  /**
   * The ExpressionAttributeNames and ExpressionAttributeValues of a request, or of one
   * action of a transaction; {@code expressions} tells whether the request has any expression.
   */
  static ExpressionAttributes attributes(JsonNode request, boolean expressions) {
    JsonNode names = request.get("ExpressionAttributeNames");
    JsonNode values = request.get("ExpressionAttributeValues");
    boolean hasNames = names != null && !names.isNull();
    boolean hasValues = values != null && !values.isNull();
    if (hasNames && !expressions) {
      throw DynamoDbError.validation("ExpressionAttributeNames can only be specified when using expressions");
    }
    if (hasValues && !expressions) {
      throw DynamoDbError.validation("ExpressionAttributeValues can only be specified when using expressions");
    }
    Map<String, String> nameMap = new LinkedHashMap<>();
    if (hasNames) {
      if (names.isEmpty()) {
        throw DynamoDbError.validation("ExpressionAttributeNames must not be empty");
      }
      Iterator<Map.Entry<String, JsonNode>> fields = names.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (!field.getKey().startsWith("#") || field.getKey().length() < 2) {
          throw DynamoDbError.validation("ExpressionAttributeNames contains invalid key: Syntax error; key: \""
              + field.getKey() + "\"");
        }
        if (field.getValue().asText().isEmpty()) {
          throw DynamoDbError.validation("ExpressionAttributeNames contains invalid value: Empty attribute name; key: \""
              + field.getKey() + "\"");
        }
        nameMap.put(field.getKey(), field.getValue().asText());
      }
    }
    Map<String, AttributeValue> valueMap = new LinkedHashMap<>();
    if (hasValues) {
      if (values.isEmpty()) {
        throw DynamoDbError.validation("ExpressionAttributeValues must not be empty");
      }
      Iterator<Map.Entry<String, JsonNode>> fields = values.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (!field.getKey().startsWith(":") || field.getKey().length() < 2) {
          throw DynamoDbError.validation("ExpressionAttributeValues contains invalid key: Syntax error; key: \""
              + field.getKey() + "\"");
        }
        try {
          valueMap.put(field.getKey(), AttributeValues.value(field.getValue()));
        } catch (DynamoDbError e) {
          throw DynamoDbError.validation("ExpressionAttributeValues contains invalid value: " + e.getMessage()
              + " for key " + field.getKey());
        }
      }
    }
    return new ExpressionAttributes(nameMap, valueMap);
  }

}
