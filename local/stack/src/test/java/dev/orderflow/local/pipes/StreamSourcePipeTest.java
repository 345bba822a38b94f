package dev.orderflow.local.pipes;

import static dev.orderflow.local.pipes.PipeFixtures.STATE_MACHINE;
import static dev.orderflow.local.pipes.PipeFixtures.TOPIC;
import static dev.orderflow.local.pipes.PipeFixtures.await;
import static dev.orderflow.local.pipes.PipeFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderflow.local.dynamodb.DynamoDbEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StreamSourcePipeTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  // The notifier pipe of the example stack, as its synthesized template has it.
  private static final String NOTIFIER_PATTERN = "{\"eventName\":[\"MODIFY\"],\"dynamodb\":{\"OldImage\":"
      + "{\"orderStatus\":{\"S\":[\"PENDING\"]}},\"NewImage\":{\"orderStatus\":{\"S\":[\"SUCCESS\",\"FAILED\"]}}}}";
  private static final String NOTIFIER_TEMPLATE = "Order status: <$.dynamodb.NewImage.orderStatus.S>\n\n"
      + "Order: <$.dynamodb.NewImage.id.S>\nItem: <$.dynamodb.NewImage.quantity.N> x <$.dynamodb.NewImage.name.S>\n"
      + "Restaurant: <$.dynamodb.NewImage.restaurantId.S>\nOrdered at: <$.dynamodb.NewImage.createdAt.S>\n"
      + "Failure reason: <$.dynamodb.NewImage.failureReason.S>";

  private static PipeFixtures fixtures;
  private DynamoDbEngine tables;
  private RecordingTargets targets;
  private String table;
  private String streamArn;
  private final List<LocalPipe> pipes = new ArrayList<>();

  @BeforeAll
  static void startQueues() {
    fixtures = new PipeFixtures();
  }

  @AfterAll
  static void stopQueues() {
    fixtures.close();
  }

  @BeforeEach
  void startTables() {
    tables = DynamoDbEngine.start();
    targets = new RecordingTargets(fixtures.sqs);
    table = "orders-" + UUID.randomUUID().toString().substring(0, 8);
    JsonNode created = tables.call("CreateTable", json("{\"TableName\":\"" + table + "\","
        + "\"KeySchema\":[{\"AttributeName\":\"id\",\"KeyType\":\"HASH\"}],"
        + "\"AttributeDefinitions\":[{\"AttributeName\":\"id\",\"AttributeType\":\"S\"}],"
        + "\"BillingMode\":\"PAY_PER_REQUEST\","
        + "\"StreamSpecification\":{\"StreamEnabled\":true,\"StreamViewType\":\"NEW_AND_OLD_IMAGES\"}}"));
    streamArn = created.get("TableDescription").get("LatestStreamArn").asText();
  }

  @AfterEach
  void stopTables() {
    pipes.forEach(LocalPipe::close);
    tables.close();
  }

  private LocalPipe pipe(String streamParameters, String filters, String target, String targetParameters,
      PipeOptions options) {
    String properties = "{\"Source\":\"" + streamArn + "\",\"SourceParameters\":{\"DynamoDBStreamParameters\":"
        + streamParameters + (filters == null ? "" : ",\"FilterCriteria\":{\"Filters\":[{\"Pattern\":"
        + PipeFixtures.JSON.valueToTree(filters) + "}]}") + "},\"Target\":\"" + target + "\",\"TargetParameters\":"
        + targetParameters + "}";
    LocalPipe pipe = LocalPipe.create("NotifierPipe", "notifier", json(properties), targets, fixtures.source, tables,
        options);
    pipes.add(pipe);
    return pipe;
  }

  private void put(String id, String status, String extra) {
    tables.call("PutItem", json("{\"TableName\":\"" + table + "\",\"Item\":{\"id\":{\"S\":\"" + id + "\"},"
        + "\"orderStatus\":{\"S\":\"" + status + "\"},\"name\":{\"S\":\"Margherita\"},\"quantity\":{\"N\":\"2\"},"
        + "\"restaurantId\":{\"S\":\"r-1\"},\"createdAt\":{\"S\":\"2025-01-02T03:04:05Z\"}" + extra + "}}"));
  }

  private static String templateParameters(String template) {
    return "{\"InputTemplate\":" + PipeFixtures.JSON.valueToTree(template) + "}";
  }

  @Test
  void publishesTheNotifierTemplateOnlyForAChangeFromPendingToAFinalStatus() {
    LocalPipe pipe = pipe("{\"StartingPosition\":\"LATEST\",\"BatchSize\":10}", NOTIFIER_PATTERN, TOPIC,
        templateParameters(NOTIFIER_TEMPLATE), PipeOptions.defaults());
    pipe.start();

    put("o-1", "PENDING", "");
    put("o-1", "SUCCESS", "");
    put("o-2", "PENDING", "");
    put("o-2", "FAILED", ",\"failureReason\":{\"S\":\"card declined\"}");
    put("o-2", "FAILED", ",\"failureReason\":{\"S\":\"card declined twice\"}");

    await(WAIT, "two notifications", () -> targets.calls("publish").size() == 2);
    await(WAIT, "the pipe idle", pipe::idle);
    assertThat(targets.calls("publish")).extracting(RecordingTargets.Call::body).containsExactly(
        "Order status: SUCCESS\n\nOrder: o-1\nItem: 2 x Margherita\nRestaurant: r-1\n"
            + "Ordered at: 2025-01-02T03:04:05Z\nFailure reason: ",
        "Order status: FAILED\n\nOrder: o-2\nItem: 2 x Margherita\nRestaurant: r-1\n"
            + "Ordered at: 2025-01-02T03:04:05Z\nFailure reason: card declined");
    assertThat(targets.calls("publish")).allSatisfy(call -> assertThat(call.arn()).isEqualTo(TOPIC));
  }

  @Test
  void publishesABatchToATopicInOnePublishBatchCallAsPipesUsesATargetsBatchApi() {
    LocalPipe pipe = pipe("{\"StartingPosition\":\"LATEST\",\"BatchSize\":10,\"MaximumBatchingWindowInSeconds\":1}",
        null, TOPIC, "{}", PipeOptions.defaults());
    pipe.start();

    for (int i = 0; i < 4; i++) {
      put("o-" + i, "PENDING", "");
    }

    await(WAIT, "four publications", () -> targets.calls("publish").size() == 4);
    assertThat(targets.calls("publishBatch")).as("one batch API call for the four records")
        .extracting(RecordingTargets.Call::body).containsExactly("4");
  }

  @Test
  void turnsEachRecordIntoThePipesDynamoDbEvent() {
    LocalPipe pipe = pipe("{\"StartingPosition\":\"LATEST\"}", null, STATE_MACHINE, "{}", PipeOptions.defaults());
    pipe.start();

    put("o-1", "PENDING", "");

    await(WAIT, "one execution", () -> targets.calls("startSyncExecution").size() == 1);
    JsonNode event = json(targets.calls("startSyncExecution").get(0).body()).get(0);
    assertThat(event.get("eventID").asText()).isNotBlank();
    assertThat(event.get("eventName").asText()).isEqualTo("INSERT");
    assertThat(event.get("eventVersion").asText()).isEqualTo("1.1");
    assertThat(event.get("eventSource").asText()).isEqualTo("aws:dynamodb");
    assertThat(event.get("awsRegion").asText()).isNotBlank();
    assertThat(event.get("eventSourceARN").asText()).isEqualTo(streamArn);
    JsonNode change = event.get("dynamodb");
    assertThat(change.get("Keys")).isEqualTo(json("{\"id\":{\"S\":\"o-1\"}}"));
    assertThat(change.get("NewImage").get("orderStatus").get("S").asText()).isEqualTo("PENDING");
    assertThat(change.has("OldImage")).isFalse();
    assertThat(change.get("StreamViewType").asText()).isEqualTo("NEW_AND_OLD_IMAGES");
    assertThat(change.get("SequenceNumber").asText()).isNotBlank();
    assertThat(change.get("SizeBytes").asLong()).isPositive();
    assertThat(change.get("ApproximateCreationDateTime").isNumber()).isTrue();
  }

  @Test
  void deliversTheRecordsOfAnItemInStreamOrder() {
    LocalPipe pipe = pipe("{\"StartingPosition\":\"LATEST\",\"BatchSize\":3,\"MaximumBatchingWindowInSeconds\":1}",
        null, TOPIC, templateParameters("<$.dynamodb.NewImage.quantity.N>"), PipeOptions.defaults());
    pipe.start();

    for (int i = 1; i <= 30; i++) {
      tables.call("PutItem", json("{\"TableName\":\"" + table + "\",\"Item\":{\"id\":{\"S\":\"o-1\"},"
          + "\"quantity\":{\"N\":\"" + i + "\"}}}"));
    }

    await(WAIT, "30 messages", () -> targets.calls("publish").size() == 30);
    List<Integer> order = targets.calls("publish").stream().map(call -> Integer.parseInt(call.body())).toList();
    assertThat(order).isSorted().hasSize(30).startsWith(1).endsWith(30);
  }

  @Test
  void retriesAFailingBatchThenSendsItsDescriptionToTheDeadLetterQueue() {
    String deadLetters = fixtures.queue("notifier-dlq", java.util.Map.of());
    targets.publishing = message -> {
      throw new PipeTargetException("KMS.DisabledException", "the topic's key is disabled");
    };
    LocalPipe pipe = pipe("{\"StartingPosition\":\"LATEST\",\"MaximumRetryAttempts\":2,"
        + "\"DeadLetterConfig\":{\"Arn\":\"" + deadLetters + "\"}}", null, TOPIC, "{}",
        PipeOptions.defaults().withRedeliveryDelay(Duration.ofMillis(10)));
    pipe.start();

    put("o-1", "PENDING", "");

    await(WAIT, "a dead letter", () -> !targets.calls("sendMessage").isEmpty());
    await(WAIT, "the pipe idle", pipe::idle);
    assertThat(targets.calls("publish")).as("the first attempt and 2 retries").hasSize(3);
    JsonNode letter = json(targets.calls("sendMessage").get(0).body());
    String sequence = json(targets.calls("publish").get(0).body()).get("dynamodb").get("SequenceNumber").asText();
    assertThat(letter.get("context").get("condition").asText()).isEqualTo("RetryAttemptsExhausted");
    assertThat(letter.get("context").get("partnerResourceArn").asText()).endsWith(":pipe/notifier");
    assertThat(letter.get("DDBStreamBatchInfo").get("startSequenceNumber").asText()).isEqualTo(sequence);
    assertThat(letter.get("DDBStreamBatchInfo").get("endSequenceNumber").asText()).isEqualTo(sequence);
    assertThat(letter.get("DDBStreamBatchInfo").get("batchSize").asInt()).isEqualTo(1);
    assertThat(letter.get("DDBStreamBatchInfo").get("streamArn").asText()).isEqualTo(streamArn);
    assertThat(fixtures.messagesIn(deadLetters)).isEqualTo(1);
  }

  @Test
  void bisectsAFailingBatchSoThatOnlyThePoisonRecordReachesTheDeadLetterQueue() {
    String deadLetters = fixtures.queue("bisect-dlq", java.util.Map.of());
    targets.syncExecution = input -> {
      for (JsonNode event : json(input)) {
        if (event.get("dynamodb").get("NewImage").get("id").get("S").asText().equals("poison")) {
          throw new PipeTargetException("States.TaskFailed", "cannot handle " + event.get("dynamodb").get("Keys"));
        }
      }
      return "{}";
    };
    LocalPipe pipe = pipe("{\"StartingPosition\":\"LATEST\",\"BatchSize\":4,\"MaximumBatchingWindowInSeconds\":2,"
        + "\"MaximumRetryAttempts\":1,\"OnPartialBatchItemFailure\":\"AUTOMATIC_BISECT\","
        + "\"DeadLetterConfig\":{\"Arn\":\"" + deadLetters + "\"}}", null, STATE_MACHINE, "{}",
        PipeOptions.defaults().withRedeliveryDelay(Duration.ofMillis(10)));
    pipe.start();

    put("a", "PENDING", "");
    put("b", "PENDING", "");
    put("poison", "PENDING", "");
    put("c", "PENDING", "");

    await(WAIT, "a dead letter", () -> !targets.calls("sendMessage").isEmpty());
    await(WAIT, "the pipe idle", pipe::idle);
    List<String> delivered = new ArrayList<>();
    targets.calls("startSyncExecution").stream().map(call -> json(call.body()))
        .filter(batch -> StreamSupport.stream(batch.spliterator(), false)
            .noneMatch(event -> event.get("dynamodb").get("Keys").get("id").get("S").asText().equals("poison")))
        .forEach(batch -> batch.forEach(event -> delivered.add(event.get("dynamodb").get("Keys").get("id").get("S")
            .asText())));
    assertThat(delivered).containsExactly("a", "b", "c");
    assertThat(targets.calls("sendMessage")).hasSize(1);
    assertThat(json(targets.calls("sendMessage").get(0).body()).get("DDBStreamBatchInfo").get("batchSize").asInt())
        .isEqualTo(1);
  }

  @Test
  void retriesOnlyTheRecordsFromTheFirstOneASyncTargetNamesAsFailed() {
    List<String> failOnce = new ArrayList<>(List.of("b"));
    targets.syncExecution = input -> {
      for (JsonNode event : json(input)) {
        String id = event.get("dynamodb").get("Keys").get("id").get("S").asText();
        if (failOnce.remove(id)) {
          return "{\"batchItemFailures\":[{\"itemIdentifier\":\"" + event.get("dynamodb").get("SequenceNumber")
              .asText() + "\"}]}";
        }
      }
      return "{}";
    };
    LocalPipe pipe = pipe("{\"StartingPosition\":\"LATEST\",\"BatchSize\":3,\"MaximumBatchingWindowInSeconds\":2}",
        null, STATE_MACHINE, "{}", PipeOptions.defaults().withRedeliveryDelay(Duration.ofMillis(10)));
    pipe.start();

    put("a", "PENDING", "");
    put("b", "PENDING", "");
    put("c", "PENDING", "");

    await(WAIT, "two executions", () -> targets.calls("startSyncExecution").size() == 2);
    assertThat(targets.calls("startSyncExecution")).extracting(call -> ids(json(call.body())))
        .containsExactly(List.of("a", "b", "c"), List.of("b", "c"));
  }

  private static List<String> ids(JsonNode batch) {
    return StreamSupport.stream(batch.spliterator(), false)
        .map(event -> event.get("dynamodb").get("Keys").get("id").get("S").asText()).toList();
  }

  @Test
  void readsTheRecordsAlreadyInTheStreamFromTrimHorizon() {
    put("before-1", "PENDING", "");
    put("before-2", "PENDING", "");
    LocalPipe pipe = pipe("{\"StartingPosition\":\"TRIM_HORIZON\"}", null, TOPIC,
        templateParameters("<$.dynamodb.Keys.id.S>"), PipeOptions.defaults());

    pipe.start();
    put("after", "PENDING", "");

    await(WAIT, "three messages", () -> targets.calls("publish").size() == 3);
    assertThat(targets.calls("publish")).extracting(RecordingTargets.Call::body)
        .containsExactly("before-1", "before-2", "after");
  }

  @Test
  void startsFromLatestWithoutTheRecordsAlreadyInTheStream() throws InterruptedException {
    put("before", "PENDING", "");
    LocalPipe pipe = pipe("{\"StartingPosition\":\"LATEST\"}", null, TOPIC,
        templateParameters("<$.dynamodb.Keys.id.S>"), PipeOptions.defaults());

    pipe.start();
    put("after", "PENDING", "");

    await(WAIT, "one message", () -> targets.calls("publish").size() == 1);
    Thread.sleep(200);
    assertThat(targets.calls("publish")).extracting(RecordingTargets.Call::body).containsExactly("after");
  }

  @Test
  void closingThePipeStopsItsThreadAndItsStreamListener() {
    LocalPipe pipe = pipe("{\"StartingPosition\":\"LATEST\"}", null, TOPIC, "{}", PipeOptions.defaults());
    pipe.start();
    assertThat(SqsSourcePipeTest.threadsNamed("pipe-NotifierPipe-")).hasSize(1);
    assertThat(SqsSourcePipeTest.threadsNamed("dynamodb-engine-stream-" + table)).hasSize(1);

    pipe.close();

    assertThat(SqsSourcePipeTest.threadsNamed("pipe-NotifierPipe-")).isEmpty();
    assertThat(SqsSourcePipeTest.threadsNamed("dynamodb-engine-stream-" + table)).isEmpty();
  }

  @Test
  void aStoppedPipeIsCreatedButDoesNotRead() throws InterruptedException {
    String properties = "{\"DesiredState\":\"STOPPED\",\"Source\":\"" + streamArn + "\",\"SourceParameters\":"
        + "{\"DynamoDBStreamParameters\":{\"StartingPosition\":\"LATEST\"}},\"Target\":\"" + TOPIC + "\"}";
    LocalPipe pipe = LocalPipe.create("StoppedPipe", "stopped", json(properties), targets, fixtures.source, tables,
        PipeOptions.defaults());
    pipes.add(pipe);

    pipe.start();
    put("o-1", "PENDING", "");
    Thread.sleep(300);

    assertThat(pipe.running()).isFalse();
    assertThat(targets.calls()).isEmpty();
    assertThat(SqsSourcePipeTest.threadsNamed("pipe-StoppedPipe-")).isEmpty();
  }
}
