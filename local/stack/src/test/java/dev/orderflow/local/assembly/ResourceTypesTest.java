package dev.orderflow.local.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ResourceTypesTest {

  private final StackTemplate stack = Samples.sampleStack();

  @Test
  void splitsClaimedResourcesFromThoseThatNeedNoEngine() {
    ResourceTypes.Classification c = ResourceTypes.classify(stack.inDependencyOrder(),
        Set.of("AWS::SQS::Queue", "AWS::Lambda::Function", "AWS::AppSync::GraphQLSchema", "AWS::IAM::Role"));

    assertThat(c.claimed()).extracting(Resource::logicalId).contains("Queue", "Dlq", "Fn", "Schema", "Role");
    assertThat(c.notEmulated()).extracting(n -> n.resource().logicalId())
        .containsExactlyInAnyOrder("ProdAlarm", "CDKMetadata");
    assertThat(c.notEmulatedSummary()).contains("AWS::CDK::Metadata x1 (CDK's own usage metadata)")
        .noneMatch(line -> line.contains("IAM"));
  }

  @Test
  void failsNamingEveryUnclaimedLogicalIdAndType() {
    assertThatThrownBy(() -> ResourceTypes.classify(stack.inDependencyOrder(), Set.of("AWS::SQS::Queue")))
        .isInstanceOf(AssemblyException.class)
        .hasMessageContaining("Fn (AWS::Lambda::Function)")
        .hasMessageContaining("Schema (AWS::AppSync::GraphQLSchema)")
        .hasMessageContaining("[AWS::SQS::Queue]");
  }

  @Test
  void knowsMonitoringKmsAndMetadataNeedNoEngineButIamIsJudged() {
    assertThat(ResourceTypes.notEmulatedTypes()).contains("AWS::CloudWatch::Alarm", "AWS::CloudWatch::Dashboard",
        "AWS::Logs::LogGroup", "AWS::KMS::Key", "AWS::KMS::Alias", "AWS::CDK::Metadata");
    assertThat(ResourceTypes.notEmulatedTypes()).doesNotContain("AWS::IAM::Role", "AWS::IAM::Policy",
        "AWS::Lambda::Permission", "AWS::SQS::QueuePolicy", "AWS::SNS::TopicPolicy");
    assertThat(ResourceTypes.notEmulatedReason("AWS::SQS::Queue")).isEmpty();
  }

  @Test
  void generatedNamesAreStableAndFitTheLimit() {
    String name = PhysicalNames.generate("AVeryLongStackNameForTestingPurposes", "AVeryLongLogicalIdForTestingPurposes1234ABCD", 80);

    assertThat(name).hasSizeLessThanOrEqualTo(80).matches("AVery.*-AVery.*-[A-Z0-9]{12}");
    assertThat(PhysicalNames.generate("AVeryLongStackNameForTestingPurposes", "AVeryLongLogicalIdForTestingPurposes1234ABCD", 80))
        .isEqualTo(name);
  }
}
