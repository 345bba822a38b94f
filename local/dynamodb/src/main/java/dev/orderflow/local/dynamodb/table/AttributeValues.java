package dev.orderflow.local.dynamodb.table;

import dev.orderflow.local.dynamodb.DynamoDbError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Attribute values and items to and from DynamoDB's JSON, and the order of key values. */
public final class AttributeValues {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  /** Lists and maps nest at most 32 levels deep. */
  private static final int MAX_DEPTH = 32;

  /** Orders key values as DynamoDB does: strings and binary by unsigned bytes, numbers by value. */
  public static final Comparator<AttributeValue> KEY_ORDER = AttributeValues::compareKeys;

  private AttributeValues() {}

  /** Reads an item (a map of names to values). A missing node reads as an empty item. */
  public static Map<String, AttributeValue> item(JsonNode node) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    if (node == null || node.isNull() || node.isMissingNode()) {
      return item;
    }
    if (!node.isObject()) {
      throw DynamoDbError.serialization("Start of structure or map found where not expected");
    }
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      item.put(field.getKey(), value(field.getValue()));
    }
    return item;
  }

  /** Reads one attribute value: an object with exactly one type descriptor. */
  public static AttributeValue value(JsonNode node) {
    return value(node, 0);
  }

  private static Map<String, AttributeValue> item(JsonNode node, int depth) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      item.put(field.getKey(), value(field.getValue(), depth));
    }
    return item;
  }

  private static AttributeValue value(JsonNode node, int depth) {
    if (depth > MAX_DEPTH) {
      throw DynamoDbError.validation("Nesting Levels have exceeded supported limits");
    }
    if (node == null || !node.isObject()) {
      throw DynamoDbError.serialization("Unexpected value type in payload: an attribute value is an object");
    }
    List<String> present = new ArrayList<>();
    node.fieldNames().forEachRemaining(name -> {
      if (!node.get(name).isNull()) {
        present.add(name);
      }
    });
    if (present.isEmpty()) {
      throw DynamoDbError.validation(
          "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
    }
    if (present.size() > 1) {
      throw DynamoDbError.validation(
          "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
    }
    String type = present.get(0);
    JsonNode content = node.get(type);
    switch (type) {
      case "S":
        return new AttributeValue.S(text(content, type));
      case "N":
        return new AttributeValue.N(Numbers.parse(text(content, type)));
      case "B":
        return new AttributeValue.B(bytes(content));
      case "BOOL":
        if (!content.isBoolean()) {
          throw DynamoDbError.serialization("BOOL must be a boolean");
        }
        return new AttributeValue.Bool(content.booleanValue());
      case "NULL":
        if (!content.isBoolean()) {
          throw DynamoDbError.serialization("NULL must be a boolean");
        }
        if (!content.booleanValue()) {
          throw DynamoDbError.invalidParameter("Null attribute value types must have the value of true");
        }
        return new AttributeValue.Null();
      case "L": {
        List<AttributeValue> values = new ArrayList<>();
        for (JsonNode element : array(content, type)) {
          values.add(value(element, depth + 1));
        }
        return new AttributeValue.L(values);
      }
      case "M":
        if (!content.isObject()) {
          throw DynamoDbError.serialization("M must be a map");
        }
        return new AttributeValue.M(item(content, depth + 1));
      case "SS": {
        Set<String> values = new LinkedHashSet<>();
        for (JsonNode element : array(content, type)) {
          if (!values.add(text(element, type))) {
            throw duplicates(type, element.asText());
          }
        }
        emptySet(values, "string");
        return new AttributeValue.SS(values);
      }
      case "NS": {
        Set<BigDecimal> values = new LinkedHashSet<>();
        for (JsonNode element : array(content, type)) {
          if (!values.add(Numbers.parse(text(element, type)))) {
            throw duplicates(type, element.asText());
          }
        }
        emptySet(values, "number");
        return new AttributeValue.NS(values);
      }
      case "BS": {
        Set<AttributeValue.Bytes> values = new LinkedHashSet<>();
        for (JsonNode element : array(content, type)) {
          if (!values.add(bytes(element))) {
            throw duplicates(type, element.asText());
          }
        }
        emptySet(values, "binary");
        return new AttributeValue.BS(values);
      }
      default:
        throw DynamoDbError.serialization("Unknown attribute value type: " + type);
    }
  }

  /** Writes an item as DynamoDB's JSON. */
  public static ObjectNode toJson(Map<String, AttributeValue> item) {
    ObjectNode node = JSON.objectNode();
    item.forEach((name, value) -> node.set(name, toJson(value)));
    return node;
  }

  /** Writes one attribute value as DynamoDB's JSON. */
  public static ObjectNode toJson(AttributeValue value) {
    ObjectNode node = JSON.objectNode();
    if (value instanceof AttributeValue.S s) {
      node.put("S", s.value());
    } else if (value instanceof AttributeValue.N n) {
      node.put("N", n.text());
    } else if (value instanceof AttributeValue.B b) {
      node.put("B", b.value().base64());
    } else if (value instanceof AttributeValue.Bool bool) {
      node.put("BOOL", bool.value());
    } else if (value instanceof AttributeValue.Null) {
      node.put("NULL", true);
    } else if (value instanceof AttributeValue.L list) {
      ArrayNode array = node.putArray("L");
      list.values().forEach(element -> array.add(toJson(element)));
    } else if (value instanceof AttributeValue.M map) {
      node.set("M", toJson(map.values()));
    } else if (value instanceof AttributeValue.SS set) {
      ArrayNode array = node.putArray("SS");
      set.values().forEach(array::add);
    } else if (value instanceof AttributeValue.NS set) {
      ArrayNode array = node.putArray("NS");
      set.values().forEach(number -> array.add(Numbers.format(number)));
    } else if (value instanceof AttributeValue.BS set) {
      ArrayNode array = node.putArray("BS");
      set.values().forEach(bytes -> array.add(bytes.base64()));
    }
    return node;
  }

  /** The size of an item towards the 400 KB limit: names and values. */
  public static long size(Map<String, AttributeValue> item) {
    long size = 0;
    for (Map.Entry<String, AttributeValue> entry : item.entrySet()) {
      size += AttributeValue.utf8Length(entry.getKey()) + entry.getValue().size();
    }
    return size;
  }

  /** Compares two key values of one scalar type (S, N or B). */
  public static int compareKeys(AttributeValue a, AttributeValue b) {
    if (a instanceof AttributeValue.S x && b instanceof AttributeValue.S y) {
      return compareUtf8(x.value(), y.value());
    }
    if (a instanceof AttributeValue.N x && b instanceof AttributeValue.N y) {
      return x.value().compareTo(y.value());
    }
    if (a instanceof AttributeValue.B x && b instanceof AttributeValue.B y) {
      return x.value().compareTo(y.value());
    }
    throw new IllegalArgumentException("not comparable as keys: " + a.type() + " and " + b.type());
  }

  /** Compares strings by their UTF-8 bytes, unsigned, as DynamoDB orders them. */
  public static int compareUtf8(String a, String b) {
    // For code points below the surrogates, UTF-16 order equals UTF-8 order; compare by code point.
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(j);
      if (x != y) {
        return Integer.compare(x, y);
      }
      i += Character.charCount(x);
      j += Character.charCount(y);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  private static String text(JsonNode node, String type) {
    if (node == null || !node.isTextual()) {
      throw DynamoDbError.serialization("Unexpected value type in payload: " + type + " takes a string");
    }
    return node.textValue();
  }

  private static AttributeValue.Bytes bytes(JsonNode node) {
    if (node == null || !node.isTextual()) {
      throw DynamoDbError.serialization("Unexpected value type in payload: binary takes a base64 string");
    }
    try {
      return AttributeValue.Bytes.fromBase64(node.textValue());
    } catch (IllegalArgumentException e) {
      throw DynamoDbError.serialization("Base64 encoded length is expected a multiple of 4 bytes but found: "
          + node.textValue().length());
    }
  }

  private static Iterable<JsonNode> array(JsonNode node, String type) {
    if (!node.isArray()) {
      throw DynamoDbError.serialization("Unexpected value type in payload: " + type + " takes a list");
    }
    return node;
  }

  private static void emptySet(Set<?> values, String kind) {
    if (values.isEmpty()) {
      throw DynamoDbError.invalidParameter("An " + kind + " set  may not be empty");
    }
  }

  private static DynamoDbError duplicates(String type, String value) {
    return DynamoDbError.validation(
        "One or more parameter values were invalid: Input collection [" + value + "] of type " + type
            + " contains duplicates.");
  }
}
