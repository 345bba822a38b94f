package dev.orderflow.local.awsapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.local.LocalSystem;
import dev.orderflow.local.gateway.IamMode;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.StartSyncExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineType;
import software.amazon.awssdk.services.sfn.model.StateMachineTypeNotSupportedException;
import software.amazon.awssdk.services.sfn.model.SyncExecutionStatus;

/** Step Functions through the AWS endpoint: state machines, executions and their history. */
class AwsEndpointStepFunctionsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path directory;
  private static LocalSystem system;
  private static SfnClient sfn;
  private static String workflow;
  private static String quick;

  @BeforeAll
  static void start() {
    system = LocalSystem.builder(AwsApiStack.cloudAssembly(directory), AwsApiStack.NAME).iam(IamMode.OFF).start();
    sfn = AwsClients.of(SfnClient.builder(), system.awsEndpoint());
    workflow = system.physicalId("Workflow");
    quick = system.physicalId("Quick");
  }

  @AfterAll
  static void stop() {
    sfn.close();
    system.close();
  }

  private static DescribeExecutionResponse run(String name, String input) throws InterruptedException {
    String arn = sfn.startExecution(r -> r.stateMachineArn(workflow).name(name).input(input)).executionArn();
    AwsEndpointTest.awaitTrue(() -> sfn.describeExecution(r -> r.executionArn(arn)).status() != ExecutionStatus.RUNNING);
    return sfn.describeExecution(r -> r.executionArn(arn));
  }

  @Test
  void listsAndDescribesTheStacksStateMachines() {
    assertThat(sfn.listStateMachines().stateMachines())
        .anyMatch(m -> m.stateMachineArn().equals(workflow) && m.type() == StateMachineType.STANDARD)
        .anyMatch(m -> m.stateMachineArn().equals(quick) && m.type() == StateMachineType.EXPRESS);
    var firstPage = sfn.listStateMachines(r -> r.maxResults(1));
    assertThat(firstPage.stateMachines()).hasSize(1);
    assertThat(sfn.listStateMachines(r -> r.nextToken(firstPage.nextToken())).stateMachines())
        .hasSize(sfn.listStateMachines().stateMachines().size() - 1);
    var described = sfn.describeStateMachine(r -> r.stateMachineArn(workflow));
    assertThat(described.name()).isEqualTo("workflow");
    assertThat(described.definition()).contains("\"Decide\"");
  }

  @Test
  void recordsAStandardExecutionsHistoryAsStepFunctionsNumbersIt() throws InterruptedException {
    DescribeExecutionResponse done = run("order-1", "{\"id\":\"o-1\",\"quantity\":2}");

    List<HistoryEvent> events = sfn.getExecutionHistory(r -> r.executionArn(done.executionArn())).events();

    assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(events).extracting(HistoryEvent::type).containsExactly(
        HistoryEventType.EXECUTION_STARTED,
        HistoryEventType.PASS_STATE_ENTERED, HistoryEventType.PASS_STATE_EXITED,
        HistoryEventType.CHOICE_STATE_ENTERED, HistoryEventType.CHOICE_STATE_EXITED,
        HistoryEventType.TASK_STATE_ENTERED, HistoryEventType.TASK_SCHEDULED, HistoryEventType.TASK_STARTED,
        HistoryEventType.TASK_SUCCEEDED, HistoryEventType.TASK_STATE_EXITED,
        HistoryEventType.EXECUTION_SUCCEEDED);
    assertThat(events).extracting(HistoryEvent::id).containsExactlyElementsOf(
        IntStream.rangeClosed(1, events.size()).mapToObj(Long::valueOf).toList());
    assertThat(events).extracting(HistoryEvent::previousEventId).containsExactlyElementsOf(
        IntStream.range(0, events.size()).mapToObj(Long::valueOf).toList());
    assertThat(events.get(0).executionStartedEventDetails().input()).contains("\"o-1\"");
    assertThat(events.get(1).stateEnteredEventDetails().name()).isEqualTo("Prepare");
    assertThat(events.get(6).taskScheduledEventDetails().resourceType()).isEqualTo("dynamodb");
    assertThat(events.get(6).taskScheduledEventDetails().resource()).isEqualTo("putItem");
    assertThat(events.get(6).taskScheduledEventDetails().parameters()).contains("\"Orders\"");
    assertThat(events.get(10).executionSucceededEventDetails().output()).contains("\"o-1\"");
    assertThat(events).extracting(HistoryEvent::timestamp).isSorted();
    try (DynamoDbClient dynamodb = AwsClients.of(DynamoDbClient.builder(), system.awsEndpoint())) {
      assertThat(dynamodb.scan(r -> r.tableName("Orders")).items()).contains(Map.of("id", AttributeValue.fromS("o-1")));
    }
  }

  @Test
  void pagesTheHistoryInEitherOrder() throws InterruptedException {
    DescribeExecutionResponse done = run("order-2", "{\"id\":\"o-2\",\"quantity\":1}");
    List<HistoryEvent> all = sfn.getExecutionHistory(r -> r.executionArn(done.executionArn())).events();

    List<HistoryEvent> reversed = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      String next = token;
      GetExecutionHistoryResponse page = sfn.getExecutionHistory(r -> r.executionArn(done.executionArn())
          .reverseOrder(true).maxResults(4).nextToken(next));
      reversed.addAll(page.events());
      token = page.nextToken();
      pages++;
    } while (token != null);

    assertThat(pages).isEqualTo(3);
    assertThat(reversed).extracting(HistoryEvent::id)
        .containsExactlyElementsOf(all.stream().map(HistoryEvent::id).sorted((a, b) -> Long.compare(b, a)).toList());
  }

  @Test
  void recordsAFailedExecutionsFailState() throws InterruptedException {
    DescribeExecutionResponse done = run("order-empty", "{\"id\":\"o-3\",\"quantity\":0}");

    List<HistoryEvent> events = sfn.getExecutionHistory(r -> r.executionArn(done.executionArn())).events();

    assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(done.error()).isEqualTo("Order.Empty");
    assertThat(events.subList(events.size() - 2, events.size())).extracting(HistoryEvent::type)
        .containsExactly(HistoryEventType.FAIL_STATE_ENTERED, HistoryEventType.EXECUTION_FAILED);
    assertThat(events.get(events.size() - 1).executionFailedEventDetails().error()).isEqualTo("Order.Empty");
    assertThat(sfn.listExecutions(r -> r.stateMachineArn(workflow).statusFilter(ExecutionStatus.FAILED)).executions())
        .extracting(e -> e.name()).containsExactly("order-empty");
  }

  @Test
  void listsAStandardMachinesExecutionsNewestFirst() throws InterruptedException {
    run("order-a", "{\"id\":\"o-a\",\"quantity\":1}");
    run("order-b", "{\"id\":\"o-b\",\"quantity\":1}");

    List<String> names = sfn.listExecutions(r -> r.stateMachineArn(workflow)).executions().stream()
        .map(e -> e.name()).toList();

    assertThat(names).containsSubsequence("order-b", "order-a");
  }

  @Test
  void recordsEachAttemptOfARetriedTaskAndItsCatch() throws InterruptedException {
    String claimer = system.physicalId("Claimer");
    try (DynamoDbClient dynamodb = AwsClients.of(DynamoDbClient.builder(), system.awsEndpoint())) {
      dynamodb.putItem(r -> r.tableName("Orders").item(Map.of("id", AttributeValue.fromS("taken-1"))));
    }
    String arn = sfn.startExecution(r -> r.stateMachineArn(claimer).input("{\"id\":\"taken-1\"}")).executionArn();
    AwsEndpointTest.awaitTrue(() -> sfn.describeExecution(r -> r.executionArn(arn)).status() != ExecutionStatus.RUNNING);

    List<HistoryEvent> events = sfn.getExecutionHistory(r -> r.executionArn(arn)).events();

    assertThat(events).extracting(HistoryEvent::type).containsExactly(
        HistoryEventType.EXECUTION_STARTED, HistoryEventType.TASK_STATE_ENTERED,
        HistoryEventType.TASK_SCHEDULED, HistoryEventType.TASK_STARTED, HistoryEventType.TASK_FAILED,
        HistoryEventType.TASK_SCHEDULED, HistoryEventType.TASK_STARTED, HistoryEventType.TASK_FAILED,
        HistoryEventType.TASK_STATE_EXITED, HistoryEventType.PASS_STATE_ENTERED, HistoryEventType.PASS_STATE_EXITED,
        HistoryEventType.EXECUTION_SUCCEEDED);
    assertThat(events.get(4).taskFailedEventDetails().error()).isEqualTo("DynamoDB.ConditionalCheckFailedException");
    assertThat(events.get(11).executionSucceededEventDetails().output()).contains("ConditionalCheckFailed");
  }

  @Test
  void stopsARunningExecutionWithItsErrorAndCause() throws InterruptedException {
    String slow = system.physicalId("Slow");
    String arn = sfn.startExecution(r -> r.stateMachineArn(slow).name("held")).executionArn();
    AwsEndpointTest.awaitTrue(() -> sfn.getExecutionHistory(r -> r.executionArn(arn)).events().size() >= 2);

    sfn.stopExecution(r -> r.executionArn(arn).error("Operator.Stop").cause("not needed any more"));

    DescribeExecutionResponse stopped = sfn.describeExecution(r -> r.executionArn(arn));
    assertThat(stopped.status()).isEqualTo(ExecutionStatus.ABORTED);
    assertThat(stopped.error()).isEqualTo("Operator.Stop");
    List<HistoryEvent> events = sfn.getExecutionHistory(r -> r.executionArn(arn)).events();
    assertThat(events).extracting(HistoryEvent::type).containsExactly(HistoryEventType.EXECUTION_STARTED,
        HistoryEventType.WAIT_STATE_ENTERED, HistoryEventType.EXECUTION_ABORTED);
    assertThat(events.get(2).executionAbortedEventDetails().cause()).isEqualTo("not needed any more");
  }

  @Test
  void refusesExecutionOperationsOnAnExpressMachineButShowsItsRunLocally() throws Exception {
    StartSyncExecutionResponse sync = sfn.startSyncExecution(r -> r.stateMachineArn(quick).name("quick-1").input("{}"));

    assertThat(sync.status()).isEqualTo(SyncExecutionStatus.SUCCEEDED);
    assertThatThrownBy(() -> sfn.listExecutions(r -> r.stateMachineArn(quick)))
        .isInstanceOf(StateMachineTypeNotSupportedException.class);
    assertThatThrownBy(() -> sfn.describeExecution(r -> r.executionArn(sync.executionArn())))
        .isInstanceOf(StateMachineTypeNotSupportedException.class);
    assertThatThrownBy(() -> sfn.getExecutionHistory(r -> r.executionArn(sync.executionArn())))
        .isInstanceOf(StateMachineTypeNotSupportedException.class);

    JsonNode list = get("/_orderflow/executions?stateMachineArn=" + URLEncoder.encode(quick, StandardCharsets.UTF_8));
    assertThat(list.path("executions")).singleElement().satisfies(e -> {
      assertThat(e.path("executionArn").asText()).isEqualTo(sync.executionArn());
      assertThat(e.path("stateMachineArn").asText()).isEqualTo(quick);
      assertThat(e.path("status").asText()).isEqualTo("SUCCEEDED");
    });
    JsonNode one = get("/_orderflow/executions/" + URLEncoder.encode(sync.executionArn(), StandardCharsets.UTF_8));
    assertThat(one.path("output").asText()).contains("quick");
    List<String> types = new ArrayList<>();
    one.path("events").forEach(e -> types.add(e.path("type").asText()));
    assertThat(types).containsExactly("ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded");
  }

  @Test
  void filtersTheLocalExecutionListByStatusAndText() throws Exception {
    run("order-find-me", "{\"id\":\"needle-7\",\"quantity\":1}");

    JsonNode found = get("/_orderflow/executions?status=SUCCEEDED&contains=needle-7");

    assertThat(found.path("executions")).singleElement()
        .satisfies(e -> assertThat(e.path("name").asText()).isEqualTo("order-find-me"));
    assertThat(get("/_orderflow/executions?status=TIMED_OUT").path("executions")).isEmpty();
  }

  @Test
  void answersStepFunctionsErrorsInItsShape() {
    assertThatThrownBy(() -> sfn.describeExecution(r -> r.executionArn(
        "arn:aws:states:us-east-1:000000000000:execution:workflow:none")))
        .isInstanceOf(ExecutionDoesNotExistException.class);
    assertThatThrownBy(() -> sfn.listActivities())
        .isInstanceOfSatisfying(SfnException.class, e -> {
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnknownOperationException");
          assertThat(e.getMessage()).contains("ListActivities");
        });
  }

  private static JsonNode get(String path) throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create(system.awsEndpoint() + path).toURL().openConnection();
    assertThat(c.getResponseCode()).isEqualTo(200);
    try (InputStream in = c.getInputStream()) {
      return JSON.readTree(in);
    }
  }
}
