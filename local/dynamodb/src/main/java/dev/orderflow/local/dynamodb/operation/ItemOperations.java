package dev.orderflow.local.dynamodb.operation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.dynamodb.expression.ExpressionAttributes;
import dev.orderflow.local.dynamodb.expression.Projection;
import dev.orderflow.local.dynamodb.table.AttributeValue;
import dev.orderflow.local.dynamodb.table.AttributeValues;
import dev.orderflow.local.dynamodb.DynamoDbError;
import dev.orderflow.local.dynamodb.table.ItemKey;
import dev.orderflow.local.dynamodb.table.Table;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** PutItem, GetItem, UpdateItem, DeleteItem, BatchGetItem and BatchWriteItem. */
final class ItemOperations {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final int MAX_BATCH_GET = 100;
  private static final int MAX_BATCH_WRITE = 25;
  private static final long MAX_BATCH_GET_BYTES = 16L * 1024 * 1024;

  private final Database database;

  ItemOperations(Database database) {
    this.database = database;
  }

  ObjectNode putItem(JsonNode request) {
    return write(WriteAction.parse(WriteAction.Kind.PUT, request, database, false), request);
  }

  ObjectNode updateItem(JsonNode request) {
    return write(WriteAction.parse(WriteAction.Kind.UPDATE, request, database, false), request);
  }

  ObjectNode deleteItem(JsonNode request) {
    return write(WriteAction.parse(WriteAction.Kind.DELETE, request, database, false), request);
  }

  private ObjectNode write(WriteAction action, JsonNode request) {
    Map<String, AttributeValue> current = action.table.get(action.key);
    Map<String, AttributeValue> next = action.evaluate(current);
    action.table.write(action.key, next);
    ObjectNode response = JSON.objectNode();
    Map<String, AttributeValue> returned = switch (action.returnValues) {
      case "ALL_OLD" -> current;
      case "ALL_NEW" -> next;
      case "UPDATED_OLD" -> current == null ? null : action.update == null ? null : action.update.updatedPaths().apply(current);
      case "UPDATED_NEW" -> next == null ? null : action.update == null ? null : action.update.updatedPaths().apply(next);
      default -> null;
    };
    if (returned != null && !returned.isEmpty()) {
      response.set("Attributes", AttributeValues.toJson(returned));
    }
    writeCapacity(response, request, action.table, current, next, 1);
    return response;
  }

  ObjectNode getItem(JsonNode request) {
    String tableName = Requests.required(request, "TableName", "tableName");
    Projection projection = projection(request);
    Map<String, AttributeValue> given = Items.keyValues(request.get("Key"));
    Table table = database.table(tableName);
    Map<String, AttributeValue> key = Items.key(table, given);
    Items.checkScalarKeys(table, projection);
    Map<String, AttributeValue> item = table.get(key);
    ObjectNode response = JSON.objectNode();
    if (item != null) {
      response.set("Item", AttributeValues.toJson(projection == null ? item : projection.apply(item)));
    }
    capacity(response, request, table, readUnits(item == null ? 0 : AttributeValues.size(item),
        Requests.bool(request, "ConsistentRead")));
    return response;
  }

  ObjectNode batchGetItem(JsonNode request) {
    JsonNode requestItems = requestItems(request);
    int total = 0;
    ObjectNode response = JSON.objectNode();
    ObjectNode responses = response.putObject("Responses");
    List<Runnable> reads = new ArrayList<>();
    Map<String, Double> units = new java.util.LinkedHashMap<>();
    long[] answered = {0};
    response.putObject("UnprocessedKeys");
    // Every table's part is checked before any table is looked up, as DynamoDB does.
    int requested = 0;
    for (JsonNode tableRequest : requestItems) {
      JsonNode keys = tableRequest.path("Keys");
      requested += keys.size();
      if (requested > MAX_BATCH_GET) {
        throw DynamoDbError.validation("Too many items requested for the BatchGetItem call");
      }
      projection(tableRequest);
      keys.forEach(Items::keyValues);
    }
    Iterator<Map.Entry<String, JsonNode>> tables = requestItems.fields();
    while (tables.hasNext()) {
      Map.Entry<String, JsonNode> entry = tables.next();
      Table table = database.table(entry.getKey());
      JsonNode keys = entry.getValue().get("Keys");
      if (keys == null || !keys.isArray() || keys.isEmpty()) {
        throw DynamoDbError.validation("1 validation error detected: Value null at 'requestItems." + entry.getKey()
            + ".member.keys' failed to satisfy constraint: Member must have length greater than or equal to 1");
      }
      total += keys.size();
      if (total > MAX_BATCH_GET) {
        throw DynamoDbError.validation("Too many items requested for the BatchGetItem call");
      }
      Projection projection = projection(entry.getValue());
      Items.checkScalarKeys(table, projection);
      Set<ItemKey> seen = new HashSet<>();
      List<Map<String, AttributeValue>> parsed = new ArrayList<>();
      for (JsonNode keyNode : keys) {
        Map<String, AttributeValue> key = Items.key(table, keyNode);
        if (!seen.add(table.keyOf(key))) {
          throw DynamoDbError.validation("Provided list of item keys contains duplicates");
        }
        parsed.add(key);
      }
      ArrayNode found = responses.putArray(entry.getKey());
      JsonNode tableRequest = entry.getValue();
      String tableName = entry.getKey();
      boolean consistent = Requests.bool(tableRequest, "ConsistentRead");
      reads.add(() -> {
        for (Map<String, AttributeValue> key : parsed) {
          Map<String, AttributeValue> item = table.get(key);
          if (answered[0] < MAX_BATCH_GET_BYTES) {
            // Each key read is charged, a missing item as the smallest read.
            units.merge(tableName, readUnits(item == null ? 0 : AttributeValues.size(item), consistent), Double::sum);
          }
          // Past 16 MB of answer, the remaining keys come back unprocessed, as DynamoDB does.
          if (answered[0] >= MAX_BATCH_GET_BYTES) {
            unprocessed(response, tableName, tableRequest, key);
            continue;
          }
          if (item != null) {
            Map<String, AttributeValue> answer = projection == null ? item : projection.apply(item);
            long size = AttributeValues.size(answer);
            if (answered[0] + size > MAX_BATCH_GET_BYTES) {
              // The answer would pass 16 MB: this key and the rest wait for the next call.
              answered[0] = MAX_BATCH_GET_BYTES;
              unprocessed(response, tableName, tableRequest, key);
              continue;
            }
            answered[0] += size;
            found.add(AttributeValues.toJson(answer));
          }
        }
      });
    }
    reads.forEach(Runnable::run);
    batchCapacity(response, request, units);
    return response;
  }

  private static void unprocessed(ObjectNode response, String tableName, JsonNode tableRequest,
      Map<String, AttributeValue> key) {
    ObjectNode unprocessedKeys = (ObjectNode) response.get("UnprocessedKeys");
    ObjectNode unprocessed = (ObjectNode) unprocessedKeys.get(tableName);
    if (unprocessed == null) {
      unprocessed = ((ObjectNode) tableRequest).deepCopy();
      unprocessed.putArray("Keys");
      unprocessedKeys.set(tableName, unprocessed);
    }
    ((ArrayNode) unprocessed.get("Keys")).add(AttributeValues.toJson(key));
  }

  ObjectNode batchWriteItem(JsonNode request) {
    JsonNode requestItems = requestItems(request);
    List<WriteAction> actions = new ArrayList<>();
    for (JsonNode writes : requestItems) {
      for (JsonNode write : writes) {
        AttributeValues.item(write.path("PutRequest").get("Item"));
        AttributeValues.item(write.path("DeleteRequest").get("Key"));
      }
    }
    Iterator<Map.Entry<String, JsonNode>> tables = requestItems.fields();
    while (tables.hasNext()) {
      Map.Entry<String, JsonNode> entry = tables.next();
      Table table = database.table(entry.getKey());
      if (!entry.getValue().isArray() || entry.getValue().isEmpty()) {
        throw DynamoDbError.validation("1 validation error detected: Value at 'requestItems." + entry.getKey()
            + "' failed to satisfy constraint: Member must have length greater than or equal to 1");
      }
      Set<ItemKey> seen = new HashSet<>();
      for (JsonNode write : entry.getValue()) {
        JsonNode put = write.get("PutRequest");
        JsonNode delete = write.get("DeleteRequest");
        if ((put == null) == (delete == null)) {
          throw DynamoDbError.validation("Supplied AttributeValue has more than one datatypes set, "
              + "a WriteRequest must have exactly one of PutRequest and DeleteRequest");
        }
        ObjectNode single = JSON.objectNode().put("TableName", table.name());
        WriteAction action;
        if (put != null) {
          single.set("Item", put.get("Item"));
          try {
            action = WriteAction.parse(WriteAction.Kind.PUT, single, database, false);
          } catch (DynamoDbError e) {
            // A batch put names no attribute when its item lacks a key or has one of the wrong type.
            String message = String.valueOf(e.getMessage());
            if (message.startsWith("One or more parameter values were invalid: Missing the key ")
                || message.startsWith("One or more parameter values were invalid: Type mismatch for key ")) {
              throw DynamoDbError.validation("The provided key element does not match the schema");
            }
            throw e;
          }
        } else {
          single.set("Key", delete.get("Key"));
          action = WriteAction.parse(WriteAction.Kind.DELETE, single, database, false);
        }
        if (!seen.add(table.keyOf(action.key))) {
          throw DynamoDbError.validation("Provided list of item keys contains duplicates");
        }
        actions.add(action);
      }
    }
    if (actions.size() > MAX_BATCH_WRITE) {
      throw DynamoDbError.validation("1 validation error detected: Value '" + requestItems
          + "' at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: "
          + "[Member must have length less than or equal to 25, Member must have length greater than or equal to 1]");
    }
    Map<String, Double> units = new java.util.LinkedHashMap<>();
    for (WriteAction action : actions) {
      Map<String, AttributeValue> current = action.table.get(action.key);
      Map<String, AttributeValue> next = action.evaluate(current);
      action.table.write(action.key, next);
      long bytes = Math.max(current == null ? 0 : AttributeValues.size(current),
          next == null ? 0 : AttributeValues.size(next));
      units.merge(action.table.name(), writeUnits(bytes), Double::sum);
    }
    ObjectNode response = JSON.objectNode();
    response.putObject("UnprocessedItems");
    batchCapacity(response, request, units);
    return response;
  }

  /**
   * ConsumedCapacity of a batch, when the request asks for it: one entry per table, as
   * BatchGetItem and BatchWriteItem answer it
   * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html).
   */
  private static void batchCapacity(ObjectNode response, JsonNode request, Map<String, Double> units) {
    String mode = Requests.oneOf(request, "ReturnConsumedCapacity", "returnConsumedCapacity", "NONE",
        List.of("INDEXES", "TOTAL", "NONE"));
    if (mode.equals("NONE")) {
      return;
    }
    ArrayNode capacities = response.putArray("ConsumedCapacity");
    units.forEach((table, tableUnits) -> {
      ObjectNode capacity = capacities.addObject().put("TableName", table).put("CapacityUnits", tableUnits);
      if (mode.equals("INDEXES")) {
        capacity.putObject("Table").put("CapacityUnits", tableUnits);
      }
    });
  }

  private static JsonNode requestItems(JsonNode request) {
    JsonNode requestItems = request.get("RequestItems");
    if (requestItems == null || !requestItems.isObject() || requestItems.isEmpty()) {
      throw DynamoDbError.validation("1 validation error detected: Value null at 'requestItems' failed to "
          + "satisfy constraint: Member must have length greater than or equal to 1");
    }
    return requestItems;
  }

  /** The ProjectionExpression (or AttributesToGet) of a read, or null for whole items. */
  static Projection projection(JsonNode request) {
    String expression = Requests.text(request, "ProjectionExpression");
    JsonNode attributesToGet = request.get("AttributesToGet");
    boolean legacy = attributesToGet != null && !attributesToGet.isNull();
    if (legacy && expression != null) {
      throw DynamoDbError.validation("Can not use both expression and non-expression parameters in the same "
          + "request: Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}");
    }
    ExpressionAttributes attributes = Requests.attributes(request, expression != null);
    if (legacy) {
      List<String> names = new ArrayList<>();
      attributesToGet.forEach(name -> names.add(name.asText()));
      return Projection.ofAttributes(names);
    }
    if (expression == null) {
      return null;
    }
    Projection projection = Projection.parse(expression, attributes);
    attributes.checkAllUsed();
    return projection;
  }

  static double writeUnits(long bytes) {
    return Math.max(1, Math.ceil(bytes / 1024.0));
  }

  static double readUnits(long bytes, boolean consistent) {
    double units = Math.max(1, Math.ceil(bytes / 4096.0));
    return consistent ? units : units / 2;
  }

  /**
   * The write units of one item's change: the larger of its old and new image in 1 KB units, plus
   * what each secondary index that holds the item is written; times {@code factor} (2 in a
   * transaction). Adds ConsumedCapacity when the request asks for it.
   */
  static double writeCapacity(ObjectNode response, JsonNode request, Table table, Map<String, AttributeValue> current,
      Map<String, AttributeValue> next, int factor) {
    long bytes = Math.max(current == null ? 0 : AttributeValues.size(current), next == null ? 0 : AttributeValues.size(next));
    double tableUnits = writeUnits(bytes) * factor;
    Map<String, Double> indexUnits = new java.util.LinkedHashMap<>();
    double total = tableUnits;
    for (var index : table.indexes().values()) {
      double units = index.writeUnits(current, next) * factor;
      if (units > 0) {
        indexUnits.put(index.name(), units);
        total += units;
      }
    }
    if (response != null) {
      String mode = Requests.oneOf(request, "ReturnConsumedCapacity", "returnConsumedCapacity", "NONE",
          List.of("INDEXES", "TOTAL", "NONE"));
      if (!mode.equals("NONE")) {
        ObjectNode capacity = response.putObject("ConsumedCapacity");
        capacity.put("TableName", table.name());
        capacity.put("CapacityUnits", total);
        if (mode.equals("INDEXES")) {
          capacity.putObject("Table").put("CapacityUnits", tableUnits);
          for (Map.Entry<String, Double> entry : indexUnits.entrySet()) {
            boolean global = table.indexes().get(entry.getKey()).global();
            capacity.with(global ? "GlobalSecondaryIndexes" : "LocalSecondaryIndexes").putObject(entry.getKey())
                .put("CapacityUnits", entry.getValue());
          }
        }
      }
    }
    return total;
  }

  /** Adds ConsumedCapacity when the request asks for it. */
  static void capacity(ObjectNode response, JsonNode request, Table table, double units) {
    capacity(response, request, table, null, false, units);
  }

  /**
   * Adds ConsumedCapacity when the request asks for it; a read of an index is charged to the index
   * (INDEXES shows the table's share, nothing, apart from the index's).
   */
  static void capacity(ObjectNode response, JsonNode request, Table table, String index, boolean global, double units) {
    String mode = Requests.oneOf(request, "ReturnConsumedCapacity", "returnConsumedCapacity", "NONE",
        List.of("INDEXES", "TOTAL", "NONE"));
    if (mode.equals("NONE")) {
      return;
    }
    ObjectNode capacity = response.putObject("ConsumedCapacity");
    capacity.put("TableName", table.name());
    capacity.put("CapacityUnits", units);
    if (mode.equals("INDEXES")) {
      capacity.putObject("Table").put("CapacityUnits", index == null ? units : 0.0);
      if (index != null) {
        capacity.putObject(global ? "GlobalSecondaryIndexes" : "LocalSecondaryIndexes").putObject(index)
            .put("CapacityUnits", units);
      }
    }
  }
}
