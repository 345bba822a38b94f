package dev.orderflow.local.dynamodb.operation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.dynamodb.expression.Projection;
import dev.orderflow.local.dynamodb.table.AttributeValue;
import dev.orderflow.local.dynamodb.table.AttributeValues;
import dev.orderflow.local.dynamodb.DynamoDbError;
import dev.orderflow.local.dynamodb.table.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** TransactWriteItems (all or nothing, with cancellation reasons per action) and TransactGetItems. */
final class TransactionOperations {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final int MAX_ACTIONS = 100;
  private static final long MAX_BYTES = 4L * 1024 * 1024;
  private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(10);

  private final Database database;
  private final Map<String, Token> tokens = new LinkedHashMap<>();

  TransactionOperations(Database database) {
    this.database = database;
  }

  ObjectNode transactWriteItems(JsonNode request) {
    JsonNode transactItems = transactItems(request);
    String token = Requests.text(request, "ClientRequestToken");
    Instant now = database.clock.instant();
    tokens.values().removeIf(old -> old.at.plus(TOKEN_LIFETIME).isBefore(now));
    if (token != null) {
      Token seen = tokens.get(token);
      if (seen != null) {
        if (!seen.request.equals(transactItems)) {
          throw new DynamoDbError("IdempotentParameterMismatchException", 400,
              "The request uses the same client token as a previous, but non-identical request.", null);
        }
        return JSON.objectNode();
      }
    }
    // Every action is checked as far as it can be without its table before any table is looked up.
    List<WriteAction.Prepared> prepared = new ArrayList<>();
    for (JsonNode entry : transactItems) {
      List<String> kinds = new ArrayList<>();
      entry.fieldNames().forEachRemaining(kinds::add);
      if (kinds.size() != 1) {
        throw DynamoDbError.validation("TransactItems can only contain one of Check, Put, Update or Delete");
      }
      String kind = kinds.get(0);
      WriteAction.Kind actionKind = switch (kind) {
        case "ConditionCheck" -> WriteAction.Kind.CHECK;
        case "Put" -> WriteAction.Kind.PUT;
        case "Update" -> WriteAction.Kind.UPDATE;
        case "Delete" -> WriteAction.Kind.DELETE;
        default -> throw DynamoDbError.validation("Invalid transaction action: " + kind);
      };
      prepared.add(WriteAction.prepare(actionKind, entry.get(kind), true));
    }
    List<WriteAction> actions = new ArrayList<>();
    Set<String> targets = new HashSet<>();
    for (WriteAction.Prepared each : prepared) {
      WriteAction action = each.bind(database);
      if (!targets.add(action.table.name() + "\u0000" + action.table.keyOf(action.key))) {
        throw DynamoDbError.validation("Transaction request cannot include multiple operations on one item");
      }
      actions.add(action);
    }
    long size = 0;
    for (WriteAction action : actions) {
      size += AttributeValues.size(action.item != null ? action.item : action.key);
    }
    if (size > MAX_BYTES) {
      throw DynamoDbError.validation("Transaction request size has exceeded the maximum allowed size of 4 MB");
    }

    List<Map<String, AttributeValue>> results = new ArrayList<>();
    ArrayNode reasons = JSON.arrayNode();
    boolean cancelled = false;
    for (WriteAction action : actions) {
      ObjectNode reason = reasons.addObject();
      try {
        results.add(action.evaluate(action.table.get(action.key)));
        reason.put("Code", "None");
      } catch (DynamoDbError e) {
        cancelled = true;
        results.add(null);
        if (e.type().equals("ConditionalCheckFailedException")) {
          reason.put("Code", "ConditionalCheckFailed");
          reason.put("Message", e.getMessage());
          if (e.extra().has("Item")) {
            reason.set("Item", e.extra().get("Item"));
          }
        } else {
          reason.put("Code", "ValidationError");
          reason.put("Message", e.getMessage());
        }
      }
    }
    if (cancelled) {
      List<String> codes = new ArrayList<>();
      reasons.forEach(reason -> codes.add(reason.get("Code").asText()));
      ObjectNode extra = JSON.objectNode();
      extra.set("CancellationReasons", reasons);
      throw new DynamoDbError("TransactionCanceledException", 400,
          "Transaction cancelled, please refer cancellation reasons for specific reasons " + codes, extra);
    }
    double units = 0;
    String firstTable = null;
    for (int i = 0; i < actions.size(); i++) {
      WriteAction action = actions.get(i);
      firstTable = firstTable == null ? action.table.name() : firstTable;
      if (action.writes()) {
        Map<String, AttributeValue> old = action.table.write(action.key, results.get(i));
        // A transactional write costs twice a plain one (DynamoDB reads, then writes, each item).
        units += ItemOperations.writeCapacity(null, request, action.table, old, results.get(i), 2);
      } else {
        Map<String, AttributeValue> item = action.table.get(action.key);
        units += 2 * ItemOperations.writeUnits(item == null ? 0 : AttributeValues.size(item));
      }
    }
    if (token != null) {
      tokens.put(token, new Token(transactItems, now));
    }
    ObjectNode response = JSON.objectNode();
    if (!Requests.oneOf(request, "ReturnConsumedCapacity", "returnConsumedCapacity", "NONE",
        List.of("INDEXES", "TOTAL", "NONE")).equals("NONE")) {
      response.putArray("ConsumedCapacity").addObject().put("TableName", firstTable).put("CapacityUnits", units);
    }
    return response;
  }

  ObjectNode transactGetItems(JsonNode request) {
    JsonNode transactItems = transactItems(request);
    ObjectNode response = JSON.objectNode();
    ArrayNode responses = response.putArray("Responses");
    List<Runnable> reads = new ArrayList<>();
    for (JsonNode entry : transactItems) {
      JsonNode get = entry.get("Get");
      if (get == null || entry.size() != 1) {
        throw DynamoDbError.validation("TransactItems of TransactGetItems can only contain Get");
      }
      ItemOperations.projection(get);
      Items.keyValues(get.get("Key"));
    }
    for (JsonNode entry : transactItems) {
      JsonNode get = entry.get("Get");
      Table table = database.table(Requests.required(get, "TableName", "tableName"));
      Map<String, AttributeValue> key = Items.key(table, get.get("Key"));
      Projection projection = ItemOperations.projection(get);
      reads.add(() -> {
        ObjectNode result = responses.addObject();
        Map<String, AttributeValue> item = table.get(key);
        if (item != null) {
          result.set("Item", AttributeValues.toJson(projection == null ? item : projection.apply(item)));
        }
      });
    }
    reads.forEach(Runnable::run);
    return response;
  }

  private static JsonNode transactItems(JsonNode request) {
    JsonNode items = request.get("TransactItems");
    if (items == null || !items.isArray() || items.isEmpty()) {
      throw DynamoDbError.validation("1 validation error detected: Value null at 'transactItems' failed to "
          + "satisfy constraint: Member must have length greater than or equal to 1");
    }
    if (items.size() > MAX_ACTIONS) {
      throw DynamoDbError.validation("1 validation error detected: Value at 'transactItems' failed to satisfy "
          + "constraint: Member must have length less than or equal to " + MAX_ACTIONS);
    }
    return items;
  }

  private record Token(JsonNode request, Instant at) {}

}
