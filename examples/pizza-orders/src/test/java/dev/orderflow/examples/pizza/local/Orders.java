package dev.orderflow.examples.pizza.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.LocalSystem;
import java.time.Instant;
import java.util.UUID;

/** Orders placed as the API places them, and the order rows as the workflow leaves them. */
final class Orders {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Orders() {}

  /** A new order's fields, as postOrder records them. */
  static ObjectNode message(String name, int quantity) {
    ObjectNode order = JSON.createObjectNode();
    order.put("id", UUID.randomUUID().toString());
    order.put("customerId", "anonymous");
    order.put("name", name);
    order.put("quantity", quantity);
    order.put("restaurantId", "Dominos Pizza");
    order.put("createdAt", Instant.now().toString());
    return order;
  }

  /** The logical id of the stack's order queue: its one queue that is not a dead-letter queue. */
  static String orderQueue(LocalSystem system) {
    return system.logicalIds("AWS::SQS::Queue").stream().filter(id -> !id.contains("DeadLetter")).findFirst()
        .orElseThrow();
  }

  /** The logical id of the dead-letter queue of the stack's order queue (a building-blocks stack). */
  static String deadLetterQueue(LocalSystem system) {
    return system.logicalIds("AWS::SQS::Queue").stream().filter(id -> id.startsWith("QueueDeadLetter")).findFirst()
        .orElseThrow();
  }

  /** The logical id of the stack's function whose id starts with {@code prefix}. */
  static String function(LocalSystem system, String prefix) {
    return system.logicalIds("AWS::Lambda::Function").stream().filter(id -> id.startsWith(prefix)).findFirst()
        .orElseThrow();
  }

  /** The logical id of the stack's order table. */
  static String orderTable(LocalSystem system) {
    return system.logicalIds("AWS::DynamoDB::GlobalTable").get(0);
  }

  /**
   * Places an order as postOrder does: writes its row as PENDING, then sends its id to the queue.
   *
   * @return the message body sent
   */
  static String place(LocalSystem system, String tableLogicalId, String queueLogicalId, ObjectNode order) {
    ObjectNode request = JSON.createObjectNode();
    request.put("TableName", system.physicalId(tableLogicalId));
    ObjectNode item = request.putObject("Item");
    order.fields().forEachRemaining(field -> {
      if (field.getValue().isNumber()) {
        item.putObject(field.getKey()).put("N", field.getValue().asText());
      } else {
        item.putObject(field.getKey()).put("S", field.getValue().asText());
      }
    });
    item.putObject("orderStatus").put("S", "PENDING");
    request.put("ConditionExpression", "attribute_not_exists(id)");
    system.tables().call("PutItem", request);
    String body = JSON.createObjectNode().put("id", order.get("id").asText()).toString();
    system.sendMessage(queueLogicalId, body);
    return body;
  }

  /** The order row of the table in the stack, or null when there is none. */
  static JsonNode row(LocalSystem system, String tableLogicalId, String id) {
    ObjectNode request = JSON.createObjectNode();
    request.put("TableName", system.physicalId(tableLogicalId));
    request.putObject("Key").putObject("id").put("S", id);
    request.put("ConsistentRead", true);
    return system.tables().call("GetItem", request).get("Item");
  }

  /** A string attribute of a row, or null. */
  static String text(JsonNode row, String attribute) {
    JsonNode value = row == null ? null : row.path(attribute).get("S");
    return value == null ? null : value.asText();
  }
}
