package dev.orderflow.local.awsapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * SNS's query protocol: form fields in, XML out. A request's flattened names
 * ({@code MessageAttributes.entry.1.Name}, {@code Tags.member.2.Key}) become the JSON shape the
 * service answers in the gateway; the service's JSON answer becomes SNS's XML, lists as
 * {@code <member>} elements.
 */
final class QueryProtocol {

  private static final String NAMESPACE = "http://sns.amazonaws.com/doc/2010-03-31/";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private QueryProtocol() {
  }

  /** The JSON request of a form's fields (Action and Version removed). */
  static ObjectNode request(Map<String, String> fields) {
    ObjectNode root = NODES.objectNode();
    for (Map.Entry<String, String> field : fields.entrySet()) {
      String[] path = field.getKey().split("\\.");
      JsonNode node = root;
      for (int i = 0; i < path.length; i++) {
        boolean last = i == path.length - 1;
        String segment = path[i];
        if (node instanceof ArrayNode array) {
          int index = Math.max(0, parseIndex(segment) - 1);
          while (array.size() <= index) {
            array.addObject();
          }
          if (last) {
            array.set(index, NODES.textNode(field.getValue()));
          } else {
            JsonNode next = array.get(index);
            if (isIndex(path[i + 1]) && !(next instanceof ArrayNode)) {
              next = NODES.arrayNode();
              array.set(index, next);
            }
            node = next;
          }
        } else {
          ObjectNode object = (ObjectNode) node;
          if (last) {
            object.put(segment, field.getValue());
          } else {
            JsonNode next = object.get(segment);
            if (next == null || !next.isContainerNode()) {
              next = isIndex(path[i + 1]) ? NODES.arrayNode() : NODES.objectNode();
              object.set(segment, next);
            }
            node = next;
          }
        }
      }
    }
    return (ObjectNode) unwrap(root);
  }

  private static boolean isIndex(String segment) {
    return !segment.isEmpty() && segment.chars().allMatch(Character::isDigit);
  }

  private static int parseIndex(String segment) {
    return isIndex(segment) ? Integer.parseInt(segment) : 1;
  }

  /** {@code {member: [...]}} is a list; {@code {entry: [{Name|key, Value|value}]}} is a map. */
  private static JsonNode unwrap(JsonNode node) {
    if (node instanceof ArrayNode array) {
      ArrayNode out = NODES.arrayNode();
      array.forEach(item -> out.add(unwrap(item)));
      return out;
    }
    if (!(node instanceof ObjectNode object)) {
      return node;
    }
    if (object.size() == 1 && object.get("member") instanceof ArrayNode members) {
      return unwrap(members);
    }
    if (object.size() == 1 && object.get("entry") instanceof ArrayNode entries) {
      ObjectNode map = NODES.objectNode();
      for (JsonNode entry : entries) {
        String key = entry.has("Name") ? entry.path("Name").asText() : entry.path("key").asText();
        JsonNode value = entry.has("Value") ? entry.get("Value") : entry.path("value");
        map.set(key, unwrap(value));
      }
      return map;
    }
    ObjectNode out = NODES.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      out.set(field.getKey(), unwrap(field.getValue()));
    }
    return out;
  }

  /** SNS's XML answer to an action. */
  static String answer(String action, JsonNode answer, String requestId) {
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<").append(action).append("Response xmlns=\"")
        .append(NAMESPACE).append("\"><").append(action).append("Result>");
    fields(xml, answer);
    return xml.append("</").append(action).append("Result><ResponseMetadata><RequestId>").append(requestId)
        .append("</RequestId></ResponseMetadata></").append(action).append("Response>\n").toString();
  }

  /** SNS's XML error. */
  static String error(String code, String message, int status, String requestId) {
    return "<?xml version=\"1.0\"?>\n<ErrorResponse xmlns=\"" + NAMESPACE + "\"><Error><Type>"
        + (status >= 500 ? "Receiver" : "Sender") + "</Type><Code>" + escape(code) + "</Code><Message>"
        + escape(String.valueOf(message)) + "</Message></Error><RequestId>" + requestId
        + "</RequestId></ErrorResponse>\n";
  }

  private static void fields(StringBuilder xml, JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      JsonNode value = object.get(name);
      if (value.isNull()) {
        continue;
      }
      xml.append('<').append(name).append('>');
      value(xml, value);
      xml.append("</").append(name).append('>');
    }
  }

  private static void value(StringBuilder xml, JsonNode value) {
    if (value.isArray()) {
      for (JsonNode item : value) {
        xml.append("<member>");
        value(xml, item);
        xml.append("</member>");
      }
    } else if (value.isObject()) {
      fields(xml, value);
    } else {
      xml.append(escape(value.asText()));
    }
  }

  private static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
