package dev.orderflow.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads the file that {@code cdk deploy --outputs-file} writes: one object per stack, its outputs
 * by name. The stack is the one named, else the only one with an output ending in
 * {@code GraphqlUrl}; its other outputs are found by their endings too, so a construct id in front
 * does not matter.
 */
final class CdkOutputs {

  /** What the client needs of a stack's outputs; all but the URL may be null. */
  record Api(String stack, String graphqlUrl, String apiKey, String apiKeyId, String apiId, String region) {}

  private CdkOutputs() {}

  static Api read(Path file, String stackName, ObjectMapper json) {
    JsonNode root;
    try {
      root = json.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new UsageException("cannot read the outputs file " + file + ": "
          + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()));
    }
    if (root == null || !root.isObject()) {
      throw new UsageException("the outputs file " + file + " is not the JSON object that cdk deploy --outputs-file writes");
    }
    List<String> candidates = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> stack = it.next();
      if (stackName != null ? stack.getKey().equals(stackName) : ending(stack.getValue(), "GraphqlUrl") != null) {
        candidates.add(stack.getKey());
      }
    }
    if (candidates.isEmpty()) {
      throw new UsageException(stackName != null
          ? "the outputs file " + file + " has no stack " + stackName + "; it has " + names(root)
          : "no stack in the outputs file " + file + " has an output ending in GraphqlUrl; it has " + names(root));
    }
    if (candidates.size() > 1) {
      throw new UsageException("several stacks in " + file + " have a GraphqlUrl output (" + String.join(", ", candidates)
          + "); choose one with --stack");
    }
    JsonNode outputs = root.get(candidates.get(0));
    String url = ending(outputs, "GraphqlUrl");
    if (url == null) {
      throw new UsageException("the stack " + candidates.get(0) + " in " + file + " has no output ending in GraphqlUrl");
    }
    return new Api(candidates.get(0), url, ending(outputs, "ApiKey"), ending(outputs, "ApiKeyId"),
        ending(outputs, "ApiId"), ending(outputs, "Region"));
  }

  private static String ending(JsonNode outputs, String suffix) {
    for (Iterator<Map.Entry<String, JsonNode>> it = outputs.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> output = it.next();
      if (output.getKey().endsWith(suffix) && output.getValue().isTextual()) {
        return output.getValue().asText();
      }
    }
    return null;
  }

  private static String names(JsonNode root) {
    List<String> names = new ArrayList<>();
    root.fieldNames().forEachRemaining(names::add);
    return names.isEmpty() ? "none" : String.join(", ", names);
  }
}
