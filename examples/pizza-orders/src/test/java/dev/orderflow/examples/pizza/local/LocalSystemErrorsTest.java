package dev.orderflow.examples.pizza.local;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.LocalSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the runner cannot honour fails the start, naming the logical id and the property or type. */
class LocalSystemErrorsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path assembly;

  @BeforeAll
  static void synthesize() {
    assembly = CloudAssemblies.buildingBlocks();
  }

  @Test
  void refusesAPropertyItCannotHonourNamingTheResourceAndTheProperty() throws IOException {
    Path copy = copyOf(assembly);
    String queue = editTemplate(copy, "AWS::SQS::Queue", properties -> properties.put("KmsDataKeyReusePeriodSecondsX", 60));

    assertThatThrownBy(() -> LocalSystem.start(copy, "OrderBlocks").close())
        .hasMessageContaining(queue)
        .hasMessageContaining("KmsDataKeyReusePeriodSecondsX");
  }

  @Test
  void refusesAResourceTypeNothingRunsNamingTheResourceAndTheType() throws IOException {
    Path copy = copyOf(assembly);
    Path template = copy.resolve("OrderBlocks.template.json");
    ObjectNode json = (ObjectNode) JSON.readTree(template.toFile());
    ((ObjectNode) json.get("Resources")).putObject("Network").put("Type", "AWS::EC2::VPC")
        .putObject("Properties").put("CidrBlock", "10.0.0.0/16");
    JSON.writeValue(template.toFile(), json);

    assertThatThrownBy(() -> LocalSystem.start(copy, "OrderBlocks").close())
        .hasMessageContaining("Network")
        .hasMessageContaining("AWS::EC2::VPC");
  }

  @Test
  void refusesAMissingAssetNamingTheFunctionItsCodeAndTheFile() throws IOException {
    Path copy = copyOf(assembly);
    String function = logicalIdOf(copy, "AWS::Lambda::Function");
    try (Stream<Path> assets = Files.list(copy)) {
      for (Path asset : assets.filter(path -> path.getFileName().toString().startsWith("asset.")).toList()) {
        delete(asset);
      }
    }

    assertThatThrownBy(() -> LocalSystem.start(copy, "OrderBlocks").close())
        .hasMessageContaining(function)
        .hasMessageContaining("Code")
        .hasMessageContaining("asset.");
  }

  private static String editTemplate(Path copy, String type, java.util.function.Consumer<ObjectNode> edit)
      throws IOException {
    Path template = copy.resolve("OrderBlocks.template.json");
    ObjectNode json = (ObjectNode) JSON.readTree(template.toFile());
    Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> resources = json.get("Resources").fields();
    while (resources.hasNext()) {
      Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> resource = resources.next();
      if (resource.getValue().path("Type").asText().equals(type)) {
        edit.accept((ObjectNode) resource.getValue().get("Properties"));
        JSON.writeValue(template.toFile(), json);
        return resource.getKey();
      }
    }
    throw new AssertionError("no " + type + " in the template");
  }

  private static String logicalIdOf(Path copy, String type) throws IOException {
    return editTemplate(copy, type, properties -> { });
  }

  private static Path copyOf(Path source) throws IOException {
    Path target = Files.createTempDirectory("orderflow-broken-");
    target.toFile().deleteOnExit();
    try (Stream<Path> paths = Files.walk(source)) {
      for (Path path : paths.toList()) {
        Path to = target.resolve(source.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(to);
        } else {
          Files.copy(path, to);
        }
      }
    }
    return target;
  }

  private static void delete(Path path) throws IOException {
    try (Stream<Path> paths = Files.walk(path)) {
      for (Path each : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(each);
      }
    }
  }
}
