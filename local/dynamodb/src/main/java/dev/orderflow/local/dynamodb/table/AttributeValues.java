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
    // Members that name no type are ignored, as DynamoDB's reader ignores them; each type present
    // is checked in the order it is written, and only then is more than one refused.
    List<String> present = new ArrayList<>();
    node.fieldNames().forEachRemaining(name -> {
      if (TYPES.contains(name) && !node.get(name).isNull()) {
        present.add(name);
      }
    });
    if (present.isEmpty()) {
      throw DynamoDbError.validation(
          "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
    }
    AttributeValue first = null;
    for (String type : present) {
      AttributeValue read = value(type, node.get(type), depth);
      first = first == null ? read : first;
    }
    if (present.size() > 1) {
      throw DynamoDbError.validation(
          "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
    }
    return first;
  }

  private static final Set<String> TYPES = Set.of("S", "N", "B", "BOOL", "NULL", "L", "M", "SS", "NS", "BS");

  private static AttributeValue value(String type, JsonNode content, int depth) {
    switch (type) {
      case "S":
        return new AttributeValue.S(text(content, type));
      case "N":
        return new AttributeValue.N(Numbers.parse(text(content, type)));
      case "B":
        return new AttributeValue.B(bytes(content));
      case "BOOL":
        return new AttributeValue.Bool(Boolean.TRUE.equals(flag(content)));
      case "NULL":
        if (!Boolean.TRUE.equals(flag(content))) {
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
          throw DynamoDbError.serialization("Unexpected field type");
        }
        return new AttributeValue.M(item(content, depth + 1));
      case "SS": {
        emptySet(content, "An string set  may not be empty");
        Set<String> values = new LinkedHashSet<>();
        for (JsonNode element : array(content, type)) {
          values.add(text(element, type));
        }
        if (values.size() < content.size()) {
          throw DynamoDbError.invalidParameter("Input collection " + listed(content) + " contains duplicates.");
        }
        return new AttributeValue.SS(values);
      }
      case "NS": {
        emptySet(content, "An number set  may not be empty");
        Set<BigDecimal> values = new LinkedHashSet<>();
        for (JsonNode element : array(content, type)) {
          values.add(Numbers.parse(text(element, type)));
        }
        if (values.size() < content.size()) {
          throw DynamoDbError.validation("Input collection contains duplicates");
        }
        return new AttributeValue.NS(values);
      }
      default: {
        emptySet(content, "Binary sets should not be empty");
        Set<AttributeValue.Bytes> values = new LinkedHashSet<>();
        for (JsonNode element : array(content, type)) {
          values.add(bytes(element));
        }
        if (values.size() < content.size()) {
          throw DynamoDbError.invalidParameter("Input collection " + listed(content) + "of type BS contains duplicates.");
        }
        return new AttributeValue.BS(values);
      }
    }
  }

  /** A set's members as DynamoDB lists them in its messages: [a, b]. */
  private static String listed(JsonNode set) {
    List<String> members = new ArrayList<>();
    set.forEach(member -> members.add(member.asText()));
    return "[" + String.join(", ", members) + "]";
  }

  private static Boolean flag(JsonNode content) {
    if (content.isBoolean()) {
      return content.booleanValue();
    }
    // DynamoDB's reader takes the strings true, false, yes, no, 1 and 0 for a Boolean.
    return switch (content.asText().toUpperCase(java.util.Locale.ROOT)) {
      case "TRUE", "YES", "1" -> Boolean.TRUE;
      case "FALSE", "NO", "0" -> Boolean.FALSE;
      default -> throw DynamoDbError.serialization("Unexpected token received from parser");
    };
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

  private static void emptySet(JsonNode set, String message) {
    if (set.isArray() && set.isEmpty()) {
      throw DynamoDbError.invalidParameter(message);
    }
  }
}
