package dev.orderflow.local.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CloudAssemblyTest {

  private final StackTemplate stack = Samples.sampleStack();

  @Test
  void listsTheStacksOfTheManifestOnly() {
    assertThat(CloudAssembly.read(Samples.sampleAssembly()).stackNames()).containsExactly("Sample");
  }

  @Test
  void readsTheStacksResourcesWithTypeMetadataAndDependsOn() {
    assertThat(stack.stackName()).isEqualTo("Sample");
    assertThat(stack.resources()).containsKeys("Queue", "Dlq", "Fn", "Role", "Schema");
    Resource fn = stack.resource("Fn");
    assertThat(fn.type()).isEqualTo("AWS::Lambda::Function");
    assertThat(fn.dependsOn()).containsExactly("Role");
    assertThat(fn.assetPath()).contains("asset.1111aaaa");
    assertThat(fn.assetProperty()).contains("Code");
    assertThat(fn.property("Runtime").asText()).isEqualTo("java21");
    assertThat(stack.resource("ProdAlarm").condition()).contains("IsProd");
    assertThat(stack.resourcesOfType("AWS::SQS::Queue")).extracting(Resource::logicalId).containsExactly("Dlq", "Queue");
  }

  @Test
  void keepsTheRawTemplateJson() {
    assertThat(stack.json().path("Resources").path("Queue").path("Properties").path("QueueName").has("Fn::Sub")).isTrue();
  }

  @Test
  void ordersResourcesAfterEverythingTheyReferTo() {
    List<String> order = stack.inDependencyOrder().stream().map(Resource::logicalId).toList();

    assertThat(order.indexOf("Dlq")).isLessThan(order.indexOf("Queue"));
    assertThat(order.indexOf("Queue")).isLessThan(order.indexOf("Fn"));
    assertThat(order.indexOf("Role")).isLessThan(order.indexOf("Fn"));
    assertThat(stack.references("Fn")).containsExactlyInAnyOrder("Queue", "Role");
  }

  @Test
  void findsAZipAssetLeftAsADirectoryFromALambdaCodeLocation() {
    Path asset = stack.asset("Fn", "Code", stack.resource("Fn").property("Code"));

    assertThat(asset).isDirectory().isEqualTo(Samples.sampleAssembly().resolve("asset.1111aaaa"));
  }

  @Test
  void findsAFileAssetFromAnS3UrlString() {
    Path asset = stack.asset("Schema", "DefinitionS3Location",
        "s3://cdk-hnb659fds-assets-000000000000-us-east-1/2222bbbb.graphql");

    assertThat(asset).hasFileName("asset.2222bbbb.graphql").content().contains("type Query");
  }

  @Test
  void namesTheLogicalIdPropertyAndFileWhenAnAssetIsMissing() {
    assertThatThrownBy(() -> stack.asset("Broken", "Code", stack.resource("Broken").property("Code")))
        .isInstanceOf(AssemblyException.class)
        .hasMessageContaining("Broken.Code")
        .hasMessageContaining("asset.3333cccc.zip")
        .hasMessageContaining("missing");
  }

  @Test
  void namesTheKeyWhenAnS3LocationIsNoAssetOfTheAssembly() {
    assertThatThrownBy(() -> stack.asset("Schema", "DefinitionS3Location",
        JsonNodeFactory.instance.textNode("s3://some-bucket/elsewhere.graphql")))
        .isInstanceOf(AssemblyException.class)
        .hasMessageContaining("Schema.DefinitionS3Location")
        .hasMessageContaining("elsewhere.graphql");
  }

  @Test
  void namesTheStacksThereAreWhenAStackIsUnknown() {
    CloudAssembly assembly = CloudAssembly.read(Samples.sampleAssembly());

    assertThatThrownBy(() -> assembly.stack("Other"))
        .isInstanceOf(AssemblyException.class)
        .hasMessageContaining("'Other'")
        .hasMessageContaining("[Sample]");
  }

  @Test
  void saysToSynthesizeWhenTheAssemblyIsMissing(@TempDir Path dir) {
    assertThatThrownBy(() -> CloudAssembly.read(dir.resolve("cdk.out")))
        .isInstanceOf(AssemblyException.class)
        .hasMessageContaining("cdk synth");
  }

  @Test
  void reportsADependencyCycleWithItsPath(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("t.json");
    Files.writeString(file, """
        {"Resources": {
          "A": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": {"Fn::GetAtt": ["B", "QueueName"]}}},
          "B": {"Type": "AWS::SQS::Queue", "DependsOn": "A"}
        }}""");
    StackTemplate cyclic = StackTemplate.of(file, "Cyclic");

    assertThatThrownBy(cyclic::inDependencyOrder)
        .isInstanceOf(AssemblyException.class)
        .hasMessageContaining("A -> B -> A");
  }
}
