package dev.orderflow.local.awsapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.local.LocalSystem;
import dev.orderflow.local.gateway.IamMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/** The ring of executions that the local system keeps, with their histories. */
class AwsEndpointExecutionLimitTest {

  @TempDir
  Path directory;

  @Test
  void forgetsTheOldestEndedExecutionsPastTheLimit() throws InterruptedException {
    try (LocalSystem system = LocalSystem.builder(AwsApiStack.cloudAssembly(directory), AwsApiStack.NAME)
        .iam(IamMode.OFF).executionLimit(2).start();
        SfnClient sfn = AwsClients.of(SfnClient.builder(), system.awsEndpoint())) {
      String workflow = system.physicalId("Workflow");
      List<String> arns = new ArrayList<>();
      for (String name : List.of("first", "second", "third")) {
        String arn = sfn.startExecution(r -> r.stateMachineArn(workflow).name(name)
            .input("{\"id\":\"" + name + "\",\"quantity\":1}")).executionArn();
        AwsEndpointTest.awaitTrue(() -> sfn.describeExecution(r -> r.executionArn(arn)).status()
            != ExecutionStatus.RUNNING);
        arns.add(arn);
      }

      assertThat(sfn.listExecutions(r -> r.stateMachineArn(workflow)).executions())
          .extracting(ExecutionListItem::name).containsExactly("third", "second");
      assertThatThrownBy(() -> sfn.getExecutionHistory(r -> r.executionArn(arns.get(0))))
          .isInstanceOf(ExecutionDoesNotExistException.class);
      assertThat(system.executions()).hasSize(2);
    }
  }
}
