package dev.orderflow.constructs.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders an EventBridge Pipes input template that is plain text: each {@code <$.path>} is
 * replaced by the value at that dot-separated path of the event. A path that matches nothing
 * renders as empty text.
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
      matcher.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
