package dev.orderflow.local.dynamodb.operation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderflow.local.dynamodb.DynamoDbError;
import dev.orderflow.local.dynamodb.table.AttributeValue;
import dev.orderflow.local.dynamodb.table.AttributeValues;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks DynamoDB makes of an item, query or scan request after its shape and constraints and
 * before it looks at any table, in DynamoDB's order: expression and non-expression parameters not
 * mixed, then the attribute values the request carries (keys, items, legacy conditions, start
 * keys), then the expression attribute names and values. Expressions themselves are parsed by the
 * operations, which come next.
 */
final class Precheck {

  private static final Pattern NAME_KEY = Pattern.compile("#[0-9a-zA-Z_]+");
  private static final Pattern VALUE_KEY = Pattern.compile(":[0-9a-zA-Z_]+");
  /** Start-key messages that DynamoDB gives without its "starting key is invalid" prefix. */
  private static final Pattern UNPREFIXED =
      Pattern.compile("contains duplicates|number set|numeric value|significant digits|number with magnitude");

  private Precheck() {}

  /**
   * Checks {@code request} of {@code operation}; a no-op for operations without such checks.
   * {@code account} is the one the engine's ARNs name.
   */
  static void check(String operation, JsonNode request, String account) {
    switch (operation) {
      case "TagResource", "UntagResource", "ListTagsOfResource" -> tagging(operation, request, account);
      case "GetItem" -> {
        expressionParameters(request, List.of("ProjectionExpression"), List.of("AttributesToGet"));
        values(request.get("Key"));
        duplicates(request.get("AttributesToGet"));
        expressionAttributes(request);
      }
      case "PutItem" -> {
        expressionParameters(request, List.of("ConditionExpression"), List.of("Expected"));
        itemWithinSize(request.get("Item"));
        String returnValues = request.path("ReturnValues").asText("NONE");
        if (!returnValues.equals("ALL_OLD") && !returnValues.equals("NONE")) {
          throw DynamoDbError.validation("ReturnValues can only be ALL_OLD or NONE");
        }
        expected(request.get("Expected"));
        expressionAttributes(request);
      }
      case "DeleteItem" -> {
        expressionParameters(request, List.of("ConditionExpression"), List.of("Expected"));
        values(request.get("Key"));
        expected(request.get("Expected"));
        expressionAttributes(request);
      }
      case "UpdateItem" -> {
        expressionParameters(request, List.of("UpdateExpression", "ConditionExpression"),
            List.of("AttributeUpdates", "Expected"));
        values(request.get("Key"));
        attributeUpdates(request.get("AttributeUpdates"));
        expected(request.get("Expected"));
        expressionAttributes(request);
      }
      case "Query" -> {
        expressionParameters(request, List.of("ProjectionExpression", "FilterExpression", "KeyConditionExpression"),
            List.of("AttributesToGet", "QueryFilter", "ConditionalOperator", "KeyConditions"));
        conditions(request.get("QueryFilter"));
        duplicates(request.get("AttributesToGet"));
        startKey(request.get("ExclusiveStartKey"));
        if (!request.hasNonNull("KeyConditions") && !request.hasNonNull("KeyConditionExpression")) {
          throw DynamoDbError.validation(
              "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
        }
        expressionAttributes(request);
        conditions(request.get("KeyConditions"));
        if (request.hasNonNull("KeyConditions")) {
          int count = request.get("KeyConditions").size();
          if (count != 1 && count != 2) {
            throw DynamoDbError.validation("Conditions can be of length 1 or 2 only");
          }
        }
      }
      case "Scan" -> {
        expressionParameters(request, List.of("ProjectionExpression", "FilterExpression"),
            List.of("AttributesToGet", "ScanFilter", "ConditionalOperator"));
        duplicates(request.get("AttributesToGet"));
        conditions(request.get("ScanFilter"));
        startKey(request.get("ExclusiveStartKey"));
        segments(request);
        expressionAttributes(request);
      }
      case "BatchWriteItem" -> {
        for (JsonNode writes : request.path("RequestItems")) {
          for (JsonNode write : writes) {
            if (write.isEmpty()) {
              throw DynamoDbError.validation("Supplied AttributeValue has more than one datatypes set, must contain "
                  + "exactly one of the supported datatypes");
            }
          }
          for (JsonNode write : writes) {
            if (write.has("PutRequest")) {
              itemWithinSize(write.get("PutRequest").get("Item"));
            } else if (write.has("DeleteRequest")) {
              values(write.get("DeleteRequest").get("Key"));
            }
          }
        }
      }
      case "BatchGetItem" -> {
        int keys = 0;
        for (JsonNode reads : request.path("RequestItems")) {
          expressionParameters(reads, List.of("ProjectionExpression"), List.of("AttributesToGet"));
          duplicates(reads.get("AttributesToGet"));
          expressionAttributes(reads);
          if (reads.path("ProjectionExpression").isTextual() && reads.get("ProjectionExpression").asText().isBlank()) {
            // An empty projection is refused before the keys are compared.
            throw DynamoDbError.validation("Invalid ProjectionExpression: The expression can not be empty;");
          }
          Set<Map<String, AttributeValue>> seen = new HashSet<>();
          for (JsonNode key : reads.path("Keys")) {
            if (!seen.add(AttributeValues.item(key))) {
              throw DynamoDbError.validation("Provided list of item keys contains duplicates");
            }
            if (++keys > 100) {
              throw DynamoDbError.validation("Too many items requested for the BatchGetItem call");
            }
          }
        }
      }
      default -> { }
    }
  }

  /** An item's values, then its size within DynamoDB's 400 KB. */
  private static void itemWithinSize(JsonNode item) {
    if (item != null && AttributeValues.size(AttributeValues.item(item)) > MAX_ITEM_BYTES) {
      throw DynamoDbError.validation("Item size has exceeded the maximum allowed size");
    }
  }

  private static final long MAX_ITEM_BYTES = 400 * 1024;

  /**
   * The tag operations: a ResourceArn of six parts or the caller may not act on it at all, then
   * the list the operation needs, then a table's ARN with a name DynamoDB allows, then a list that
   * is not empty.
   */
  private static void tagging(String operation, JsonNode request, String account) {
    JsonNode arnNode = request.get("ResourceArn");
    if (arnNode == null) {
      throw DynamoDbError.validation("Invalid TableArn");
    }
    String arn = arnNode.textValue();
    if (!SIX_PARTS.matcher(arn).matches()) {
      throw new DynamoDbError("AccessDeniedException", 400, "User: arn:aws:iam::" + account + ":user/local is not "
          + "authorized to perform: dynamodb:" + operation + " on resource: " + (arn.isEmpty() ? "*" : arn), null);
    }
    String list = switch (operation) {
      case "TagResource" -> "Tags";
      case "UntagResource" -> "TagKeys";
      default -> null;
    };
    if (list != null && request.get(list) == null) {
      throw DynamoDbError.validation("1 validation error detected: Value null at '" + Character.toLowerCase(list.charAt(0))
          + list.substring(1) + "' failed to satisfy constraint: Member must not be null");
    }
    if (!TABLE_ARN.matcher(arn).matches()) {
      throw DynamoDbError.validation("Invalid TableArn: Invalid ResourceArn provided as input " + arn);
    }
    if (list != null && request.get(list).isEmpty()) {
      throw DynamoDbError.validation(list.equals("Tags") ? "Atleast one Tag needs to be provided as Input."
          : "Atleast one Tag Key needs to be provided as Input.");
    }
  }

  private static final Pattern SIX_PARTS = Pattern.compile(".+:.+:.+:.+:.+:.+/.+");
  private static final Pattern TABLE_ARN = Pattern.compile("arn:aws:dynamodb:.+:\\d+:table/[^/]{3,}");

  /**
   * Expression parameters and the legacy ones they replaced are not mixed, and expression attribute
   * names and values come only with expressions.
   */
  private static void expressionParameters(JsonNode request, List<String> expressions, List<String> legacy) {
    List<String> given = present(request, expressions);
    if (!given.isEmpty()) {
      List<String> old = present(request, legacy);
      if (request.hasNonNull("KeyConditions") && !request.hasNonNull("KeyConditionExpression")) {
        // A query's legacy key condition goes with a filter or projection expression.
        old.remove("KeyConditions");
      }
      if (!old.isEmpty()) {
        throw DynamoDbError.validation("Can not use both expression and non-expression parameters in the same request: "
            + "Non-expression parameters: {" + String.join(", ", old) + "} Expression parameters: {"
            + String.join(", ", given) + "}");
      }
    }
    if (request.hasNonNull("ExpressionAttributeNames") && given.isEmpty()) {
      throw DynamoDbError.validation("ExpressionAttributeNames can only be specified when using expressions");
    }
    List<String> valued = expressions.stream().filter(name -> !name.equals("ProjectionExpression")).toList();
    if (!valued.isEmpty() && request.hasNonNull("ExpressionAttributeValues") && present(request, valued).isEmpty()) {
      throw DynamoDbError.validation("ExpressionAttributeValues can only be specified when using expressions: "
          + String.join(" and ", valued) + (valued.size() > 1 ? " are" : " is") + " null");
    }
  }

  private static List<String> present(JsonNode request, List<String> members) {
    return new ArrayList<>(members.stream().filter(request::hasNonNull).toList());
  }

  /** Every attribute value of a key or an item, each checked in full. */
  private static void values(JsonNode item) {
    if (item != null) {
      item.forEach(AttributeValues::value);
    }
  }

  private static void startKey(JsonNode key) {
    if (key == null) {
      return;
    }
    for (JsonNode value : key) {
      try {
        AttributeValues.value(value);
      } catch (DynamoDbError e) {
        if (UNPREFIXED.matcher(e.getMessage()).find()) {
          throw e;
        }
        throw DynamoDbError.validation("The provided starting key is invalid: " + e.getMessage());
      }
    }
  }

  private static void duplicates(JsonNode names) {
    if (names == null) {
      return;
    }
    Set<String> seen = new HashSet<>();
    for (JsonNode name : names) {
      if (!seen.add(name.asText())) {
        throw DynamoDbError.invalidParameter("Duplicate value in attribute name: " + name.asText());
      }
    }
  }

  private static void segments(JsonNode request) {
    JsonNode segment = request.get("Segment");
    JsonNode total = request.get("TotalSegments");
    if (segment != null && segment.asLong() != 0 && total == null) {
      throw DynamoDbError.validation("The TotalSegments parameter is required but was not present in the request when "
          + "Segment parameter is present");
    }
    if (total != null && total.asLong() != 0) {
      if (segment == null) {
        throw DynamoDbError.validation("The Segment parameter is required but was not present in the request when "
            + "parameter TotalSegments is present");
      }
      if (segment.asLong() >= total.asLong()) {
        throw DynamoDbError.validation("The Segment parameter is zero-based and must be less than parameter "
            + "TotalSegments: Segment: " + segment.asLong() + " is not less than TotalSegments: " + total.asLong());
      }
    }
  }

  /** ExpressionAttributeNames and ExpressionAttributeValues: not empty, well-formed keys, valid values. */
  private static void expressionAttributes(JsonNode request) {
    placeholders(request, "ExpressionAttributeNames", NAME_KEY);
    JsonNode values = placeholders(request, "ExpressionAttributeValues", VALUE_KEY);
    if (values != null) {
      for (Iterator<Map.Entry<String, JsonNode>> fields = values.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        try {
          AttributeValues.value(field.getValue());
        } catch (DynamoDbError e) {
          throw DynamoDbError.validation("ExpressionAttributeValues contains invalid value: " + e.getMessage()
              + " for key " + field.getKey());
        }
      }
    }
  }

  /** A map of placeholders, {@code member} of the request: not empty, every key of the form {@code key}. */
  private static JsonNode placeholders(JsonNode request, String member, Pattern key) {
    JsonNode map = request.get(member);
    if (map == null) {
      return null;
    }
    if (map.isEmpty()) {
      throw DynamoDbError.validation(member + " must not be empty");
    }
    for (Iterator<String> keys = map.fieldNames(); keys.hasNext(); ) {
      String name = keys.next();
      if (!key.matcher(name).matches()) {
        throw DynamoDbError.validation(member + " contains invalid key: Syntax error; key: \"" + name + "\"");
      }
    }
    return map;
  }

  /** The legacy KeyConditions, QueryFilter and ScanFilter: values, their number and types per operator. */
  private static void conditions(JsonNode conditions) {
    if (conditions == null) {
      return;
    }
    for (JsonNode condition : conditions) {
      String operator = condition.path("ComparisonOperator").asText();
      List<AttributeValue> values = new ArrayList<>();
      JsonNode list = condition.get("AttributeValueList");
      if (list != null) {
        list.forEach(value -> values.add(AttributeValues.value(value)));
      }
      int count = values.size();
      boolean countFits = switch (operator) {
        case "NULL", "NOT_NULL" -> count == 0;
        case "IN" -> count >= 1;
        case "BETWEEN" -> count == 2;
        default -> count == 1;
      };
      if (!countFits) {
        throw DynamoDbError.invalidParameter("Invalid number of argument(s) for the " + operator + " ComparisonOperator");
      }
      sameType(values);
      // EQ and NE take every type, as the API reference's Condition says; the others scalars only.
      List<String> types = switch (operator) {
        case "BEGINS_WITH" -> List.of("S", "B");
        case "EQ", "NE", "NULL", "NOT_NULL" -> null;
        default -> List.of("S", "N", "B");
      };
      if (types != null) {
        for (AttributeValue value : values) {
          if (!types.contains(value.type())) {
            throw DynamoDbError.invalidParameter("ComparisonOperator " + operator + " is not valid for " + value.type()
                + " AttributeValue type");
          }
        }
      }
      between(operator, values);
    }
  }

  private static void sameType(List<AttributeValue> values) {
    for (AttributeValue value : values) {
      if (!value.type().equals(values.get(0).type())) {
        throw DynamoDbError.invalidParameter("AttributeValues inside AttributeValueList must be of same type");
      }
    }
  }

  private static void between(String operator, List<AttributeValue> values) {
    if (operator.equals("BETWEEN") && values.size() == 2 && List.of("S", "N", "B").contains(values.get(0).type())
        && AttributeValues.compareKeys(values.get(0), values.get(1)) > 0) {
      throw DynamoDbError.validation(
          "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound");
    }
  }

  /** The legacy Expected conditions of a write. */
  private static void expected(JsonNode expected) {
    if (expected == null) {
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> fields = expected.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      String attribute = field.getKey();
      JsonNode condition = field.getValue();
      boolean hasList = condition.has("AttributeValueList");
      boolean hasValue = condition.has("Value");
      if (hasList && hasValue) {
        throw DynamoDbError.invalidParameter("Value and AttributeValueList cannot be used together for Attribute: "
            + attribute);
      }
      if (condition.has("ComparisonOperator")) {
        String operator = condition.get("ComparisonOperator").asText();
        if (condition.has("Exists")) {
          throw DynamoDbError.invalidParameter("Exists and ComparisonOperator cannot be used together for Attribute: "
              + attribute);
        }
        if (!operator.equals("NULL") && !operator.equals("NOT_NULL") && !hasList && !hasValue) {
          throw DynamoDbError.invalidParameter("Value or AttributeValueList must be used with ComparisonOperator: "
              + operator + " for Attribute: " + attribute);
        }
        List<AttributeValue> values = new ArrayList<>();
        if (hasList) {
          condition.get("AttributeValueList").forEach(value -> values.add(AttributeValues.value(value)));
        } else if (hasValue) {
          values.add(AttributeValues.value(condition.get("Value")));
        }
        int count = values.size();
        boolean countFits = switch (operator) {
          case "NULL", "NOT_NULL" -> count == 0;
          case "IN" -> count > 0;
          case "BETWEEN" -> count == 2;
          default -> count == 1;
        };
        if (!countFits) {
          throw DynamoDbError.invalidParameter("Invalid number of argument(s) for the " + operator
              + " ComparisonOperator");
        }
        if (!values.isEmpty()) {
          sameType(values);
          between(operator, values);
        }
      } else if (hasList) {
        throw DynamoDbError.invalidParameter("AttributeValueList can only be used with a ComparisonOperator for "
            + "Attribute: " + attribute);
      } else {
        JsonNode existsNode = condition.get("Exists");
        boolean exists = existsNode == null || Boolean.TRUE.equals(Requests.flag(existsNode));
        if (exists && !hasValue) {
          throw DynamoDbError.invalidParameter("Value must be provided when Exists is "
              + (existsNode == null ? "null" : "true") + " for Attribute: " + attribute);
        }
        if (!exists && hasValue) {
          throw DynamoDbError.invalidParameter("Value cannot be used when Exists is false for Attribute: " + attribute);
        }
        if (hasValue) {
          AttributeValues.value(condition.get("Value"));
        }
      }
    }
  }

  /** The legacy AttributeUpdates of UpdateItem: each action with a value it takes. */
  private static void attributeUpdates(JsonNode updates) {
    if (updates == null) {
      return;
    }
    for (JsonNode update : updates) {
      String action = update.path("Action").asText("PUT");
      JsonNode valueNode = update.get("Value");
      AttributeValue value = valueNode == null ? null : AttributeValues.value(valueNode);
      if (value == null && !action.equals("DELETE")) {
        throw DynamoDbError.invalidParameter("Only DELETE action is allowed when no attribute value is specified");
      }
      if (value != null && action.equals("DELETE") && !List.of("SS", "NS", "BS").contains(value.type())) {
        throw DynamoDbError.invalidParameter("DELETE action with value is not supported for the type " + value.type());
      }
      if (value != null && action.equals("ADD") && !List.of("L", "SS", "NS", "BS", "N").contains(value.type())) {
        throw DynamoDbError.invalidParameter("ADD action is not supported for the type " + value.type());
      }
    }
  }
}
