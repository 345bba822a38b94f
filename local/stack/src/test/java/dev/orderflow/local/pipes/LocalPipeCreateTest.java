package dev.orderflow.local.pipes;

import static dev.orderflow.local.pipes.PipeFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.local.assembly.AssemblyException;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class LocalPipeCreateTest {

  private static final String QUEUE = "arn:aws:sqs:us-east-1:123456789012:orders";
  private static final String STREAM = "arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2025-01-01T00:00:00.000";
  private static final String STATE_MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:Orders";
  private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:notifications";
  private static final PipeTargets NO_TARGETS = new RecordingTargets(null);

  private static AbstractThrowableAssert<?, ? extends Throwable> creating(String properties) {
    return assertThatThrownBy(() -> LocalPipe.create("OrdersPipe", "orders-pipe", json(properties), NO_TARGETS,
        null, null, PipeOptions.defaults())).isInstanceOf(AssemblyException.class).hasMessageContaining("OrdersPipe");
  }

  @Test
  void refusesAnEnrichment() {
    creating("{\"Source\":\"" + QUEUE + "\",\"Target\":\"" + STATE_MACHINE + "\",\"Enrichment\":"
        + "\"arn:aws:lambda:us-east-1:123456789012:function:enrich\"}").hasMessageContaining("Enrichment");
  }

  @Test
  void refusesATargetItCannotCall() {
    creating("{\"Source\":\"" + QUEUE + "\",\"Target\":\"arn:aws:kinesis:us-east-1:123456789012:stream/orders\"}")
        .hasMessageContaining("Target")
        .hasMessageContaining("arn:aws:kinesis:us-east-1:123456789012:stream/orders")
        .hasMessageContaining("supported: a Step Functions state machine");
  }

  @Test
  void refusesASourceOtherThanAQueueOrADynamoDbStream() {
    creating("{\"Source\":\"arn:aws:kinesis:us-east-1:123456789012:stream/clicks\",\"Target\":\"" + TOPIC + "\"}")
        .hasMessageContaining("Source")
        .hasMessageContaining("arn:aws:kinesis:us-east-1:123456789012:stream/clicks");
  }

  @Test
  void refusesAnUnknownSourceParameter() {
    creating("{\"Source\":\"" + QUEUE + "\",\"SourceParameters\":{\"SqsQueueParameters\":{\"BatchSize\":5,"
        + "\"MaxConcurrency\":2}},\"Target\":\"" + STATE_MACHINE + "\"}")
        .hasMessageContaining("SourceParameters.SqsQueueParameters.MaxConcurrency")
        .hasMessageContaining("BatchSize, MaximumBatchingWindowInSeconds");
  }

  @Test
  void refusesParametersOfAnotherSourceKind() {
    creating("{\"Source\":\"" + QUEUE + "\",\"SourceParameters\":{\"DynamoDBStreamParameters\":"
        + "{\"StartingPosition\":\"LATEST\"}},\"Target\":\"" + STATE_MACHINE + "\"}")
        .hasMessageContaining("SourceParameters.DynamoDBStreamParameters");
  }

  @Test
  void refusesABatchLargerThanATopicTakes() {
    creating("{\"Source\":\"" + STREAM + "\",\"SourceParameters\":{\"DynamoDBStreamParameters\":"
        + "{\"StartingPosition\":\"LATEST\",\"BatchSize\":50}},\"Target\":\"" + TOPIC + "\"}")
        .hasMessageContaining("SourceParameters.DynamoDBStreamParameters.BatchSize")
        .hasMessageContaining("50")
        .hasMessageContaining("1 to 10");
  }

  @Test
  void refusesAnUnknownInvocationType() {
    creating("{\"Source\":\"" + QUEUE + "\",\"Target\":\"" + STATE_MACHINE + "\",\"TargetParameters\":"
        + "{\"StepFunctionStateMachineParameters\":{\"InvocationType\":\"EVENTUALLY\"}}}")
        .hasMessageContaining("TargetParameters.StepFunctionStateMachineParameters.InvocationType")
        .hasMessageContaining("EVENTUALLY")
        .hasMessageContaining("REQUEST_RESPONSE, FIRE_AND_FORGET");
  }

  @Test
  void refusesAnUnresolvedIntrinsic() {
    creating("{\"Source\":{\"Fn::GetAtt\":[\"Queue\",\"Arn\"]},\"Target\":\"" + STATE_MACHINE + "\"}")
        .hasMessageContaining("Source")
        .hasMessageContaining("resolved");
  }

  @Test
  void refusesAStreamPipeWithoutStartingPosition() {
    creating("{\"Source\":\"" + STREAM + "\",\"SourceParameters\":{\"DynamoDBStreamParameters\":{}},"
        + "\"Target\":\"" + TOPIC + "\"}")
        .hasMessageContaining("SourceParameters.DynamoDBStreamParameters.StartingPosition")
        .hasMessageContaining("TRIM_HORIZON, LATEST");
  }

  @Test
  void refusesAnInvalidFilterPattern() {
    creating("{\"Source\":\"" + QUEUE + "\",\"SourceParameters\":{\"FilterCriteria\":{\"Filters\":"
        + "[{\"Pattern\":\"{not json\"}]}},\"Target\":\"" + STATE_MACHINE + "\"}")
        .hasMessageContaining("SourceParameters.FilterCriteria.Filters[0].Pattern");
  }

  @Test
  void namesThePipeItsArnAndEndsAfterTheTemplateAsDeployed() {
    LocalPipe pipe = LocalPipe.create("OrdersPipe", "orders-pipe", json("{\"Source\":\"" + QUEUE + "\","
        + "\"Target\":\"" + STATE_MACHINE + "\",\"Description\":\"d\",\"RoleArn\":\"arn:aws:iam::1:role/r\","
        + "\"LogConfiguration\":{\"Level\":\"ERROR\"}}"), NO_TARGETS, null, null, PipeOptions.defaults());

    assertThat(pipe.arn()).isEqualTo("arn:aws:pipes:us-east-1:123456789012:pipe/orders-pipe");
    assertThat(pipe.sourceArn()).isEqualTo(QUEUE);
    assertThat(pipe.targetArn()).isEqualTo(STATE_MACHINE);
    assertThat(pipe.idle()).isTrue();
    pipe.close();
  }
}
