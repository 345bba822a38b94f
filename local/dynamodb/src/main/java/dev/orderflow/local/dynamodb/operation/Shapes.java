package dev.orderflow.local.dynamodb.operation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.dynamodb.DynamoDbError;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The request shapes of the DynamoDB and DynamoDB Streams APIs, as the API reference lists their
 * members, types and constraints, and the first two checks DynamoDB makes of every request, before
 * it looks at any table:
 *
 * <ol>
 *   <li>every member has its JSON type, or the request answers {@code SerializationException};
 *   <li>every member meets its constraints (required, length, range, pattern, enum), or the request
 *       answers one {@code ValidationException} that lists up to ten violations as "N validation
 *       errors detected: ...; ...".
 * </ol>
 *
 * Unknown members are ignored and {@code null} reads as absent, as DynamoDB's own reader does.
 */
final class Shapes {

  private static final int MAX_REPORTED = 10;
  private static final Pattern NAME_PATTERN = Pattern.compile("[a-zA-Z0-9_.-]+");

  private Shapes() {}

  // ------------------------------------------------------------------ the shapes

  /** A member's type and constraints. */
  sealed interface Shape permits Text, Whole, Flag, Blob, ListOf, MapOf, TableMap, Struct, Attribute {}

  record Text(int min, int max, Pattern pattern, List<String> values) implements Shape {}

  /** An Integer or Long member; {@code name} is the Java type DynamoDB names in its messages. */
  record Whole(String name, long min, long max) implements Shape {}

  record Flag() implements Shape {}

  record Blob() implements Shape {}

  record ListOf(Shape member, int min, int max) implements Shape {}

  record MapOf(Shape value, int min, int max) implements Shape {}

  /**
   * The RequestItems of a batch: a map from table names, whose keys and (for lists) values DynamoDB
   * checks as a whole, in one violation each ("Map keys must satisfy constraint: [...]").
   */
  record TableMap(MapOf map) implements Shape {}

  /** A structure; its members sorted by name, the order DynamoDB reports their violations in. */
  record Struct(String name, Map<String, Shape> members, List<String> required) implements Shape {}

  /** An AttributeValue, a structure of exactly one type descriptor, checked in depth by the engine. */
  record Attribute() implements Shape {}

  private static final Shape ATTRIBUTE = new Attribute();
  private static final Shape FLAG = new Flag();
  private static final Shape STRING = new Text(0, Integer.MAX_VALUE, null, null);
  /** A table's name; a table's ARN stands for it where the API reference allows one (up to 1,024 characters). */
  private static final Shape TABLE_NAME = new Text(3, 255, NAME_PATTERN, null);
  private static final Shape TABLE_ARN = new Text(1, 1024, null, null);
  private static final Shape INDEX_NAME = new Text(3, 255, NAME_PATTERN, null);
  private static final Shape KEY_ATTRIBUTE_NAME = new Text(1, 255, null, null);
  private static final Shape ITEM = new MapOf(ATTRIBUTE, 0, Integer.MAX_VALUE);
  private static final Shape NAMES = new MapOf(STRING, 0, Integer.MAX_VALUE);
  private static final Shape ATTRIBUTES_TO_GET = new ListOf(new Text(1, 65535, null, null), 1, Integer.MAX_VALUE);
  private static final Shape POSITIVE_INT = new Whole("Integer", 1, Integer.MAX_VALUE);
  private static final Shape CONSUMED_CAPACITY = choice("INDEXES", "TOTAL", "NONE");
  private static final Shape COLLECTION_METRICS = choice("SIZE", "NONE");
  private static final Shape RETURN_VALUES = choice("ALL_NEW", "UPDATED_OLD", "ALL_OLD", "NONE", "UPDATED_NEW");
  private static final Shape ON_CONDITION_FAILURE = choice("ALL_OLD", "NONE");
  private static final Shape CONDITIONAL_OPERATOR = choice("OR", "AND");
  private static final Shape COMPARISON_OPERATOR = choice("IN", "NULL", "BETWEEN", "LT", "NOT_CONTAINS", "EQ", "GT",
      "NOT_NULL", "NE", "LE", "BEGINS_WITH", "GE", "CONTAINS");
  private static final Shape SELECT = choice("SPECIFIC_ATTRIBUTES", "COUNT", "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES");
  private static final Shape ATTRIBUTE_LIST = new ListOf(ATTRIBUTE, 0, Integer.MAX_VALUE);
  private static final Shape CONDITIONS = new MapOf(named("Condition",
      "AttributeValueList", ATTRIBUTE_LIST,
      "!ComparisonOperator", COMPARISON_OPERATOR), 0, Integer.MAX_VALUE);
  private static final Shape EXPECTED = new MapOf(named("ExpectedAttributeValue",
      "AttributeValueList", ATTRIBUTE_LIST,
      "ComparisonOperator", COMPARISON_OPERATOR,
      "Exists", FLAG,
      "Value", ATTRIBUTE), 0, Integer.MAX_VALUE);
  private static final Shape ATTRIBUTE_UPDATES = new MapOf(named("AttributeValueUpdate",
      "Action", choice("ADD", "PUT", "DELETE"),
      "Value", ATTRIBUTE), 0, Integer.MAX_VALUE);
  private static final Shape THROUGHPUT = named("ProvisionedThroughput",
      "!ReadCapacityUnits", new Whole("Long", 1, Long.MAX_VALUE),
      "!WriteCapacityUnits", new Whole("Long", 1, Long.MAX_VALUE));
  private static final Shape ON_DEMAND_THROUGHPUT = named("OnDemandThroughput",
      "MaxReadRequestUnits", new Whole("Long", Long.MIN_VALUE, Long.MAX_VALUE),
      "MaxWriteRequestUnits", new Whole("Long", Long.MIN_VALUE, Long.MAX_VALUE));
  private static final Shape WARM_THROUGHPUT = named("WarmThroughput",
      "ReadUnitsPerSecond", new Whole("Long", 1, Long.MAX_VALUE),
      "WriteUnitsPerSecond", new Whole("Long", 1, Long.MAX_VALUE));
  private static final Shape KEY_SCHEMA = new ListOf(named("KeySchemaElement",
      "!AttributeName", KEY_ATTRIBUTE_NAME,
      "!KeyType", choice("HASH", "RANGE")), 1, 2);
  private static final Shape PROJECTION = named("Projection",
      "NonKeyAttributes", new ListOf(KEY_ATTRIBUTE_NAME, 1, 20),
      "ProjectionType", choice("ALL", "INCLUDE", "KEYS_ONLY"));
  private static final Shape STREAM_SPECIFICATION = named("StreamSpecification",
      "!StreamEnabled", FLAG,
      "StreamViewType", choice("NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY"));
  private static final Shape SSE_SPECIFICATION = named("SSESpecification",
      "Enabled", FLAG,
      "KMSMasterKeyId", STRING,
      "SSEType", choice("AES256", "KMS"));
  private static final Shape TAGS = new ListOf(named("Tag",
      "!Key", new Text(1, 128, null, null),
      "!Value", new Text(0, 256, null, null)), 0, Integer.MAX_VALUE);
  private static final Shape BILLING_MODE = choice("PROVISIONED", "PAY_PER_REQUEST");
  private static final Shape TABLE_CLASS = choice("STANDARD", "STANDARD_INFREQUENT_ACCESS");
  private static final Shape ATTRIBUTE_DEFINITIONS = new ListOf(named("AttributeDefinition",
      "!AttributeName", KEY_ATTRIBUTE_NAME,
      "!AttributeType", choice("B", "N", "S")), 0, Integer.MAX_VALUE);
  private static final Shape STREAM_ARN = new Text(37, 1024, null, null);

  private static final Map<String, Struct> DYNAMODB = new TreeMap<>();
  private static final Map<String, Struct> STREAMS = new TreeMap<>();

  static {
    DYNAMODB.put("PutItem", struct(
        "!TableName", TABLE_NAME, "!Item", ITEM, "Expected", EXPECTED, "ReturnValues", RETURN_VALUES,
        "ReturnConsumedCapacity", CONSUMED_CAPACITY, "ReturnItemCollectionMetrics", COLLECTION_METRICS,
        "ConditionalOperator", CONDITIONAL_OPERATOR, "ConditionExpression", STRING,
        "ExpressionAttributeNames", NAMES, "ExpressionAttributeValues", ITEM,
        "ReturnValuesOnConditionCheckFailure", ON_CONDITION_FAILURE));
    DYNAMODB.put("GetItem", struct(
        "!TableName", TABLE_NAME, "!Key", ITEM, "AttributesToGet", ATTRIBUTES_TO_GET, "ConsistentRead", FLAG,
        "ReturnConsumedCapacity", CONSUMED_CAPACITY, "ProjectionExpression", STRING,
        "ExpressionAttributeNames", NAMES));
    DYNAMODB.put("UpdateItem", struct(
        "!TableName", TABLE_NAME, "!Key", ITEM, "AttributeUpdates", ATTRIBUTE_UPDATES, "Expected", EXPECTED,
        "ConditionalOperator", CONDITIONAL_OPERATOR, "ReturnValues", RETURN_VALUES,
        "ReturnConsumedCapacity", CONSUMED_CAPACITY, "ReturnItemCollectionMetrics", COLLECTION_METRICS,
        "UpdateExpression", STRING, "ConditionExpression", STRING, "ExpressionAttributeNames", NAMES,
        "ExpressionAttributeValues", ITEM, "ReturnValuesOnConditionCheckFailure", ON_CONDITION_FAILURE));
    DYNAMODB.put("DeleteItem", struct(
        "!TableName", TABLE_NAME, "!Key", ITEM, "Expected", EXPECTED, "ConditionalOperator", CONDITIONAL_OPERATOR,
        "ReturnValues", RETURN_VALUES, "ReturnConsumedCapacity", CONSUMED_CAPACITY,
        "ReturnItemCollectionMetrics", COLLECTION_METRICS, "ConditionExpression", STRING,
        "ExpressionAttributeNames", NAMES, "ExpressionAttributeValues", ITEM,
        "ReturnValuesOnConditionCheckFailure", ON_CONDITION_FAILURE));
    DYNAMODB.put("Query", struct(
        "!TableName", TABLE_NAME, "IndexName", INDEX_NAME, "Select", SELECT, "AttributesToGet", ATTRIBUTES_TO_GET,
        "Limit", POSITIVE_INT, "ConsistentRead", FLAG, "KeyConditions", CONDITIONS, "QueryFilter", CONDITIONS,
        "ConditionalOperator", CONDITIONAL_OPERATOR, "ScanIndexForward", FLAG, "ExclusiveStartKey", ITEM,
        "ReturnConsumedCapacity", CONSUMED_CAPACITY, "ProjectionExpression", STRING, "FilterExpression", STRING,
        "KeyConditionExpression", STRING, "ExpressionAttributeNames", NAMES, "ExpressionAttributeValues", ITEM));
    DYNAMODB.put("Scan", struct(
        "!TableName", TABLE_NAME, "IndexName", INDEX_NAME, "AttributesToGet", ATTRIBUTES_TO_GET,
        "Limit", POSITIVE_INT, "Select", SELECT, "ScanFilter", CONDITIONS, "ConditionalOperator", CONDITIONAL_OPERATOR,
        "ExclusiveStartKey", ITEM, "ReturnConsumedCapacity", CONSUMED_CAPACITY,
        "TotalSegments", new Whole("Integer", 1, 1_000_000), "Segment", new Whole("Integer", 0, 999_999),
        "ProjectionExpression", STRING, "FilterExpression", STRING, "ExpressionAttributeNames", NAMES,
        "ExpressionAttributeValues", ITEM, "ConsistentRead", FLAG));
    DYNAMODB.put("BatchGetItem", struct(
        "!RequestItems", new TableMap(new MapOf(named("KeysAndAttributes",
            "!Keys", new ListOf(ITEM, 1, 100), "AttributesToGet", ATTRIBUTES_TO_GET, "ConsistentRead", FLAG,
            "ProjectionExpression", STRING, "ExpressionAttributeNames", NAMES), 1, 100)),
        "ReturnConsumedCapacity", CONSUMED_CAPACITY));
    DYNAMODB.put("BatchWriteItem", struct(
        "!RequestItems", new TableMap(new MapOf(new ListOf(named("WriteRequest",
            "PutRequest", named("PutRequest", "!Item", ITEM),
            "DeleteRequest", named("DeleteRequest", "!Key", ITEM)), 1, 25), 1, 25)),
        "ReturnConsumedCapacity", CONSUMED_CAPACITY, "ReturnItemCollectionMetrics", COLLECTION_METRICS));
    DYNAMODB.put("TransactWriteItems", struct(
        "!TransactItems", new ListOf(named("TransactWriteItem",
            "ConditionCheck", named("ConditionCheck", "!Key", ITEM, "!TableName", TABLE_NAME, "!ConditionExpression", STRING,
                "ExpressionAttributeNames", NAMES, "ExpressionAttributeValues", ITEM,
                "ReturnValuesOnConditionCheckFailure", ON_CONDITION_FAILURE),
            "Put", named("Put", "!Item", ITEM, "!TableName", TABLE_NAME, "ConditionExpression", STRING,
                "ExpressionAttributeNames", NAMES, "ExpressionAttributeValues", ITEM,
                "ReturnValuesOnConditionCheckFailure", ON_CONDITION_FAILURE),
            "Delete", named("Delete", "!Key", ITEM, "!TableName", TABLE_NAME, "ConditionExpression", STRING,
                "ExpressionAttributeNames", NAMES, "ExpressionAttributeValues", ITEM,
                "ReturnValuesOnConditionCheckFailure", ON_CONDITION_FAILURE),
            "Update", named("Update", "!Key", ITEM, "!UpdateExpression", STRING, "!TableName", TABLE_NAME,
                "ConditionExpression", STRING, "ExpressionAttributeNames", NAMES, "ExpressionAttributeValues", ITEM,
                "ReturnValuesOnConditionCheckFailure", ON_CONDITION_FAILURE)), 1, 100),
        "ReturnConsumedCapacity", CONSUMED_CAPACITY, "ReturnItemCollectionMetrics", COLLECTION_METRICS,
        "ClientRequestToken", new Text(1, 36, null, null)));
    DYNAMODB.put("TransactGetItems", struct(
        "!TransactItems", new ListOf(named("TransactGetItem",
            "!Get", named("Get", "!Key", ITEM, "!TableName", TABLE_NAME, "ProjectionExpression", STRING,
                "ExpressionAttributeNames", NAMES)), 1, 100),
        "ReturnConsumedCapacity", choice("TOTAL", "NONE")));
    Shape globalIndex = named("GlobalSecondaryIndex", "!IndexName", INDEX_NAME, "!KeySchema", KEY_SCHEMA, "!Projection", PROJECTION,
        "ProvisionedThroughput", THROUGHPUT, "OnDemandThroughput", ON_DEMAND_THROUGHPUT,
        "WarmThroughput", WARM_THROUGHPUT);
    Shape createIndex = new Struct("CreateGlobalSecondaryIndexAction", ((Struct) globalIndex).members(),
        ((Struct) globalIndex).required());
    DYNAMODB.put("CreateTable", struct(
        "!AttributeDefinitions", ATTRIBUTE_DEFINITIONS, "!TableName", TABLE_NAME, "!KeySchema", KEY_SCHEMA,
        "LocalSecondaryIndexes", new ListOf(named("LocalSecondaryIndex", "!IndexName", INDEX_NAME, "!KeySchema", KEY_SCHEMA,
            "!Projection", PROJECTION), 0, Integer.MAX_VALUE),
        "GlobalSecondaryIndexes", new ListOf(globalIndex, 0, Integer.MAX_VALUE),
        "BillingMode", BILLING_MODE, "ProvisionedThroughput", THROUGHPUT,
        "StreamSpecification", STREAM_SPECIFICATION, "SSESpecification", SSE_SPECIFICATION, "Tags", TAGS,
        "TableClass", TABLE_CLASS, "DeletionProtectionEnabled", FLAG, "ResourcePolicy", STRING,
        "OnDemandThroughput", ON_DEMAND_THROUGHPUT, "WarmThroughput", WARM_THROUGHPUT));
    DYNAMODB.put("DescribeTable", struct("!TableName", TABLE_NAME));
    DYNAMODB.put("DeleteTable", struct("!TableName", TABLE_NAME));
    DYNAMODB.put("DescribeTimeToLive", struct("!TableName", TABLE_NAME));
    DYNAMODB.put("ListTables", struct(
        "ExclusiveStartTableName", new Text(3, 255, NAME_PATTERN, null),
        "Limit", new Whole("Integer", 1, 100)));
    DYNAMODB.put("UpdateTable", struct(
        "AttributeDefinitions", ATTRIBUTE_DEFINITIONS, "!TableName", TABLE_NAME, "BillingMode", BILLING_MODE,
        "ProvisionedThroughput", THROUGHPUT,
        "GlobalSecondaryIndexUpdates", new ListOf(named("GlobalSecondaryIndexUpdate",
            "Update", named("UpdateGlobalSecondaryIndexAction", "!IndexName", INDEX_NAME, "ProvisionedThroughput", THROUGHPUT,
                "OnDemandThroughput", ON_DEMAND_THROUGHPUT, "WarmThroughput", WARM_THROUGHPUT),
            "Create", createIndex,
            "Delete", named("DeleteGlobalSecondaryIndexAction", "!IndexName", INDEX_NAME)), 0, Integer.MAX_VALUE),
        "StreamSpecification", STREAM_SPECIFICATION, "SSESpecification", SSE_SPECIFICATION,
        "TableClass", TABLE_CLASS, "DeletionProtectionEnabled", FLAG,
        "OnDemandThroughput", ON_DEMAND_THROUGHPUT, "WarmThroughput", WARM_THROUGHPUT,
        "MultiRegionConsistency", choice("EVENTUAL", "STRONG")));
    DYNAMODB.put("UpdateTimeToLive", struct(
        "!TableName", TABLE_NAME,
        "!TimeToLiveSpecification", named("TimeToLiveSpecification", "!Enabled", FLAG, "!AttributeName", KEY_ATTRIBUTE_NAME)));
    // The tag operations check their ResourceArn and its list in their own words (Precheck).
    DYNAMODB.put("TagResource", struct("ResourceArn", STRING, "Tags", TAGS));
    DYNAMODB.put("UntagResource", struct(
        "ResourceArn", STRING, "TagKeys", new ListOf(new Text(1, 128, null, null), 0, Integer.MAX_VALUE)));
    DYNAMODB.put("ListTagsOfResource", struct("ResourceArn", STRING, "NextToken", STRING));

    STREAMS.put("ListStreams", struct(
        "TableName", new Text(3, 255, NAME_PATTERN, null), "Limit", new Whole("Integer", 1, 100),
        "ExclusiveStartStreamArn", STREAM_ARN));
    STREAMS.put("DescribeStream", struct(
        "!StreamArn", STREAM_ARN, "Limit", new Whole("Integer", 1, 100),
        "ExclusiveStartShardId", new Text(28, 65, null, null)));
    STREAMS.put("GetShardIterator", struct(
        "!StreamArn", STREAM_ARN, "!ShardId", new Text(28, 65, null, null),
        "!ShardIteratorType", choice("TRIM_HORIZON", "LATEST", "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER"),
        "SequenceNumber", new Text(21, 40, null, null)));
    STREAMS.put("GetRecords", struct(
        "!ShardIterator", new Text(1, 2048, null, null), "Limit", new Whole("Integer", 1, 1000)));
  }

  /** The table operations, which check their TableName on its own before the other constraints. */
  private static final java.util.Set<String> TABLE_OPERATIONS =
      java.util.Set.of("CreateTable", "DeleteTable", "DescribeTable", "DescribeTimeToLive", "UpdateTable");

  private static void tableName(JsonNode name) {
    if (name == null || name.isNull()) {
      throw DynamoDbError.validation("The parameter 'TableName' is required but was not present in the request");
    }
    String text = name.textValue();
    int length = text.codePointCount(0, text.length());
    if (!text.startsWith("arn:") && (length < 3 || length > 255)) {
      throw DynamoDbError.validation("TableName must be at least 3 characters long and at most 255 characters long");
    }
  }

  /** Whether the engine knows the operation (of the Streams API, {@code streamsApi} true). */
  static boolean known(String operation, boolean streamsApi) {
    return (streamsApi ? STREAMS : DYNAMODB).containsKey(operation);
  }

  /**
   * Checks a request against its operation's shape: SerializationException for a member of the
   * wrong JSON type, then ValidationException listing the violated constraints.
   *
   * @return whether the request holds a {@code null} member somewhere in its structures
   */
  static boolean check(String operation, boolean streamsApi, JsonNode request) {
    Struct shape = (streamsApi ? STREAMS : DYNAMODB).get(operation);
    if (shape == null) {
      return false;
    }
    boolean[] nulls = {false};
    types(request, shape, Place.FIELD, nulls, 0);
    if (TABLE_OPERATIONS.contains(operation) && !streamsApi) {
      tableName(request.get("TableName"));
    }
    List<String> violations = new ArrayList<>();
    constraints(request, shape, "", violations);
    if (!violations.isEmpty()) {
      List<String> reported = violations.size() > MAX_REPORTED ? violations.subList(0, MAX_REPORTED) : violations;
      throw DynamoDbError.validation(reported.size() + " validation error" + (reported.size() > 1 ? "s" : "")
          + " detected: " + String.join("; ", reported));
    }
    return nulls[0];
  }

  /** A copy of the request without its {@code null} members, which DynamoDB reads as absent. */
  static JsonNode withoutNulls(JsonNode node) {
    if (node.isObject()) {
      ObjectNode copy = ((ObjectNode) node).objectNode();
      node.fields().forEachRemaining(field -> {
        if (!field.getValue().isNull()) {
          copy.set(field.getKey(), withoutNulls(field.getValue()));
        }
      });
      return copy;
    }
    if (node.isArray()) {
      com.fasterxml.jackson.databind.node.ArrayNode copy = ((com.fasterxml.jackson.databind.node.ArrayNode) node).arrayNode();
      node.forEach(element -> copy.add(withoutNulls(element)));
      return copy;
    }
    return node;
  }

  // ------------------------------------------------------------------ types

  /** Where a value sits: a member of a structure, or an element of a list or a value of a map. */
  private enum Place { FIELD, ELEMENT }

  private static final String MODEL = "com.amazonaws.dynamodb.v20120810.";
  private static final String CAST = "class sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl cannot be "
      + "cast to class java.lang.Class (sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl and "
      + "java.lang.Class are in module java.base of loader 'bootstrap')";

  /** An AttributeValue's members; {@code L} and {@code M} hold AttributeValues again. */
  private static final Struct ATTRIBUTE_VALUE = named("AttributeValue",
      "S", STRING, "N", STRING, "B", new Blob(), "SS", new ListOf(STRING, 0, Integer.MAX_VALUE),
      "NS", new ListOf(STRING, 0, Integer.MAX_VALUE), "BS", new ListOf(new Blob(), 0, Integer.MAX_VALUE),
      "M", new MapOf(ATTRIBUTE, 0, Integer.MAX_VALUE), "L", new ListOf(ATTRIBUTE, 0, Integer.MAX_VALUE),
      "NULL", FLAG, "BOOL", FLAG);

  /**
   * Checks a value's JSON type against its shape, with the message DynamoDB's reader gives for each
   * mismatch; {@code null} anywhere reads as absent.
   */
  private static void types(JsonNode node, Shape shape, Place place, boolean[] nulls, int depth) {
    if (shape instanceof TableMap tables) {
      shape = tables.map();
    }
    if (node == null || node.isNull()) {
      return;
    }
    if (depth > 200) {
      // Far deeper than any shape or DynamoDB's 32 levels of attribute values: the engine refuses
      // such an item later, with DynamoDB's nesting message.
      return;
    }
    if (shape instanceof Attribute) {
      shape = ATTRIBUTE_VALUE;
    }
    if (shape instanceof Text) {
      scalar(node, "String");
    } else if (shape instanceof Whole whole) {
      if (node.isTextual()) {
        throw serialization("STRING_VALUE cannot be converted to " + whole.name());
      }
      scalar(node, whole.name());
      boolean fits = whole.name().equals("Integer")
          ? node.isIntegralNumber() ? node.canConvertToInt() : Math.abs(node.doubleValue()) <= Integer.MAX_VALUE
          : node.isIntegralNumber() ? node.canConvertToLong() : Math.abs(node.doubleValue()) <= Long.MAX_VALUE;
      if (!fits) {
        throw serialization("Numeric value (" + node.asText() + ") out of range of " + whole.name());
      }
    } else if (shape instanceof Flag) {
      if (node.isTextual()) {
        if (Requests.flag(node) == null) {
          throw serialization("Unexpected token received from parser");
        }
        return;
      }
      scalar(node, "Boolean");
    } else if (shape instanceof Blob) {
      if (node.isArray()) {
        throw serialization("Unrecognized collection type class java.nio.ByteBuffer");
      }
      if (node.isObject()) {
        throw serialization("Start of structure or map found where not expected");
      }
      if (!node.isTextual()) {
        throw serialization("only base-64-encoded strings are convertible to bytes");
      }
      checkBase64(node.textValue());
    } else if (shape instanceof ListOf list) {
      if (node.isObject()) {
        throw serialization("Start of structure or map found where not expected");
      }
      if (!node.isArray()) {
        throw serialization(place == Place.FIELD ? "Unexpected field type" : CAST);
      }
      for (JsonNode element : node) {
        if (element.isNull()) {
          nulls[0] = true;
        }
        types(element, list.member(), Place.ELEMENT, nulls, depth + 1);
      }
    } else if (shape instanceof MapOf map) {
      if (node.isArray()) {
        throw serialization("Unrecognized collection type java.util.Map<java.lang.String, " + javaType(map.value()) + ">");
      }
      if (!node.isObject()) {
        throw serialization(place == Place.FIELD ? "Unexpected field type" : CAST);
      }
      for (JsonNode value : node) {
        if (value.isNull()) {
          nulls[0] = true;
        }
        types(value, map.value(), Place.ELEMENT, nulls, depth + 1);
      }
    } else if (shape instanceof Struct struct) {
      if (node.isArray()) {
        throw serialization("Unrecognized collection type class " + MODEL + struct.name());
      }
      if (!node.isObject()) {
        throw serialization(place == Place.FIELD ? "Unexpected field type" : "Unexpected value type in payload");
      }
      for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (field.getValue().isNull()) {
          nulls[0] = true;
          continue;
        }
        Shape member = struct.members().get(field.getKey());
        if (member != null) {
          types(field.getValue(), member, Place.FIELD, nulls, depth + 1);
        }
      }
    }
  }

  /** A scalar member of a Java type ({@code String}, {@code Integer}, {@code Long}, {@code Boolean}). */
  private static void scalar(JsonNode node, String javaName) {
    if (node.isArray()) {
      throw serialization("Unrecognized collection type class java.lang." + javaName);
    }
    if (node.isObject()) {
      throw serialization("Start of structure or map found where not expected");
    }
    String kind = node.isBoolean() ? node.booleanValue() ? "TRUE_VALUE" : "FALSE_VALUE"
        : node.isIntegralNumber() ? "NUMBER_VALUE"
        : node.isNumber() ? "DECIMAL_VALUE"
        : null;
    boolean fits = switch (javaName) {
      case "String" -> node.isTextual();
      case "Boolean" -> node.isBoolean();
      default -> node.isNumber();
    };
    if (!fits && kind != null) {
      throw serialization(kind + " cannot be converted to " + javaName);
    }
  }

  /** The Java type DynamoDB names for a map's values. */
  private static String javaType(Shape shape) {
    if (shape instanceof Attribute) {
      return MODEL + "AttributeValue";
    }
    if (shape instanceof Struct struct) {
      return MODEL + struct.name();
    }
    if (shape instanceof ListOf list) {
      return "java.util.List<" + javaType(list.member()) + ">";
    }
    return "java.lang.String";
  }

  private static void checkBase64(String text) {
    if (text.length() % 4 != 0) {
      throw serialization("Base64 encoded length is expected a multiple of 4 bytes but found: " + text.length());
    }
    boolean valid;
    try {
      valid = Base64.getEncoder().encodeToString(Base64.getDecoder().decode(text)).equals(text);
    } catch (IllegalArgumentException e) {
      valid = false;
    }
    if (!valid) {
      throw serialization("Invalid last non-pad Base64 character dectected");
    }
  }

  private static DynamoDbError serialization(String message) {
    return DynamoDbError.serialization(message);
  }

  // ------------------------------------------------------------------ constraints

  private static void constraints(JsonNode node, Struct struct, String parent, List<String> violations) {
    for (Map.Entry<String, Shape> member : struct.members().entrySet()) {
      String path = parent + lowerFirst(member.getKey());
      JsonNode value = node.get(member.getKey());
      if (value == null || value.isNull()) {
        if (struct.required().contains(member.getKey())) {
          violations.add(violation(null, path, "Member must not be null"));
        }
        continue;
      }
      constraints(value, member.getValue(), path, violations);
    }
  }

  private static void constraints(JsonNode value, Shape shape, String path, List<String> violations) {
    if (shape == TABLE_NAME && value.textValue().startsWith("arn:")) {
      shape = TABLE_ARN;
    }
    if (shape instanceof Text text) {
        String s = value.textValue();
        if (text.pattern() != null && !text.pattern().matcher(s).matches()) {
          violations.add(violation(s, path, "Member must satisfy regular expression pattern: " + text.pattern().pattern()));
        }
        int length = s.codePointCount(0, s.length());
        if (length < text.min()) {
          violations.add(violation(s, path, "Member must have length greater than or equal to " + text.min()));
        }
        if (length > text.max()) {
          violations.add(violation(s, path, "Member must have length less than or equal to " + text.max()));
        }
        if (text.values() != null && !text.values().contains(s)) {
          violations.add(violation(s, path, "Member must satisfy enum value set: " + text.values()));
        }
    } else if (shape instanceof Whole whole) {
        long number = value.isIntegralNumber() ? value.longValue() : (long) value.doubleValue();
        if (number < whole.min()) {
          violations.add(violation(Long.toString(number), path, "Member must have value greater than or equal to " + whole.min()));
        }
        if (number > whole.max()) {
          violations.add(violation(Long.toString(number), path, "Member must have value less than or equal to " + whole.max()));
        }
    } else if (shape instanceof ListOf list) {
        length(value, path, list.min(), list.max(), violations);
        elements(value, list, path, violations);
    } else if (shape instanceof TableMap tables) {
        // Each constraint on the table names, or on the lists of requests, is one violation of the
        // whole map, as DynamoDB words it (BatchGetItem, BatchWriteItem: RequestItems).
        Text name = (Text) TABLE_NAME;
        boolean badKey = false;
        boolean badValue = false;
        for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
          Map.Entry<String, JsonNode> field = fields.next();
          int length = field.getKey().codePointCount(0, field.getKey().length());
          badKey |= length < name.min() || length > name.max() || !name.pattern().matcher(field.getKey()).matches();
          if (tables.map().value() instanceof ListOf list && field.getValue().isArray()) {
            badValue |= field.getValue().size() < list.min() || field.getValue().size() > list.max();
          }
        }
        if (badKey) {
          violations.add(violation(render(value), path, "Map keys must satisfy constraint: [Member must have length less "
              + "than or equal to " + name.max() + ", Member must have length greater than or equal to " + name.min()
              + ", Member must satisfy regular expression pattern: " + name.pattern().pattern() + "]"));
        }
        if (badValue && tables.map().value() instanceof ListOf list) {
          violations.add(violation(render(value), path, "Map value must satisfy constraint: [Member must have length "
              + "less than or equal to " + list.max() + ", Member must have length greater than or equal to "
              + list.min() + "]"));
        }
        length(value, path, tables.map().min(), tables.map().max(), violations);
        members(value, tables.map(), path, true, violations);
    } else if (shape instanceof MapOf map) {
        length(value, path, map.min(), map.max(), violations);
        members(value, map, path, false, violations);
    } else if (shape instanceof Struct struct) {
      constraints(value, struct, path + ".", violations);
    }
  }

  /** The number of elements of a list or entries of a map, within its bounds. */
  private static void length(JsonNode value, String path, int min, int max, List<String> violations) {
    if (value.size() < min) {
      violations.add(violation(render(value), path, "Member must have length greater than or equal to " + min));
    }
    if (value.size() > max) {
      violations.add(violation(render(value), path, "Member must have length less than or equal to " + max));
    }
  }

  /** Each element of a list, numbered from 1 in its path. */
  private static void elements(JsonNode value, ListOf list, String path, List<String> violations) {
    int index = 1;
    for (JsonNode element : value) {
      String elementPath = path + "." + index++ + ".member";
      if (element.isNull()) {
        violations.add(violation(null, elementPath, "Member must not be null"));
      } else {
        constraints(element, list.member(), elementPath, violations);
      }
    }
  }

  /**
   * Each value of a map; {@code lengthsReported} when a list value's own length was reported for
   * the whole map, so that only its elements are checked here.
   */
  private static void members(JsonNode value, MapOf map, String path, boolean lengthsReported,
      List<String> violations) {
    for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (field.getValue().isNull()) {
        continue;
      }
      String memberPath = path + "." + field.getKey() + ".member";
      if (lengthsReported && map.value() instanceof ListOf list) {
        elements(field.getValue(), list, memberPath, violations);
      } else {
        constraints(field.getValue(), map.value(), memberPath, violations);
      }
    }
  }

  private static String violation(String value, String path, String constraint) {
    return "Value " + (value == null ? "null" : "'" + value + "'") + " at '" + path + "' failed to satisfy constraint: "
        + constraint;
  }

  /** A value as DynamoDB prints it in a constraint message: lists in brackets, maps in braces. */
  private static String render(JsonNode node) {
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isArray()) {
      List<String> parts = new ArrayList<>();
      node.forEach(element -> parts.add(render(element)));
      return "[" + String.join(", ", parts) + "]";
    }
    if (node.isObject()) {
      List<String> parts = new ArrayList<>();
      node.fields().forEachRemaining(field -> parts.add(field.getKey() + "=" + render(field.getValue())));
      return "{" + String.join(", ", parts) + "}";
    }
    return node.asText();
  }

  private static String lowerFirst(String name) {
    return Character.toLowerCase(name.charAt(0)) + name.substring(1);
  }

  // ------------------------------------------------------------------ builders

  private static Text choice(String... values) {
    return new Text(0, Integer.MAX_VALUE, null, List.of(values));
  }

  /** A request's structure from name and shape pairs; a name that starts with '!' is required. */
  private static Struct struct(Object... pairs) {
    return named("Request", pairs);
  }

  /** A structure of the API's model, by its name there, from name and shape pairs. */
  private static Struct named(String name, Object... pairs) {
    Map<String, Shape> members = new TreeMap<>();
    List<String> required = new ArrayList<>();
    for (int i = 0; i < pairs.length; i += 2) {
      String member = (String) pairs[i];
      if (member.startsWith("!")) {
        member = member.substring(1);
        required.add(member);
      }
      members.put(member, (Shape) pairs[i + 1]);
    }
    return new Struct(name, members, List.copyOf(required));
  }
}
