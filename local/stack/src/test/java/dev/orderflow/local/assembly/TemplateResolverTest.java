package dev.orderflow.local.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateResolverTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final StackTemplate stack = Samples.sampleStack();
  private final ReferenceRegistry registry = new ReferenceRegistry(stack, AwsEnvironment.DEFAULT);
  private final TemplateResolver resolver = new TemplateResolver(registry);

  private JsonNode resolve(String json) throws Exception {
    return resolver.resolve(JSON.readTree(json));
  }

  @Test
  void givesPseudoParameters() throws Exception {
    JsonNode out = resolve("""
        {"r": {"Ref": "AWS::Region"}, "a": {"Ref": "AWS::AccountId"}, "p": {"Ref": "AWS::Partition"},
         "u": {"Ref": "AWS::URLSuffix"}, "s": {"Ref": "AWS::StackName"}, "i": {"Ref": "AWS::StackId"}}""");

    assertThat(out.get("r").asText()).isEqualTo("us-east-1");
    assertThat(out.get("a").asText()).isEqualTo("000000000000");
    assertThat(out.get("p").asText()).isEqualTo("aws");
    assertThat(out.get("u").asText()).isEqualTo("amazonaws.com");
    assertThat(out.get("s").asText()).isEqualTo("Sample");
    assertThat(out.get("i").asText()).startsWith("arn:aws:cloudformation:us-east-1:000000000000:stack/Sample/");
  }

  @Test
  void noValueRemovesTheKeyOrListElement() throws Exception {
    JsonNode out = resolve("""
        {"keep": 1, "drop": {"Ref": "AWS::NoValue"}, "list": ["a", {"Ref": "AWS::NoValue"}, "b"]}""");

    assertThat(out.has("drop")).isFalse();
    assertThat(out.get("list")).hasSize(2);
    assertThat(resolver.property("Queue", "VisibilityTimeout").isMissingNode()).isTrue();
  }

  @Test
  void subReplacesPseudoParametersParametersRefsAttributesAndVariables() throws Exception {
    JsonNode out = resolve("""
        {"Fn::Sub": ["${AWS::Region}/${Stage}/${Dlq.QueueName}/${Given}/${!Literal}", {"Given": {"Ref": "AWS::AccountId"}}]}""");

    String dlqName = registry.getAtt("Dlq", "QueueName").orElseThrow().toString();
    assertThat(out.asText()).isEqualTo("us-east-1/test/" + dlqName + "/000000000000/${Literal}");
    assertThat(resolver.property("Queue", "QueueName").asText()).isEqualTo("Sample-orders-test");
  }

  @Test
  void getAttTakesBothForms() throws Exception {
    JsonNode out = resolve("""
        {"list": {"Fn::GetAtt": ["Role", "Arn"]}, "dotted": {"Fn::GetAtt": "Role.Arn"}}""");

    assertThat(out.get("list").asText()).startsWith("arn:aws:iam::000000000000:role/Sample-Role-");
    assertThat(out.get("dotted")).isEqualTo(out.get("list"));
  }

  @Test
  void joinSelectAndSplitWorkTogether() throws Exception {
    JsonNode out = resolve("""
        {"join": {"Fn::Join": ["-", ["a", 1, {"Ref": "Stage"}]]},
         "select": {"Fn::Select": ["1", {"Fn::Split": [",", "x,y,z"]}]},
         "zones": {"Ref": "Zones"},
         "azs": {"Fn::Select": [0, {"Fn::GetAZs": ""}]}}""");

    assertThat(out.get("join").asText()).isEqualTo("a-1-test");
    assertThat(out.get("select").asText()).isEqualTo("y");
    assertThat(out.get("zones")).hasSize(3);
    assertThat(out.get("zones").get(1).asText()).isEqualTo("b");
    assertThat(out.get("azs").asText()).isEqualTo("us-east-1a");
  }

  @Test
  void base64FindInMapLengthAndToJsonString() throws Exception {
    JsonNode out = resolve("""
        {"b": {"Fn::Base64": {"Fn::Sub": "stage=${Stage}"}},
         "m": {"Fn::FindInMap": ["Sizes", {"Ref": "Stage"}, "Memory"]},
         "d": {"Fn::FindInMap": ["Sizes", "dev", "Memory", {"DefaultValue": 128}]},
         "n": {"Fn::Length": [1, 2, 3]},
         "j": {"Fn::ToJsonString": {"k": {"Ref": "Stage"}}}}""");

    assertThat(new String(Base64.getDecoder().decode(out.get("b").asText()))).isEqualTo("stage=test");
    assertThat(out.get("m").asInt()).isEqualTo(256);
    assertThat(out.get("d").asInt()).isEqualTo(128);
    assertThat(out.get("n").asInt()).isEqualTo(3);
    assertThat(out.get("j").asText()).isEqualTo("{\"k\":\"test\"}");
  }

  @Test
  void evaluatesConditionsAndIf() throws Exception {
    assertThat(resolver.condition("IsProd")).isFalse();
    assertThat(resolver.condition("IsNotProd")).isTrue();
    assertThat(resolver.condition("TestInUsEast1")).isTrue();
    assertThat(resolver.condition("ProdOrUsEast1")).isTrue();
    assertThat(resolve("{\"Fn::If\": [\"IsNotProd\", \"yes\", \"no\"]}").asText()).isEqualTo("yes");
    assertThat(resolver.isCreated(stack.resource("ProdAlarm"))).isFalse();
    assertThat(resolver.createdResources()).extracting(Resource::logicalId).doesNotContain("ProdAlarm");
  }

  @Test
  void givenParametersChangeConditionsAndValues() {
    TemplateResolver prod = new TemplateResolver(stack, registry, AwsEnvironment.DEFAULT, Map.of("Stage", "prod"));

    assertThat(prod.condition("IsProd")).isTrue();
    assertThat(prod.property("Queue", "VisibilityTimeout").asInt()).isEqualTo(360);
    assertThat(prod.property("Fn", "MemorySize").asInt()).isEqualTo(1024);
    assertThat(prod.outputs()).containsKey("AlarmName");
  }

  @Test
  void leavesIamConditionKeysAlone() {
    JsonNode document = resolver.property("Role", "AssumeRolePolicyDocument");

    assertThat(document.at("/Statement/0/Condition/Bool/aws:SecureTransport").asText()).isEqualTo("true");
  }

  @Test
  void refAndGetAttGiveWhatAServiceRegistered() {
    registry.register("Queue", "http://127.0.0.1:9324/000000000000/Sample-orders-test",
        Map.of("Arn", "arn:aws:sqs:us-east-1:000000000000:Sample-orders-test"));

    JsonNode env = resolver.property("Fn", "Environment");

    assertThat(env.at("/Variables/QUEUE_URL").asText()).isEqualTo("http://127.0.0.1:9324/000000000000/Sample-orders-test");
    assertThat(env.at("/Variables/QUEUE_ARN").asText()).isEqualTo("arn:aws:sqs:us-east-1:000000000000:Sample-orders-test");
  }

  @Test
  void failsNamingTheResourceAndAttributeNoServiceCanGive() {
    registry.register("Queue", "url", Map.of("Arn", "arn"));

    assertThatThrownBy(() -> resolve("{\"Fn::GetAtt\": [\"Queue\", \"Nope\"]}"))
        .isInstanceOf(AssemblyException.class)
        .hasMessageContaining("Queue.Nope")
        .hasMessageContaining("AWS::SQS::Queue")
        .hasMessageContaining("[Arn]");
    assertThatThrownBy(() -> resolve("{\"Fn::GetAtt\": [\"Role\", \"Nope\"]}"))
        .hasMessageContaining("Role.Nope");
  }

  @Test
  void failsNamingAnUnknownLogicalIdAndWhereItIsUsed() {
    assertThatThrownBy(() -> resolver.resolve("Fn", "Role", JSON.readTree("{\"Ref\": \"Missing\"}")))
        .isInstanceOf(AssemblyException.class)
        .hasMessageContaining("Fn.Role")
        .hasMessageContaining("'Missing'");
    assertThatThrownBy(() -> resolve("{\"Fn::GetAtt\": \"Missing.Arn\"}"))
        .hasMessageContaining("no resource Missing");
  }

  @Test
  void refusesImportValueNamingTheLogicalIdAndProperty() {
    assertThatThrownBy(() -> resolver.resolve("Fn", "Role", JSON.readTree("{\"Fn::ImportValue\": \"SharedRole\"}")))
        .isInstanceOf(AssemblyException.class)
        .hasMessageContaining("Fn.Role")
        .hasMessageContaining("Fn::ImportValue")
        .hasMessageContaining("not supported");
  }

  @Test
  void resolvesOutputs() {
    Map<String, JsonNode> outputs = resolver.outputs();

    assertThat(outputs).containsOnlyKeys("QueueUrl", "Region");
    assertThat(outputs.get("QueueUrl").asText()).isEqualTo("https://sqs.us-east-1.amazonaws.com/000000000000/Sample-orders-test");
  }

  @Test
  void resolvesAnAssetThroughTheTemplateProperty() {
    assertThat(resolver.asset("Fn", "Code")).isDirectory();
  }

  @Test
  void namesEveryParameterWithoutADefault(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("t.json");
    Files.writeString(file, """
        {"Parameters": {"BootstrapVersion": {"Type": "AWS::SSM::Parameter::Value<String>"},
                        "Alpha": {"Type": "String"}, "Beta": {"Type": "Number"}, "Gamma": {"Type": "String", "Default": "g"}},
         "Resources": {"Q": {"Type": "AWS::SQS::Queue"}}}""");
    StackTemplate template = StackTemplate.of(file, "Params");
    ReferenceRegistry refs = new ReferenceRegistry(template, AwsEnvironment.DEFAULT);

    assertThatThrownBy(() -> new TemplateResolver(refs))
        .isInstanceOf(AssemblyException.class)
        .hasMessageContaining("[Alpha, Beta]");
    assertThat(new TemplateResolver(template, refs, AwsEnvironment.DEFAULT, Map.of("Alpha", "a", "Beta", "2"))
        .resolve(JSON.readTree("{\"Fn::Join\": [\"\", [{\"Ref\": \"Alpha\"}, {\"Ref\": \"Beta\"}, {\"Ref\": \"Gamma\"}]]}"))
        .asText()).isEqualTo("a2g");
  }

  @Test
  void anotherRegionChangesPseudoParametersAndArns() throws Exception {
    AwsEnvironment euWest = AwsEnvironment.DEFAULT.withRegion("eu-west-1");
    TemplateResolver eu = new TemplateResolver(stack, new ReferenceRegistry(stack, euWest), euWest, Map.of());

    assertThat(eu.condition("InUsEast1")).isFalse();
    assertThat(eu.resolve(JSON.readTree("{\"Fn::GetAtt\": [\"Dlq\", \"Arn\"]}")).asText()).startsWith("arn:aws:sqs:eu-west-1:");
  }
}
