package dev.orderflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.gateway.Caller;
import dev.orderflow.local.gateway.IamMode;
import dev.orderflow.local.sns.OutboxEntry;
import dev.orderflow.local.stepfunctions.ExecutionStatus;
import dev.orderflow.local.stepfunctions.ExecutionSummary;
import dev.orderflow.local.testing.CloudAssemblies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A data folder keeps a stack's tables, queues, executions and outbox from one run to the next. */
class RunDataTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Caller TESTER = Caller.service("test.amazonaws.com", "arn:aws:iam::000000000000:role/Tester");
  private static final String STACK = "Shop";
  private static final String TEMPLATE = """
      {"Resources": {
        "Orders": {"Type": "AWS::DynamoDB::Table", "Properties": {"TableName": "orders",
          "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
          "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
          "StreamSpecification": {"StreamViewType": "NEW_AND_OLD_IMAGES"}}},
        "Inbox": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "inbox"}},
        "Ledger": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "ledger.fifo", "FifoQueue": true,
          "ContentBasedDeduplication": true}},
        "Updates": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "updates",
          "Subscription": [{"Protocol": "email", "Endpoint": "pat@example.com"}]}},
        "Flow": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {"StateMachineName": "flow",
          "DefinitionString": "{\\"StartAt\\": \\"Done\\", \\"States\\": {\\"Done\\": {\\"Type\\": \\"Pass\\", \\"End\\": true}}}"}}
      }}""";

  @TempDir
  static Path assemblies;
  private static Path shop;

  @TempDir
  Path data;

  @BeforeAll
  static void writeAssembly() throws IOException {
    shop = cloudAssembly("shop", TEMPLATE);
  }

  private static Path cloudAssembly(String folder, String template) {
    return CloudAssemblies.oneStack(assemblies.resolve(folder), STACK, template);
  }


  private static LocalSystem start(Path assembly, Path data, List<String> log) {
    return LocalSystem.builder(assembly, STACK).iam(IamMode.OFF).dataDirectory(data).log(log::add).start();
  }

  private static LocalSystem start(Path data) {
    return start(shop, data, new CopyOnWriteArrayList<>());
  }

  private static void order(LocalSystem system, String id, String status) {
    ObjectNode request = JSON.createObjectNode().put("TableName", "orders");
    request.putObject("Item").putObject("id").put("S", id);
    ((ObjectNode) request.get("Item")).putObject("orderStatus").put("S", status);
    system.tables().call("PutItem", request);
  }

  private static JsonNode row(LocalSystem system, String id) {
    ObjectNode request = JSON.createObjectNode().put("TableName", "orders");
    request.putObject("Key").putObject("id").put("S", id);
    return system.tables().call("GetItem", request).path("Item");
  }

  private static void send(LocalSystem system, String body) {
    ObjectNode request = JSON.createObjectNode().put("QueueUrl", system.physicalId("Inbox")).put("MessageBody", body);
    request.putObject("MessageAttributes").putObject("source").put("DataType", "String").put("StringValue", "till");
    system.gateway().call(TESTER, "sqs", "SendMessage", request);
  }

  private static JsonNode receive(LocalSystem system) {
    ObjectNode request = JSON.createObjectNode().put("QueueUrl", system.physicalId("Inbox"))
        .put("MaxNumberOfMessages", 10).put("WaitTimeSeconds", 0);
    request.putArray("MessageAttributeNames").add("All");
    return system.gateway().call(TESTER, "sqs", "ReceiveMessage", request).path("Messages");
  }

  private static void publish(LocalSystem system, String message) {
    system.gateway().call(TESTER, "sns", "Publish", JSON.createObjectNode()
        .put("TopicArn", system.physicalId("Updates")).put("Subject", "Order").put("Message", message));
  }

  private static void runFlow(LocalSystem system, String name) {
    system.gateway().call(TESTER, "states", "StartExecution", JSON.createObjectNode()
        .put("stateMachineArn", system.physicalId("Flow")).put("name", name).put("input", "{\"n\":1}"));
    system.awaitQuiet(Duration.ofSeconds(30));
  }

  @Test
  void aStopAndAStartOnTheSameDataFolderKeepTheRowTheMessageTheOutboxAndTheExecutions() throws IOException {
    try (LocalSystem first = start(data)) {
      order(first, "o-1", "PENDING");
      send(first, "{\"id\":\"o-1\"}");
      publish(first, "o-1 is paid");
      runFlow(first, "first-run");
    }

    try (LocalSystem second = start(data)) {
      assertThat(row(second, "o-1").path("orderStatus").path("S").asText()).isEqualTo("PENDING");
      JsonNode messages = receive(second);
      assertThat(messages).hasSize(1);
      assertThat(messages.get(0).path("Body").asText()).isEqualTo("{\"id\":\"o-1\"}");
      assertThat(messages.get(0).path("MessageAttributes").path("source").path("StringValue").asText())
          .isEqualTo("till");
      assertThat(second.emails()).extracting(OutboxEntry::message).containsExactly("o-1 is paid");
      assertThat(second.executions()).extracting(ExecutionSummary::name, ExecutionSummary::status)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("first-run", ExecutionStatus.SUCCEEDED));

      publish(second, "o-2 is paid");
      runFlow(second, "second-run");

      assertThat(second.emails()).extracting(OutboxEntry::message).containsExactly("o-1 is paid", "o-2 is paid");
      assertThat(second.executions()).extracting(ExecutionSummary::name).containsExactly("first-run", "second-run");
      assertThat(Files.readAllLines(data.resolve("outbox.jsonl"))).hasSize(4);
    }
  }

  @Test
  void aMessageInFlightAtTheStopIsVisibleAfterTheStart() {
    try (LocalSystem first = start(data)) {
      send(first, "{\"id\":\"o-2\"}");
      ObjectNode request = JSON.createObjectNode().put("QueueUrl", first.physicalId("Inbox"))
          .put("VisibilityTimeout", 600);
      assertThat(first.gateway().call(TESTER, "sqs", "ReceiveMessage", request).path("Messages")).hasSize(1);
      assertThat(first.queueCounts("Inbox").inFlight()).isEqualTo(1);
    }

    try (LocalSystem second = start(data)) {
      assertThat(receive(second)).extracting(message -> message.path("Body").asText())
          .containsExactly("{\"id\":\"o-2\"}");
    }
  }

  @Test
  void aFifoQueueKeepsEveryMessageOfAGroupInOrder() {
    try (LocalSystem first = start(data)) {
      for (String body : List.of("one", "two", "three")) {
        first.gateway().call(TESTER, "sqs", "SendMessage", JSON.createObjectNode()
            .put("QueueUrl", first.physicalId("Ledger")).put("MessageBody", body).put("MessageGroupId", "till-1"));
      }
    }

    try (LocalSystem second = start(data)) {
      ObjectNode request = JSON.createObjectNode().put("QueueUrl", second.physicalId("Ledger"))
          .put("MaxNumberOfMessages", 10);
      assertThat(second.gateway().call(TESTER, "sqs", "ReceiveMessage", request).path("Messages"))
          .extracting(message -> message.path("Body").asText()).containsExactly("one", "two", "three");
    }
  }

  @Test
  void keptItemsAreNotAnnouncedAgainOnTheStream() {
    try (LocalSystem first = start(data)) {
      order(first, "o-1", "PENDING");
    }

    try (LocalSystem second = start(data)) {
      String streamArn = second.tables().callStreams("ListStreams", JSON.createObjectNode().put("TableName", "orders"))
          .path("Streams").get(0).path("StreamArn").asText();
      String iterator = second.tables().callStreams("GetShardIterator", JSON.createObjectNode()
          .put("StreamArn", streamArn).put("ShardId", second.tables().callStreams("DescribeStream",
              JSON.createObjectNode().put("StreamArn", streamArn)).path("StreamDescription").path("Shards").get(0)
              .path("ShardId").asText())
          .put("ShardIteratorType", "TRIM_HORIZON")).path("ShardIterator").asText();

      assertThat(second.tables().callStreams("GetRecords", JSON.createObjectNode().put("ShardIterator", iterator))
          .path("Records")).isEmpty();
      assertThat(row(second, "o-1").path("orderStatus").path("S").asText()).isEqualTo("PENDING");
    }
  }

  @Test
  void withoutADataFolderNothingSurvivesTheStop() {
    try (LocalSystem first = start(null)) {
      order(first, "o-1", "PENDING");
      send(first, "{\"id\":\"o-1\"}");
      publish(first, "o-1 is paid");
      assertThat(first.dataDirectory()).isEmpty();
    }

    try (LocalSystem second = start(null)) {
      assertThat(row(second, "o-1").isMissingNode()).isTrue();
      assertThat(receive(second)).isEmpty();
      assertThat(second.outbox()).isEmpty();
    }
  }

  @Test
  void aFolderOfAnotherStackIsRefusedNamingThatStack() throws IOException {
    Files.writeString(data.resolve("stack.json"), "{\"stack\":\"Billing\",\"format\":1}");

    assertThatThrownBy(() -> start(data)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the data folder " + data + " holds the data of the stack Billing, not of Shop: give Shop a folder"
            + " of its own");
  }

  @Test
  void aFolderWithOtherFilesIsNotTakenForData() throws IOException {
    Files.writeString(data.resolve("notes.txt"), "mine");

    assertThatThrownBy(() -> start(data)).hasMessageContaining("is not empty and holds no stack's data");
  }

  @Test
  void anItemThatNoLongerFitsItsTableStopsTheStartSayingWhatToDo() throws IOException {
    try (LocalSystem first = start(data)) {
      order(first, "o-1", "PENDING");
    }
    Path otherKey = cloudAssembly("other-key",
        TEMPLATE.replace("\"AttributeName\": \"id\"", "\"AttributeName\": \"orderId\""));

    assertThatThrownBy(() -> start(otherKey, data, new CopyOnWriteArrayList<>()))
        .hasMessageStartingWith("Orders (AWS::DynamoDB::Table): an item kept from an earlier run does not fit the table")
        .hasMessageContaining("remove the table's file from it");
    assertThat(Files.readAllLines(data.resolve("tables/Orders.jsonl"))).hasSize(1);
  }

  @Test
  void aTableTheTemplateNoLongerHasIsIgnoredWithOneLine() throws IOException {
    try (LocalSystem first = start(data)) {
      order(first, "o-1", "PENDING");
    }
    Path withoutTable = cloudAssembly("without-table", TEMPLATE.replace("\"Orders\":", "\"Sales\":"));
    List<String> log = new CopyOnWriteArrayList<>();

    try (LocalSystem second = start(withoutTable, data, log)) {
      assertThat(row(second, "o-1").isMissingNode()).isTrue();
    }

    assertThat(log).filteredOn(line -> line.startsWith("data: ")).containsExactly("data: the table Orders kept in "
        + data + " is no longer in the stack; its items are left unread");
  }
}
