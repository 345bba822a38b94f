package dev.orderflow.local.pipes;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.orderflow.local.assembly.AssemblyException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pipe's {@code InputTemplate}, rendered per event as EventBridge Pipes renders it.
 *
 * <ul>
 *   <li>{@code <$.path>} takes a value from the event by JSONPath (dot names, {@code [n]}
 *       indexes, {@code *} wildcards), with a JSON SQS body parsed in place;
 *       {@code <aws.pipes.pipe-arn>}, {@code pipe-name}, {@code source-arn}, {@code target-arn},
 *       {@code enrichment-arn}, {@code event.ingestion-time}, {@code event} and {@code event.json}
 *       are the reserved variables.</li>
 *   <li>A template that starts with {@code {} or {@code [} is a JSON template. There a variable
 *       outside quotes is inserted as JSON (a string gets its quotes, an object or array is
 *       inserted whole), and a variable inside quotes is inserted as text, JSON-escaped so that
 *       the output stays valid JSON. Any other template is a text template: strings are inserted
 *       as they are.</li>
 *   <li>An object or array inserted as text loses its inner quotes, as Pipes documents.</li>
 *   <li>A path that does not exist in the event creates no variable, and the Pipes
 *       documentation says it then does not appear in the output: in text it is empty, and in a
 *       JSON template the member (or array element) whose value it was is left out.</li>
 * </ul>
 */
final class InputTemplate {

  private static final Pattern PLACEHOLDER = Pattern.compile("<(\\$[^<>\\s]*|aws\\.pipes\\.[A-Za-z.\\-]+)>");
  private static final Set<String> RESERVED = Set.of("aws.pipes.pipe-arn", "aws.pipes.pipe-name",
      "aws.pipes.source-arn", "aws.pipes.target-arn", "aws.pipes.enrichment-arn",
      "aws.pipes.event.ingestion-time", "aws.pipes.event", "aws.pipes.event.json");
  // A value that no event holds: marks a missing path in a JSON template until the member is removed.
  private static final String MISSING = "\u0000pipes:missing\u0000";
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** The pipe-level values of the reserved variables. */
  record Variables(String pipeArn, String pipeName, String sourceArn, String targetArn) {
  }

  /**
   * A rendered event.
   *
   * @param text what a topic or queue receives
   * @param payload what a batch array (Step Functions, Lambda) holds: the JSON value when the
   *     output is JSON, else the text as a JSON string
   */
  record Rendered(String text, JsonNode payload) {
  }

  private sealed interface Part permits Literal, Slot {
  }

  private record Literal(String text) implements Part {
  }

  private record Slot(String expression, boolean quoted, List<Object> path) implements Part {
  }

  private final String template;
  private final boolean jsonTemplate;
  private final List<Part> parts = new ArrayList<>();

  InputTemplate(String template, String logicalId) {
    this.template = template;
    String trimmed = template.strip();
    this.jsonTemplate = trimmed.startsWith("{") || trimmed.startsWith("[");
    Matcher matcher = PLACEHOLDER.matcher(template);
    int at = 0;
    boolean inQuotes = false;
    while (matcher.find()) {
      String literal = template.substring(at, matcher.start());
      parts.add(new Literal(literal));
      inQuotes = quoteStateAfter(literal, inQuotes);
      String expression = matcher.group(1);
      List<Object> path = null;
      if (expression.startsWith("$")) {
        // Pipes does not check paths when a pipe is created; one it cannot read finds nothing.
        path = parsePath(expression);
      } else if (!RESERVED.contains(expression)) {
        throw new AssemblyException("Pipe " + logicalId + ": TargetParameters.InputTemplate uses <" + expression
            + ">, which is not a reserved variable of Pipes; supported: " + String.join(", ", RESERVED.stream()
                .sorted().map(name -> "<" + name + ">").toList()));
      }
      parts.add(new Slot(expression, jsonTemplate && inQuotes, path));
      at = matcher.end();
    }
    parts.add(new Literal(template.substring(at)));
  }

  /** The template text, as in the template. */
  String template() {
    return template;
  }

  /** Whether this is a JSON template (it starts with a brace or bracket). */
  boolean isJson() {
    return jsonTemplate;
  }

  Rendered render(PipeEvent event, Variables variables) {
    StringBuilder out = new StringBuilder();
    boolean missing = false;
    JsonNode single = null;
    int slots = 0;
    for (Part part : parts) {
      if (part instanceof Literal literal) {
        out.append(literal.text());
        continue;
      }
      Slot slot = (Slot) part;
      slots++;
      JsonNode value = resolve(slot, event, variables);
      single = value;
      if (!jsonTemplate) {
        out.append(slot.expression().equals("aws.pipes.event") && value != null ? value.toString() : asText(value));
      } else if (slot.quoted()) {
        out.append(JsonStringEncoder.getInstance().quoteAsString(asText(value)));
      } else if (value == null) {
        missing = true;
        out.append('"').append(JsonStringEncoder.getInstance().quoteAsString(MISSING)).append('"');
      } else {
        out.append(value.toString());
      }
    }
    String text = out.toString();
    if (jsonTemplate) {
      JsonNode parsed = PipeEvent.parseJson(text);
      if (parsed != null && missing) {
        removeMissing(parsed);
        return new Rendered(parsed.toString(), parsed);
      }
      if (parsed != null) {
        return new Rendered(text, parsed);
      }
      String cleaned = text.replace("\"" + new String(JsonStringEncoder.getInstance().quoteAsString(MISSING)) + "\"",
          "null");
      return new Rendered(cleaned, TextNode.valueOf(cleaned));
    }
    boolean onlyOneSlot = slots == 1 && parts.size() == 3 && ((Literal) parts.get(0)).text().isEmpty()
        && ((Literal) parts.get(2)).text().isEmpty();
    if (onlyOneSlot && single != null && !single.isTextual()) {
      // A template that is just one path to a number, object or array hands on that JSON value.
      return new Rendered(text, single);
    }
    return new Rendered(text, TextNode.valueOf(text));
  }

  private static JsonNode resolve(Slot slot, PipeEvent event, Variables variables) {
    switch (slot.expression()) {
      case "aws.pipes.pipe-arn":
        return TextNode.valueOf(variables.pipeArn());
      case "aws.pipes.pipe-name":
        return TextNode.valueOf(variables.pipeName());
      case "aws.pipes.source-arn":
        return TextNode.valueOf(variables.sourceArn());
      case "aws.pipes.target-arn":
        return TextNode.valueOf(variables.targetArn());
      case "aws.pipes.enrichment-arn":
        return null; // a local pipe has no enrichment
      case "aws.pipes.event.ingestion-time":
        return TextNode.valueOf(event.ingestedAt().toString());
      case "aws.pipes.event":
        return event.event();
      case "aws.pipes.event.json":
        return event.view();
      default:
        return slot.path() == null ? null : evaluate(event.view(), slot.path());
    }
  }

  /** A value as text: strings as they are, objects and arrays as JSON without their quotes. */
  private static String asText(JsonNode value) {
    if (value == null) {
      return "";
    }
    if (value.isTextual()) {
      return value.asText();
    }
    if (value.isContainerNode()) {
      return value.toString().replace("\"", "");
    }
    return value.asText();
  }

  private static boolean quoteStateAfter(String literal, boolean inQuotes) {
    boolean escaped = false;
    for (int i = 0; i < literal.length(); i++) {
      char c = literal.charAt(i);
      if (escaped) {
        escaped = false;
      } else if (c == '\\' && inQuotes) {
        escaped = true;
      } else if (c == '"') {
        inQuotes = !inQuotes;
      }
    }
    return inQuotes;
  }

  /**
   * The steps of a path: a String is a member name, an Integer an array index, and {@code "*"}
   * (as {@link #WILDCARD}) every member or element. {@code null} when the path cannot be read.
   */
  static List<Object> parsePath(String expression) {
    if (!expression.startsWith("$")) {
      return null;
    }
    List<Object> steps = new ArrayList<>();
    int i = 1;
    while (i < expression.length()) {
      char c = expression.charAt(i);
      if (c == '.') {
        int end = i + 1;
        while (end < expression.length() && expression.charAt(end) != '.' && expression.charAt(end) != '[') {
          end++;
        }
        String name = expression.substring(i + 1, end);
        if (name.isEmpty()) {
          return null;
        }
        steps.add(name.equals("*") ? WILDCARD : name);
        i = end;
      } else if (c == '[') {
        int end = expression.indexOf(']', i);
        if (end < 0) {
          return null;
        }
        String index = expression.substring(i + 1, end).strip();
        if (index.equals("*")) {
          steps.add(WILDCARD);
        } else if (index.length() >= 2 && (index.startsWith("'") && index.endsWith("'")
            || index.startsWith("\"") && index.endsWith("\""))) {
          steps.add(index.substring(1, index.length() - 1));
        } else {
          try {
            steps.add(Integer.valueOf(index));
          } catch (NumberFormatException e) {
            return null;
          }
        }
        i = end + 1;
      } else {
        return null;
      }
    }
    return steps;
  }

  /** The marker of a wildcard step. */
  static final Object WILDCARD = new Object();

  /** The value at the path; {@code null} when nothing is there. A wildcard gives an array. */
  static JsonNode evaluate(JsonNode root, List<Object> steps) {
    List<JsonNode> current = List.of(root);
    boolean many = false;
    for (Object step : steps) {
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode node : current) {
        if (step == WILDCARD) {
          many = true;
          if (node.isContainerNode()) {
            node.elements().forEachRemaining(next::add);
          }
        } else if (step instanceof Integer index) {
          if (node.isArray() && index >= 0 && index < node.size()) {
            next.add(node.get(index));
          }
        } else if (node.isObject() && node.has((String) step)) {
          next.add(node.get((String) step));
        }
      }
      current = next;
    }
    if (current.isEmpty()) {
      return null;
    }
    if (many) {
      ArrayNode array = JSON.arrayNode();
      current.forEach(array::add);
      return array;
    }
    return current.get(0);
  }

  private static void removeMissing(JsonNode node) {
    if (node instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> fields = object.properties().iterator();
      while (fields.hasNext()) {
        JsonNode value = fields.next().getValue();
        if (value.isTextual() && value.asText().equals(MISSING)) {
          fields.remove();
        } else {
          removeMissing(value);
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = array.size() - 1; i >= 0; i--) {
        JsonNode value = array.get(i);
        if (value.isTextual() && value.asText().equals(MISSING)) {
          array.remove(i);
        } else {
          removeMissing(value);
        }
      }
    }
  }
}
