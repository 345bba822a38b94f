package dev.orderflow.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.orderflow.local.assembly.AssemblyException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A target's {@code InputTransformer}, rendered per event as EventBridge renders it: each name of
 * {@code InputPathsMap} takes a value from the event by JSONPath, and {@code InputTemplate} gets
 * the values in place of {@code <name>}. A placeholder outside quotes gets the value as JSON (a
 * string with its quotes); inside quotes it gets a string's text as it is and anything else as
 * JSON. {@code <aws.events.rule-arn>}, {@code <aws.events.rule-name>},
 * {@code <aws.events.event.ingestion-time>}, {@code <aws.events.event>} and
 * {@code <aws.events.event.json>} are the reserved variables. A path that the event does not have
 * gives {@code null} outside quotes and nothing inside them.
 */
final class InputTransformer {

  private static final Pattern PLACEHOLDER = Pattern.compile("<([A-Za-z0-9_.\\-]+)>");

  private final Map<String, List<Object>> paths = new LinkedHashMap<>();
  private final String template;

  InputTransformer(JsonNode transformer, String where) {
    JsonNode map = transformer.path("InputPathsMap");
    map.fields().forEachRemaining(e -> {
      if (e.getKey().startsWith("aws.events.")) {
        throw new AssemblyException(where + ".InputPathsMap: the name " + e.getKey() + " is reserved");
      }
      paths.put(e.getKey(), JsonPaths.parse(e.getValue().asText(), where + ".InputPathsMap." + e.getKey()));
    });
    if (!transformer.path("InputTemplate").isTextual()) {
      throw new AssemblyException(where + ".InputTemplate is required in an InputTransformer");
    }
    this.template = transformer.get("InputTemplate").asText();
    Matcher m = PLACEHOLDER.matcher(template);
    while (m.find()) {
      String name = m.group(1);
      if (!name.startsWith("aws.events.") && !paths.containsKey(name)) {
        throw new AssemblyException(where + ".InputTemplate uses <" + name + ">, which InputPathsMap does not define;"
            + " it defines " + paths.keySet());
      }
    }
  }

  /** The target's input for one event. */
  String render(JsonNode event, String ruleArn, String ruleName, String ingestionTime) {
    StringBuilder out = new StringBuilder();
    Matcher m = PLACEHOLDER.matcher(template);
    int at = 0;
    boolean inQuotes = false;
    while (m.find()) {
      String literal = template.substring(at, m.start());
      inQuotes = quoteStateAfter(literal, inQuotes);
      out.append(literal);
      String name = m.group(1);
      JsonNode value = switch (name) {
        case "aws.events.rule-arn" -> com.fasterxml.jackson.databind.node.TextNode.valueOf(ruleArn);
        case "aws.events.rule-name" -> com.fasterxml.jackson.databind.node.TextNode.valueOf(ruleName);
        case "aws.events.event.ingestion-time" -> com.fasterxml.jackson.databind.node.TextNode.valueOf(ingestionTime);
        case "aws.events.event", "aws.events.event.json" -> event;
        default -> paths.containsKey(name) ? JsonPaths.read(event, paths.get(name)) : null;
      };
      if (value == null) {
        // Not a variable: EventBridge leaves text in angle brackets alone.
        out.append(m.group());
      } else if (value.isMissingNode() || value.isNull()) {
        out.append(inQuotes ? "" : "null");
      } else if (inQuotes) {
        out.append(value.isTextual() ? value.asText() : escapeForQuotes(value.toString()));
      } else {
        out.append(value.toString());
      }
      at = m.end();
    }
    out.append(template.substring(at));
    return out.toString();
  }

  private static String escapeForQuotes(String json) {
    return json.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private static boolean quoteStateAfter(String literal, boolean inQuotes) {
    boolean escaped = false;
    for (int i = 0; i < literal.length(); i++) {
      char c = literal.charAt(i);
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        inQuotes = !inQuotes;
      }
    }
    return inQuotes;
  }

  /** JSONPath as EventBridge's input paths use it: {@code $}, dot names and {@code [n]} indexes. */
  static final class JsonPaths {
    private static final Pattern STEP = Pattern.compile("\\.([^.\\[\\]]+)|\\[(\\d+)]|\\['([^']+)']");

    private JsonPaths() {
    }

    static List<Object> parse(String path, String where) {
      if (!path.startsWith("$")) {
        throw new AssemblyException(where + ": '" + path + "' is not a JSONPath; it must start with $");
      }
      List<Object> steps = new ArrayList<>();
      Matcher m = STEP.matcher(path);
      int at = 1;
      while (at < path.length()) {
        if (!m.find(at) || m.start() != at) {
          throw new AssemblyException(where + ": '" + path + "' is not a JSONPath that EventBridge accepts"
              + " (dot names and [n] indexes)");
        }
        steps.add(m.group(2) != null ? (Object) Integer.valueOf(m.group(2)) : m.group(1) != null ? m.group(1) : m.group(3));
        at = m.end();
      }
      return steps;
    }

    static JsonNode read(JsonNode node, List<Object> steps) {
      JsonNode at = node;
      for (Object step : steps) {
        at = step instanceof Integer i ? at.path(i) : at.path((String) step);
        if (at.isMissingNode()) {
          return MissingNode.getInstance();
        }
      }
      return at;
    }
  }
}
