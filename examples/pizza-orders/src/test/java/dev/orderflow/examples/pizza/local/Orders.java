package dev.orderflow.examples.pizza.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.LocalSystem;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Order messages as the API enqueues them, and the order rows as the workflow leaves them. */
final class Orders {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Orders() {}

  /** A new order message, as postOrder sends it to the queue. */
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

  /** The order row of the table in the stack, or null when there is none. */
  static JsonNode row(LocalSystem system, String tableLogicalId, String id) {
    ObjectNode request = JSON.createObjectNode();
    request.put("TableName", system.physicalId(tableLogicalId));
    request.putObject("Key").putObject("id").put("S", id);
    request.put("ConsistentRead", true);
    JsonNode item = system.tables().call("GetItem", request).get("Item");
    return item;
  }

  /** A string attribute of a row, or null. */
  static String text(JsonNode row, String attribute) {
    JsonNode value = row == null ? null : row.path(attribute).get("S");
    return value == null ? null : value.asText();
  }

  static Map<String, String> fields(JsonNode row) {
    return Map.of("orderStatus", String.valueOf(text(row, "orderStatus")));
  }
}
