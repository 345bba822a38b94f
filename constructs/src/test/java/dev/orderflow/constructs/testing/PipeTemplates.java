package dev.orderflow.constructs.testing;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders an EventBridge Pipes input template: each {@code <$.path>} is replaced by the value at
 * that dot-separated path of the event. A path that matches nothing renders as empty text. In a
 * JSON template (one that starts with a brace), each value goes inside the quotes around its
 * placeholder JSON-escaped, as Pipes inserts it, so that the output stays valid JSON.
 */
public final class PipeTemplates {

  private static final Pattern PLACEHOLDER = Pattern.compile("<\\$((?:\\.[A-Za-z0-9_-]+)+)>");

  private PipeTemplates() {}

  public static String render(String template, JsonNode event) {
    Matcher matcher = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      JsonNode node = event;
      for (String field : matcher.group(1).substring(1).split("\\.")) {
        node = node == null ? null : node.get(field);
      }
      String value = node == null || node.isNull() ? "" : node.isValueNode() ? node.asText() : node.toString();
      if (template.startsWith("{")) {
        value = new String(JsonStringEncoder.getInstance().quoteAsString(value));
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
