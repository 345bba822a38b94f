package dev.orderflow.local.appsync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.gateway.CallGateway;
import dev.orderflow.local.gateway.Caller;
import dev.orderflow.local.gateway.ServiceException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/**
 * The request objects of APPSYNC_JS code for an AMAZON_DYNAMODB data source, run on the table engine,
 * and the results shaped as AppSync shapes them: items as plain JSON, {@code nextToken} as an opaque
 * token, errors typed {@code DynamoDB:<exception>}.
 */
final class DynamoDbDataSource {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final CallGateway gateway;

  DynamoDbDataSource(CallGateway gateway) {
    this.gateway = gateway;
  }

  /** The data source's outcome: a result, or an error for {@code ctx.error}. */
  record Outcome(JsonNode result, String errorMessage, String errorType) {

    static Outcome ok(JsonNode result) {
      return new Outcome(result, null, null);
    }

    static Outcome error(String message, String type) {
      return new Outcome(NODES.nullNode(), message, type);
    }

    static Outcome error(String message, String type, JsonNode result) {
      return new Outcome(result, message, type);
    }
  }

  Outcome execute(Caller caller, String tableName, JsonNode request) {
    String operation = request.path("operation").asText("");
    try {
      return switch (operation) {
        case "GetItem" -> getItem(caller, tableName, request);
        case "PutItem" -> putItem(caller, tableName, request);
        case "UpdateItem" -> updateItem(caller, tableName, request);
        case "DeleteItem" -> deleteItem(caller, tableName, request);
        case "Query" -> queryOrScan(caller, "Query", tableName, request);
        case "Scan" -> queryOrScan(caller, "Scan", tableName, request);
        case "BatchGetItem" -> batchGet(caller, request);
        case "BatchPutItem" -> batchWrite(caller, request, true);
        case "BatchDeleteItem" -> batchWrite(caller, request, false);
        case "TransactGetItems" -> transactGet(caller, request);
        case "TransactWriteItems" -> transactWrite(caller, tableName, request);
        default -> Outcome.error("Unsupported operation '" + operation + "'. The request object's operation must be one"
            + " of GetItem, PutItem, UpdateItem, DeleteItem, Query, Scan, BatchGetItem, BatchPutItem, BatchDeleteItem,"
            + " TransactGetItems or TransactWriteItems", "DynamoDB:UnsupportedOperation");
      };
    } catch (ServiceException e) {
      String type = "ValidationException".equals(e.code()) ? "DynamoDbException" : e.code();
      JsonNode result = NODES.nullNode();
      if (e.details() != null && e.details().has("CancellationReasons")) {
        ObjectNode r = NODES.objectNode();
        ArrayNode reasons = r.putArray("cancellationReasons");
        for (JsonNode reason : e.details().get("CancellationReasons")) {
          ObjectNode each = reasons.addObject();
          each.put("type", reason.path("Code").asText());
          each.put("message", reason.path("Message").asText(null));
          if (reason.has("Item")) {
            each.set("item", unmarshallMap(reason.get("Item")));
          }
        }
        result = r;
      } else if (e.details() != null && e.details().has("Item")) {
        result = unmarshallMap(e.details().get("Item"));
      }
      return Outcome.error(e.getMessage(), "DynamoDB:" + type, result);
    } catch (InvalidToken e) {
      return Outcome.error(e.getMessage(), "DynamoDB:DynamoDbException");
    }
  }

  private Outcome getItem(Caller caller, String table, JsonNode request) {
    ObjectNode call = base(table);
    call.set("Key", request.path("key"));
    if (request.path("consistentRead").asBoolean(false)) {
      call.put("ConsistentRead", true);
    }
    projection(call, request.path("projection"));
    JsonNode answer = gateway.call(caller, "dynamodb", "GetItem", call);
    return Outcome.ok(answer.has("Item") ? unmarshallMap(answer.get("Item")) : NODES.nullNode());
  }

  private Outcome putItem(Caller caller, String table, JsonNode request) {
    ObjectNode call = base(table);
    ObjectNode item = NODES.objectNode();
    item.setAll(objectOrEmpty(request.path("attributeValues")));
    item.setAll(objectOrEmpty(request.path("key")));
    call.set("Item", item);
    condition(call, request.path("condition"));
    gateway.call(caller, "dynamodb", "PutItem", call);
    return Outcome.ok(unmarshallMap(item));
  }

  private Outcome updateItem(Caller caller, String table, JsonNode request) {
    ObjectNode call = base(table);
    call.set("Key", request.path("key"));
    JsonNode update = request.path("update");
    call.put("UpdateExpression", update.path("expression").asText());
    merge(call, update);
    condition(call, request.path("condition"));
    call.put("ReturnValues", "ALL_NEW");
    JsonNode answer = gateway.call(caller, "dynamodb", "UpdateItem", call);
    return Outcome.ok(answer.has("Attributes") ? unmarshallMap(answer.get("Attributes")) : NODES.nullNode());
  }

  private Outcome deleteItem(Caller caller, String table, JsonNode request) {
    ObjectNode call = base(table);
    call.set("Key", request.path("key"));
    condition(call, request.path("condition"));
    call.put("ReturnValues", "ALL_OLD");
    JsonNode answer = gateway.call(caller, "dynamodb", "DeleteItem", call);
    return Outcome.ok(answer.has("Attributes") ? unmarshallMap(answer.get("Attributes")) : NODES.nullNode());
  }

  private Outcome queryOrScan(Caller caller, String operation, String table, JsonNode request) {
    ObjectNode call = base(table);
    if ("Query".equals(operation)) {
      JsonNode query = request.path("query");
      call.put("KeyConditionExpression", query.path("expression").asText());
      merge(call, query);
      if (request.has("scanIndexForward") && !request.get("scanIndexForward").isNull()) {
        call.put("ScanIndexForward", request.get("scanIndexForward").asBoolean());
      }
    } else {
      if (request.hasNonNull("segment")) {
        call.put("Segment", request.get("segment").asInt());
        call.put("TotalSegments", request.path("totalSegments").asInt());
      }
    }
    if (request.hasNonNull("index")) {
      call.put("IndexName", request.get("index").asText());
    }
    JsonNode filter = request.path("filter");
    if (filter.hasNonNull("expression")) {
      call.put("FilterExpression", filter.get("expression").asText());
      merge(call, filter);
    }
    if (request.hasNonNull("limit")) {
      call.put("Limit", request.get("limit").asInt());
    }
    if (request.path("consistentRead").asBoolean(false)) {
      call.put("ConsistentRead", true);
    }
    if (request.hasNonNull("select")) {
      call.put("Select", request.get("select").asText());
    }
    projection(call, request.path("projection"));
    if (request.hasNonNull("nextToken")) {
      call.set("ExclusiveStartKey", decodeToken(request.get("nextToken").asText()));
    }
    JsonNode answer = gateway.call(caller, "dynamodb", operation, call);
    ObjectNode result = NODES.objectNode();
    ArrayNode items = result.putArray("items");
    for (JsonNode item : answer.path("Items")) {
      items.add(unmarshallMap(item));
    }
    result.set("nextToken", answer.has("LastEvaluatedKey")
        ? NODES.textNode(encodeToken(answer.get("LastEvaluatedKey"))) : NODES.nullNode());
    result.put("scannedCount", answer.path("ScannedCount").asInt());
    return Outcome.ok(result);
  }

  private Outcome batchGet(Caller caller, JsonNode request) {
    ObjectNode call = NODES.objectNode();
    ObjectNode requestItems = call.putObject("RequestItems");
    Iterator<Map.Entry<String, JsonNode>> tables = request.path("tables").fields();
    while (tables.hasNext()) {
      Map.Entry<String, JsonNode> t = tables.next();
      ObjectNode each = requestItems.putObject(t.getKey());
      each.set("Keys", t.getValue().path("keys"));
      if (t.getValue().path("consistentRead").asBoolean(false)) {
        each.put("ConsistentRead", true);
      }
      projection(each, t.getValue().path("projection"));
    }
    JsonNode answer = gateway.call(caller, "dynamodb", "BatchGetItem", call);
    ObjectNode result = NODES.objectNode();
    ObjectNode data = result.putObject("data");
    ObjectNode unprocessed = result.putObject("unprocessedKeys");
    tables = request.path("tables").fields();
    while (tables.hasNext()) {
      Map.Entry<String, JsonNode> t = tables.next();
      // AppSync answers the items in the order of the keys, with null for a key that has no item.
      ArrayNode items = data.putArray(t.getKey());
      JsonNode found = answer.path("Responses").path(t.getKey());
      for (JsonNode key : t.getValue().path("keys")) {
        JsonNode match = NODES.nullNode();
        for (JsonNode item : found) {
          if (matchesKey(item, key)) {
            match = unmarshallMap(item);
            break;
          }
        }
        items.add(match);
      }
      ArrayNode left = unprocessed.putArray(t.getKey());
      for (JsonNode key : answer.path("UnprocessedKeys").path(t.getKey()).path("Keys")) {
        left.add(unmarshallMap(key));
      }
    }
    return Outcome.ok(result);
  }

  private static boolean matchesKey(JsonNode item, JsonNode key) {
    Iterator<Map.Entry<String, JsonNode>> it = key.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> part = it.next();
      if (!part.getValue().equals(item.get(part.getKey()))) {
        return false;
      }
    }
    return true;
  }

  private Outcome batchWrite(Caller caller, JsonNode request, boolean put) {
    ObjectNode call = NODES.objectNode();
    ObjectNode requestItems = call.putObject("RequestItems");
    Iterator<Map.Entry<String, JsonNode>> tables = request.path("tables").fields();
    while (tables.hasNext()) {
      Map.Entry<String, JsonNode> t = tables.next();
      ArrayNode writes = requestItems.putArray(t.getKey());
      for (JsonNode entry : t.getValue()) {
        ObjectNode write = writes.addObject();
        if (put) {
          write.putObject("PutRequest").set("Item", entry);
        } else {
          write.putObject("DeleteRequest").set("Key", entry);
        }
      }
    }
    JsonNode answer = gateway.call(caller, "dynamodb", "BatchWriteItem", call);
    ObjectNode result = NODES.objectNode();
    ObjectNode data = result.putObject(put ? "data" : "data");
    ObjectNode unprocessed = result.putObject(put ? "unprocessedItems" : "unprocessedKeys");
    tables = request.path("tables").fields();
    while (tables.hasNext()) {
      Map.Entry<String, JsonNode> t = tables.next();
      ArrayNode done = data.putArray(t.getKey());
      for (JsonNode entry : t.getValue()) {
        done.add(unmarshallMap(entry));
      }
      ArrayNode left = unprocessed.putArray(t.getKey());
      for (JsonNode write : answer.path("UnprocessedItems").path(t.getKey())) {
        left.add(unmarshallMap(put ? write.path("PutRequest").path("Item") : write.path("DeleteRequest").path("Key")));
      }
    }
    return Outcome.ok(result);
  }

  private Outcome transactGet(Caller caller, JsonNode request) {
    ObjectNode call = NODES.objectNode();
    ArrayNode items = call.putArray("TransactItems");
    for (JsonNode each : request.path("transactItems")) {
      ObjectNode get = items.addObject().putObject("Get");
      get.put("TableName", each.path("table").asText());
      get.set("Key", each.path("key"));
      projection(get, each.path("projection"));
    }
    JsonNode answer = gateway.call(caller, "dynamodb", "TransactGetItems", call);
    ObjectNode result = NODES.objectNode();
    ArrayNode out = result.putArray("items");
    for (JsonNode response : answer.path("Responses")) {
      out.add(response.has("Item") ? unmarshallMap(response.get("Item")) : NODES.nullNode());
    }
    result.putNull("cancellationReasons");
    return Outcome.ok(result);
  }

  private Outcome transactWrite(Caller caller, String defaultTable, JsonNode request) {
    ObjectNode call = NODES.objectNode();
    ArrayNode items = call.putArray("TransactItems");
    ObjectNode result = NODES.objectNode();
    ArrayNode keys = result.putArray("keys");
    for (JsonNode each : request.path("transactItems")) {
      String table = each.path("table").asText(defaultTable);
      String op = each.path("operation").asText();
      ObjectNode write = NODES.objectNode();
      write.put("TableName", table);
      write.set("Key", each.path("key"));
      switch (op) {
        case "PutItem" -> {
          ObjectNode item = NODES.objectNode();
          item.setAll(objectOrEmpty(each.path("attributeValues")));
          item.setAll(objectOrEmpty(each.path("key")));
          write.remove("Key");
          write.set("Item", item);
          condition(write, each.path("condition"));
          items.addObject().set("Put", write);
        }
        case "UpdateItem" -> {
          write.put("UpdateExpression", each.path("update").path("expression").asText());
          merge(write, each.path("update"));
          condition(write, each.path("condition"));
          items.addObject().set("Update", write);
        }
        case "DeleteItem" -> {
          condition(write, each.path("condition"));
          items.addObject().set("Delete", write);
        }
        case "ConditionCheck" -> {
          condition(write, each.path("condition"));
          items.addObject().set("ConditionCheck", write);
        }
        default -> {
          return Outcome.error("Unsupported operation '" + op + "' in transactItems: allowed are PutItem, UpdateItem,"
              + " DeleteItem and ConditionCheck", "DynamoDB:UnsupportedOperation");
        }
      }
      keys.add(unmarshallMap(each.path("key")));
    }
    gateway.call(caller, "dynamodb", "TransactWriteItems", call);
    result.putNull("cancellationReasons");
    return Outcome.ok(result);
  }

  private static ObjectNode base(String table) {
    ObjectNode call = NODES.objectNode();
    call.put("TableName", table);
    return call;
  }

  private static ObjectNode objectOrEmpty(JsonNode node) {
    return node.isObject() ? (ObjectNode) node : NODES.objectNode();
  }

  private static void condition(ObjectNode call, JsonNode condition) {
    if (condition.hasNonNull("expression")) {
      call.put("ConditionExpression", condition.get("expression").asText());
      merge(call, condition);
    }
  }

  private static void projection(ObjectNode call, JsonNode projection) {
    if (projection.hasNonNull("expression")) {
      call.put("ProjectionExpression", projection.get("expression").asText());
      merge(call, projection);
    }
  }

  /** Adds an expression's names and values to the call's, which DynamoDB wants only when not empty. */
  private static void merge(ObjectNode call, JsonNode expression) {
    JsonNode names = expression.path("expressionNames");
    if (names.isObject() && names.size() > 0) {
      ((ObjectNode) call.with("ExpressionAttributeNames")).setAll((ObjectNode) names);
    }
    JsonNode values = expression.path("expressionValues");
    if (values.isObject() && values.size() > 0) {
      ((ObjectNode) call.with("ExpressionAttributeValues")).setAll((ObjectNode) values);
    }
  }

  /** The last evaluated key as an opaque token, in the shape of AppSync's ({"version":..,"token":..}, base64). */
  static String encodeToken(JsonNode lastEvaluatedKey) {
    ObjectNode token = NODES.objectNode();
    token.put("version", 3);
    token.put("token", Base64.getEncoder().encodeToString(lastEvaluatedKey.toString().getBytes(StandardCharsets.UTF_8)));
    return Base64.getEncoder().encodeToString(token.toString().getBytes(StandardCharsets.UTF_8));
  }

  static JsonNode decodeToken(String nextToken) {
    try {
      JsonNode token = JSON.readTree(Base64.getDecoder().decode(nextToken));
      JsonNode key = JSON.readTree(Base64.getDecoder().decode(token.path("token").asText()));
      if (!key.isObject()) {
        throw new InvalidToken();
      }
      return key;
    } catch (IOException | IllegalArgumentException e) {
      throw new InvalidToken();
    }
  }

  /** A nextToken that this endpoint did not give. */
  static final class InvalidToken extends RuntimeException {
    InvalidToken() {
      super("Invalid pagination token given.");
    }
  }

  static JsonNode unmarshallMap(JsonNode map) {
    ObjectNode out = NODES.objectNode();
    Iterator<Map.Entry<String, JsonNode>> it = map.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      out.set(e.getKey(), unmarshall(e.getValue()));
    }
    return out;
  }

  static JsonNode unmarshall(JsonNode value) {
    if (value.has("S")) {
      return value.get("S");
    }
    if (value.has("N")) {
      return number(value.get("N").asText());
    }
    if (value.has("BOOL")) {
      return value.get("BOOL");
    }
    if (value.has("NULL")) {
      return NODES.nullNode();
    }
    if (value.has("B")) {
      return value.get("B");
    }
    if (value.has("M")) {
      return unmarshallMap(value.get("M"));
    }
    ArrayNode list = NODES.arrayNode();
    if (value.has("L")) {
      value.get("L").forEach(v -> list.add(unmarshall(v)));
    } else if (value.has("SS")) {
      value.get("SS").forEach(list::add);
    } else if (value.has("NS")) {
      value.get("NS").forEach(v -> list.add(number(v.asText())));
    } else if (value.has("BS")) {
      value.get("BS").forEach(list::add);
    }
    return list;
  }

  private static JsonNode number(String text) {
    BigDecimal number = new BigDecimal(text);
    if (number.scale() <= 0 || number.stripTrailingZeros().scale() <= 0) {
      try {
        return NODES.numberNode(number.longValueExact());
      } catch (ArithmeticException e) {
        return NODES.numberNode(number.toBigInteger());
      }
    }
    return NODES.numberNode(number.doubleValue());
  }
}
