package dev.orderflow.local.dynamodb.operation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.dynamodb.DynamoDbError;
import dev.orderflow.local.dynamodb.table.Table;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * TagResource, UntagResource and ListTagsOfResource on tables, named by their ARN. The tags that
 * CreateTable was given are the table's first tags.
 */
final class TagOperations {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  /** DynamoDB's limit of tags on one resource. */
  private static final int MAX_TAGS = 50;

  private final Database database;

  TagOperations(Database database) {
    this.database = database;
  }

  ObjectNode tagResource(JsonNode request) {
    String arn = request.get("ResourceArn").textValue();
    JsonNode tags = request.get("Tags");
    if (tags.isEmpty()) {
      throw DynamoDbError.validation("Atleast one Tag needs to be provided as Input.");
    }
    Table table = table(arn);
    Map<String, String> current = tags(table);
    for (JsonNode tag : tags) {
      current.put(tag.get("Key").textValue(), tag.get("Value").textValue());
    }
    if (current.size() > MAX_TAGS) {
      throw new DynamoDbError("LimitExceededException", 400,
          "The number of tags on the resource would exceed the limit of " + MAX_TAGS, null);
    }
    store(table, current);
    return JSON.objectNode();
  }

  ObjectNode untagResource(JsonNode request) {
    String arn = request.get("ResourceArn").textValue();
    JsonNode keys = request.get("TagKeys");
    if (keys.isEmpty()) {
      throw DynamoDbError.validation("Atleast one Tag Key needs to be provided as Input.");
    }
    Table table;
    try {
      table = table(arn);
    } catch (DynamoDbError e) {
      // UntagResource names no ARN when the table is unknown, unlike TagResource and ListTagsOfResource.
      if (e.type().equals("ResourceNotFoundException")) {
        throw DynamoDbError.resourceNotFound("Requested resource not found");
      }
      throw e;
    }
    Map<String, String> current = tags(table);
    keys.forEach(key -> current.remove(key.textValue()));
    store(table, current);
    return JSON.objectNode();
  }

  ObjectNode listTagsOfResource(JsonNode request) {
    Table table = table(request.get("ResourceArn").textValue());
    ObjectNode response = JSON.objectNode();
    ArrayNode list = response.putArray("Tags");
    tags(table).forEach((key, value) -> list.addObject().put("Key", key).put("Value", value));
    return response;
  }

  /** The table an ARN names; a malformed ARN is a validation error, an unknown table is not found. */
  private Table table(String arn) {
    String prefix = "arn:aws:dynamodb:" + database.region + ":" + database.account + ":table/";
    if (!arn.startsWith("arn:") || !arn.contains(":table/") || arn.endsWith(":table/")) {
      throw DynamoDbError.validation("Invalid TableArn: Invalid ResourceArn provided as input " + arn);
    }
    String name = arn.substring(arn.indexOf(":table/") + ":table/".length());
    Table table = arn.startsWith(prefix) ? database.tables.get(name) : null;
    if (table == null || name.contains("/")) {
      throw DynamoDbError.resourceNotFound("Requested resource not found: ResourcArn: " + arn + " not found");
    }
    return table;
  }

  private static Map<String, String> tags(Table table) {
    Map<String, String> tags = new LinkedHashMap<>();
    Object stored = table.settings().get("Tags");
    if (stored instanceof JsonNode list) {
      for (JsonNode tag : list) {
        tags.put(tag.path("Key").asText(), tag.path("Value").asText());
      }
    }
    return tags;
  }

  private static void store(Table table, Map<String, String> tags) {
    ArrayNode list = JSON.arrayNode();
    tags.forEach((key, value) -> list.addObject().put("Key", key).put("Value", value));
    table.settings().put("Tags", list);
  }
}
