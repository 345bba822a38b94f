package dev.orderflow.examples.pizza.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** Copies of a cloud assembly whose template a test changes, as a user's mistake would. */
final class EditedAssemblies {

  private static final ObjectMapper JSON = new ObjectMapper();

  private EditedAssemblies() {}

  /**
   * A copy of a cloud assembly with one stack's template changed.
   *
   * @param assembly the cloud assembly
   * @param stack the stack whose template ({@code <stack>.template.json}) changes
   * @param edit what changes, on the template's JSON
   * @return the copy's folder
   */
  static Path edit(Path assembly, String stack, Consumer<ObjectNode> edit) {
    try {
      Path copy = Files.createTempDirectory("orderflow-edited-");
      try (Stream<Path> files = Files.walk(assembly)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          Path target = copy.resolve(assembly.relativize(file).toString());
          if (Files.isDirectory(file)) {
            Files.createDirectories(target);
          } else {
            Files.copy(file, target);
          }
        }
      }
      Path template = copy.resolve(stack + ".template.json");
      ObjectNode json = (ObjectNode) JSON.readTree(template.toFile());
      edit.accept(json);
      JSON.writerWithDefaultPrettyPrinter().writeValue(template.toFile(), json);
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The logical id of the only resource of a type. */
  static String only(ObjectNode template, String type) {
    String found = null;
    for (var it = template.path("Resources").fields(); it.hasNext(); ) {
      var entry = it.next();
      if (entry.getValue().path("Type").asText().equals(type)) {
        if (found != null) {
          throw new AssertionError("the template has more than one " + type);
        }
        found = entry.getKey();
      }
    }
    if (found == null) {
      throw new AssertionError("the template has no " + type);
    }
    return found;
  }

  /** Removes an action from every statement of the identity policies attached to a role. */
  static void revoke(ObjectNode template, String roleLogicalId, String action) {
    for (JsonNode resource : template.path("Resources")) {
      if (!resource.path("Type").asText().equals("AWS::IAM::Policy")
          || !resource.path("Properties").path("Roles").toString().contains("\"" + roleLogicalId + "\"")) {
        continue;
      }
      for (JsonNode statement : resource.path("Properties").path("PolicyDocument").path("Statement")) {
        JsonNode actions = statement.path("Action");
        if (actions.isArray()) {
          ArrayNode kept = JSON.createArrayNode();
          actions.forEach(a -> {
            if (!a.asText().equals(action)) {
              kept.add(a);
            }
          });
          ((ObjectNode) statement).set("Action", kept.isEmpty() ? JSON.getNodeFactory().textNode("none:None") : kept);
        } else if (actions.asText().equals(action)) {
          ((ObjectNode) statement).put("Action", "none:None");
        }
      }
    }
  }
}
