package dev.orderflow.local.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;

/** An item in DynamoDB JSON, read as the plain JSON a person reads: {@code {"id": {"S": "a"}}} is {@code {"id": "a"}}. */
final class DynamoJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private DynamoJson() {
  }

  /** An item (a map of attribute values) as plain JSON. */
  static ObjectNode plain(JsonNode item) {
    ObjectNode out = NODES.objectNode();
    item.fields().forEachRemaining(field -> out.set(field.getKey(), value(field.getValue())));
    return out;
  }

  private static JsonNode value(JsonNode typed) {
    if (!typed.isObject() || typed.size() != 1) {
      return typed;
    }
    String type = typed.fieldNames().next();
    JsonNode inner = typed.get(type);
    ArrayNode list = NODES.arrayNode();
    switch (type) {
      case "N":
        return NODES.numberNode(new BigDecimal(inner.asText()));
      case "NULL":
        return NODES.nullNode();
      case "M":
        return plain(inner);
      case "L":
        inner.forEach(element -> list.add(value(element)));
        return list;
      case "NS":
        inner.forEach(element -> list.add(new BigDecimal(element.asText())));
        return list;
      default:
        // S, B, BOOL, SS and BS read the same in both.
        return inner;
    }
  }
}
