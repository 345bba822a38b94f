package dev.orderflow.examples.pizza.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.local.LocalSystem;
import dev.orderflow.local.LocalSystemExtension;
import dev.orderflow.local.appsync.AppSyncEndpoint;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.StartSyncExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineTypeNotSupportedException;
import software.amazon.awssdk.services.sfn.model.SyncExecutionStatus;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The example's system through the AWS SDK for Java, pointed at the printed AWS endpoint with
 * made-up credentials: what a developer's scripts and tests see of an order.
 */
class AwsEndpointLocalTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static LocalSystemExtension local = LocalSystemExtension.of(CloudAssemblies::pizzaOrders, "PizzaOrders",
      settings -> settings.redeliveryDelay(Duration.ofMillis(300)).retryDelayScale(0.01));

  private static GraphqlClient client;
  private static DynamoDbClient dynamodb;
  private static SfnClient sfn;
  private static SqsClient sqs;
  private static SnsClient sns;
  private static String workflow;

  @BeforeAll
  static void connect(LocalSystem system) {
    AppSyncEndpoint endpoint = system.graphql().orElseThrow();
    client = GraphqlClient.withApiKey(endpoint.graphqlUrl(), endpoint.apiKey());
    dynamodb = sdk(DynamoDbClient.builder(), system.awsEndpoint());
    sfn = sdk(SfnClient.builder(), system.awsEndpoint());
    sqs = sdk(SqsClient.builder(), system.awsEndpoint());
    sns = sdk(SnsClient.builder(), system.awsEndpoint());
    workflow = system.physicalId(system.logicalIds("AWS::StepFunctions::StateMachine").get(0));
  }

  @AfterAll
  static void close() {
    for (AutoCloseable sdkClient : new AutoCloseable[] {dynamodb, sfn, sqs, sns}) {
      try {
        sdkClient.close();
      } catch (Exception e) {
        // closing a client frees nothing the test needs
      }
    }
  }

  private static <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> C sdk(B builder, URI endpoint) {
    return builder.endpointOverride(endpoint).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "any")))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(c -> c.putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true))
        .build();
  }

  @Test
  void aScanSeesThePostedOrdersRowAndTheExpressRunsHistoryIsServedLocally(LocalSystem system) throws Exception {
    String id = client.postOrder("Sdk Pizza", 1);
    client.awaitFinal(id, Duration.ofSeconds(60));
    system.awaitQuiet(Duration.ofSeconds(30));

    List<java.util.Map<String, AttributeValue>> rows = dynamodb.scanPaginator(r -> r.tableName(
        system.physicalId(Orders.orderTable(system)))).items().stream().toList();
    assertThat(rows).anySatisfy(row -> {
      assertThat(row.get("id").s()).isEqualTo(id);
      assertThat(row.get("orderStatus").s()).isIn("SUCCESS", "FAILED");
    });

    // The order workflow is EXPRESS: AWS's API lists and describes none of its runs, nor does this one.
    assertThatThrownBy(() -> sfn.listExecutions(r -> r.stateMachineArn(workflow)))
        .isInstanceOf(StateMachineTypeNotSupportedException.class);
    HttpClient http = HttpClient.newHttpClient();
    JsonNode list = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(system.awsEndpoint()
        + "/_orderflow/executions?contains=" + id)).build(), HttpResponse.BodyHandlers.ofString()).body());
    String arn = list.path("executions").get(0).path("executionArn").asText();
    assertThatThrownBy(() -> sfn.getExecutionHistory(r -> r.executionArn(arn)))
        .isInstanceOf(StateMachineTypeNotSupportedException.class);
    JsonNode run = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(system.awsEndpoint()
        + "/_orderflow/executions/" + URLEncoder.encode(arn, StandardCharsets.UTF_8))).build(),
        HttpResponse.BodyHandlers.ofString()).body());
    assertThat(run.path("input").asText()).contains(id);
    List<String> types = new ArrayList<>();
    run.path("events").forEach(event -> {
      types.add(event.path("type").asText());
      assertThat(event.path("id").asInt()).isEqualTo(types.size());
      assertThat(event.path("previousEventId").asInt()).isEqualTo(types.size() - 1);
    });
    assertThat(types).startsWith("ExecutionStarted", "MapStateEntered").contains("TaskScheduled", "TaskSucceeded")
        .endsWith("ExecutionSucceeded");
  }

  @Test
  void aHandMadeBatchStartedOnTheWorkflowFinishesItsOrder(LocalSystem system) {
    var order = Orders.message("Hand-made Pizza", 2);
    String id = order.get("id").asText();
    java.util.Map<String, AttributeValue> item = new java.util.HashMap<>();
    order.fields().forEachRemaining(field -> item.put(field.getKey(), field.getValue().isNumber()
        ? AttributeValue.fromN(field.getValue().asText()) : AttributeValue.fromS(field.getValue().asText())));
    item.put("orderStatus", AttributeValue.fromS("PENDING"));
    dynamodb.putItem(r -> r.tableName(system.physicalId(Orders.orderTable(system))).item(item));
    // One message, in a batch shaped as the pipe sends one: no queue involved.
    String batch = JSON.createArrayNode().add(JSON.createObjectNode().put("messageId", "hand-made-1")
        .put("receiptHandle", "none").put("body", JSON.createObjectNode().put("id", id).toString())
        .put("eventSource", "aws:sqs")).toString();

    StartSyncExecutionResponse run = sfn.startSyncExecution(r -> r.stateMachineArn(workflow).input(batch));

    assertThat(run.status()).as(run.toString()).isEqualTo(SyncExecutionStatus.SUCCEEDED);
    assertThat(run.output()).contains("batchItemFailures").doesNotContain("hand-made-1");
    assertThat(Orders.text(Orders.row(system, Orders.orderTable(system), id), "orderStatus")).isIn("SUCCESS", "FAILED");
    system.awaitQuiet(Duration.ofSeconds(30));
  }

  @Test
  void aPoisonMessageIsCountedInTheDeadLetterQueueAndMovedBackToItsSource(LocalSystem system) throws Exception {
    String source = system.physicalId(Orders.orderQueue(system));
    String dlqArn = JSON.readTree(sqs.getQueueAttributes(r -> r.queueUrl(source)
        .attributeNames(QueueAttributeName.REDRIVE_POLICY)).attributes().get(QueueAttributeName.REDRIVE_POLICY))
        .path("deadLetterTargetArn").asText();
    String dlq = sqs.getQueueUrl(r -> r.queueName(dlqArn.substring(dlqArn.lastIndexOf(':') + 1))).queueUrl();

    sqs.sendMessage(r -> r.queueUrl(source).messageBody("{\"order\":\"sdk-poison\"}"));
    system.awaitQuiet(Duration.ofSeconds(60));

    assertThat(sqs.getQueueAttributes(r -> r.queueUrl(dlq).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).isEqualTo("1");
    String task = sqs.startMessageMoveTask(r -> r.sourceArn(dlqArn)).taskHandle();
    assertThat(task).isNotEmpty();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (system.executions().stream().filter(e -> e.input().contains("sdk-poison")).count() < 6) {
      assertThat(System.nanoTime()).as("the moved message runs the workflow again").isLessThan(deadline);
      Thread.sleep(100);
    }
    system.awaitQuiet(Duration.ofSeconds(60));
  }

  @Test
  void listTopicsNamesTheNotificationTopic(LocalSystem system) {
    String topic = system.physicalId(system.logicalIds("AWS::SNS::Topic").get(0));

    assertThat(sns.listTopics().topics()).anySatisfy(t -> assertThat(t.topicArn()).isEqualTo(topic));
  }
}
