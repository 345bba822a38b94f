package dev.orderflow.constructs.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.sqs.Queue;

class NagFindingsTest {

  @Test
  void reportsTheRulesABareQueueBreaks() {
    Stack stack = new Stack(new App(), "BareQueueStack");
    new Queue(stack, "Bare");

    assertThat(NagFindings.of(stack))
        .anyMatch(f -> f.startsWith("AwsSolutions-SQS3 at BareQueueStack/Bare/Resource"))
        .anyMatch(f -> f.startsWith("AwsSolutions-SQS4 at BareQueueStack/Bare/Resource"));
  }
}
