package dev.orderflow.local.pipes;

import static dev.orderflow.local.pipes.PipeFixtures.STATE_MACHINE;
import static dev.orderflow.local.pipes.PipeFixtures.TOPIC;
import static dev.orderflow.local.pipes.PipeFixtures.await;
import static dev.orderflow.local.pipes.PipeFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

// Its tests wait on pollers' receives and on closing them, not on the processor, and start no
// local system: the class runs beside the module's others (docs/maintaining.md).
@Execution(ExecutionMode.CONCURRENT)
class SqsSourcePipeTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static PipeFixtures fixtures;
  private RecordingTargets targets;
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
  void recordTargets() {
    targets = new RecordingTargets(fixtures.sqs);
  }

  @AfterEach
  void closePipes() {
    pipes.forEach(LocalPipe::close);
  }

  private LocalPipe pipe(String properties, PipeOptions options) {
    LocalPipe pipe = LocalPipe.create("OrdersPipe", "orders-pipe", json(properties), targets, fixtures.source, null,
        options);
    pipes.add(pipe);
    return pipe;
  }

  private static String properties(String queueArn, String sourceParameters, String target, String targetParameters) {
    return "{\"Source\":\"" + queueArn + "\",\"SourceParameters\":" + sourceParameters + ",\"Target\":\"" + target
        + "\",\"TargetParameters\":" + targetParameters + "}";
  }

  private static List<JsonNode> executionInputs(RecordingTargets targets, String method) {
    return targets.calls(method).stream().map(call -> json(call.body())).toList();
  }

  @Test
  void deliversBatchesOfTheConfiguredSize() {
    String queue = fixtures.queue("batches", Map.of());
    for (int i = 0; i < 7; i++) {
      fixtures.send(queue, "message " + i);
    }
    LocalPipe pipe = pipe(properties(queue, "{\"SqsQueueParameters\":{\"BatchSize\":3}}", STATE_MACHINE,
        "{\"StepFunctionStateMachineParameters\":{\"InvocationType\":\"REQUEST_RESPONSE\"}}"),
        PipeOptions.defaults().withSqsPollers(1));

    pipe.start();

    await(WAIT, "7 messages delivered", () -> executionInputs(targets, "startSyncExecution").stream()
        .mapToInt(JsonNode::size).sum() == 7);
    assertThat(executionInputs(targets, "startSyncExecution")).allSatisfy(batch -> {
      assertThat(batch.isArray()).isTrue();
      assertThat(batch.size()).isBetween(1, 3);
    });
    await(WAIT, "the queue emptied", () -> fixtures.messagesIn(queue) == 0);
  }

  @Test
  void batchingWindowCollectsSeveralReceivesIntoOneBatch() {
    String queue = fixtures.queue("window", Map.of());
    for (int i = 0; i < 25; i++) {
      fixtures.send(queue, "message " + i);
    }
    LocalPipe pipe = pipe(properties(queue,
        "{\"SqsQueueParameters\":{\"BatchSize\":25,\"MaximumBatchingWindowInSeconds\":3}}", STATE_MACHINE, "{}"),
        PipeOptions.defaults().withSqsPollers(1));

    pipe.start();

    await(WAIT, "a batch", () -> !targets.calls("startSyncExecution").isEmpty());
    assertThat(executionInputs(targets, "startSyncExecution").get(0).size()).isEqualTo(25);
  }

  @Test
  void turnsEachMessageIntoThePipesSqsEvent() {
    String queue = fixtures.queue("shape", Map.of());
    fixtures.send(queue, "{\"order\":\"o-1\"}");
    LocalPipe pipe = pipe(properties(queue, "{}", STATE_MACHINE, "{}"), PipeOptions.defaults());

    pipe.start();

    await(WAIT, "a batch", () -> !targets.calls("startSyncExecution").isEmpty());
    JsonNode event = executionInputs(targets, "startSyncExecution").get(0).get(0);
    assertThat(event.get("body").isTextual()).as("the JSON body stays a string").isTrue();
    assertThat(event.get("body").asText()).isEqualTo("{\"order\":\"o-1\"}");
    assertThat(event.get("messageId").asText()).isNotBlank();
    assertThat(event.get("receiptHandle").asText()).isNotBlank();
    assertThat(event.get("attributes").get("ApproximateReceiveCount").asText()).isEqualTo("1");
    assertThat(event.get("attributes").has("SentTimestamp")).isTrue();
    assertThat(event.get("attributes").has("SenderId")).isTrue();
    assertThat(event.get("attributes").has("ApproximateFirstReceiveTimestamp")).isTrue();
    assertThat(event.get("messageAttributes").isObject()).isTrue();
    assertThat(event.get("md5OfBody").asText()).hasSize(32);
    assertThat(event.get("eventSource").asText()).isEqualTo("aws:sqs");
    assertThat(event.get("eventSourceARN").asText()).isEqualTo(queue);
    assertThat(event.get("awsRegion").asText()).isEqualTo("us-east-1");
  }

  @Test
  void deletesMessagesThatTheFilterDropsAndDeliversTheRest() {
    String queue = fixtures.queue("filter", Map.of());
    fixtures.send(queue, "{\"kind\":\"order\",\"id\":\"kept\"}");
    fixtures.send(queue, "{\"kind\":\"refund\",\"id\":\"dropped\"}");
    fixtures.send(queue, "not json at all");
    LocalPipe pipe = pipe(properties(queue,
        "{\"FilterCriteria\":{\"Filters\":[{\"Pattern\":\"{\\\"body\\\":{\\\"kind\\\":[\\\"order\\\"]}}\"}]}}",
        STATE_MACHINE, "{}"), PipeOptions.defaults());

    pipe.start();

    await(WAIT, "the queue emptied", () -> fixtures.messagesIn(queue) == 0);
    List<String> delivered = executionInputs(targets, "startSyncExecution").stream()
        .flatMap(batch -> java.util.stream.StreamSupport.stream(batch.spliterator(), false))
        .map(event -> event.get("body").asText()).toList();
    assertThat(delivered).containsExactly("{\"kind\":\"order\",\"id\":\"kept\"}");
  }

  @Test
  void matchesAPlainTextBodyAsAString() {
    String queue = fixtures.queue("text-filter", Map.of());
    fixtures.send(queue, "hello");
    fixtures.send(queue, "goodbye");
    LocalPipe pipe = pipe(properties(queue,
        "{\"FilterCriteria\":{\"Filters\":[{\"Pattern\":\"{\\\"body\\\":[\\\"hello\\\"]}\"}]}}", TOPIC, "{}"),
        PipeOptions.defaults());

    pipe.start();

    await(WAIT, "the queue emptied", () -> fixtures.messagesIn(queue) == 0);
    assertThat(targets.calls("publish")).extracting(call -> json(call.body()).get("body").asText())
        .containsExactly("hello");
  }

  @Test
  void returnsOnlyTheItemsASyncTargetNamesAsFailed() {
    String queue = fixtures.queue("partial", Map.of());
    targets.syncExecution = input -> {
      StringBuilder failures = new StringBuilder();
      for (JsonNode event : json(input)) {
        if (event.get("body").asText().equals("bad")) {
          failures.append(failures.isEmpty() ? "" : ",").append("{\"itemIdentifier\":\"")
              .append(event.get("messageId").asText()).append("\"}");
        }
      }
      return "{\"batchItemFailures\":[" + failures + "]}";
    };
    fixtures.send(queue, "good-1");
    fixtures.send(queue, "bad");
    fixtures.send(queue, "good-2");
    LocalPipe pipe = pipe(properties(queue, "{\"SqsQueueParameters\":{\"BatchSize\":10}}", STATE_MACHINE, "{}"),
        PipeOptions.defaults().withRedeliveryDelay(Duration.ZERO).withSqsPollers(1));

    pipe.start();

    await(WAIT, "the failed message delivered again", () -> bodiesDelivered().stream()
        .filter("bad"::equals).count() >= 3);
    pipe.close();
    assertThat(bodiesDelivered().stream().filter(body -> body.startsWith("good"))).containsExactlyInAnyOrder(
        "good-1", "good-2");
    assertThat(fixtures.messagesIn(queue)).isEqualTo(1);
  }

  private List<String> bodiesDelivered() {
    return executionInputs(targets, "startSyncExecution").stream()
        .flatMap(batch -> java.util.stream.StreamSupport.stream(batch.spliterator(), false))
        .map(event -> event.get("body").asText()).toList();
  }

  @Test
  void movesAMessageWhoseExecutionKeepsFailingToTheDeadLetterQueueAfterMaxReceiveCount() {
    String deadLetters = fixtures.queue("dlq", Map.of());
    String queue = fixtures.queue("redrive", Map.of(QueueAttributeName.REDRIVE_POLICY,
        "{\"deadLetterTargetArn\":\"" + deadLetters + "\",\"maxReceiveCount\":\"2\"}",
        QueueAttributeName.VISIBILITY_TIMEOUT, "1"));
    targets.syncExecution = input -> {
      throw new PipeTargetException("States.TaskFailed", "the workflow failed");
    };
    fixtures.send(queue, "{\"order\":\"malformed\"}");
    LocalPipe pipe = pipe(properties(queue, "{\"SqsQueueParameters\":{\"BatchSize\":1}}", STATE_MACHINE, "{}"),
        PipeOptions.defaults());

    pipe.start();

    await(WAIT, "the message in the dead-letter queue", () -> fixtures.messagesIn(deadLetters) == 1);
    assertThat(targets.calls("startSyncExecution")).hasSize(2);
    assertThat(json(targets.calls("startSyncExecution").get(1).body()).get(0).get("attributes")
        .get("ApproximateReceiveCount").asText()).isEqualTo("2");
    assertThat(fixtures.messagesIn(queue)).isZero();
  }

  @Test
  void redeliversAFailedMessageAfterTheRedeliveryDelayInsteadOfTheVisibilityTimeout() {
    String queue = fixtures.queue("redelivery", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "600"));
    targets.syncExecution = input -> {
      if (json(input).get(0).get("attributes").get("ApproximateReceiveCount").asText().equals("1")) {
        throw new PipeTargetException("States.Timeout", "the execution timed out");
      }
      return "{}";
    };
    fixtures.send(queue, "retry me");
    LocalPipe pipe = pipe(properties(queue, "{}", STATE_MACHINE, "{}"),
        PipeOptions.defaults().withRedeliveryDelay(Duration.ofSeconds(1)));

    pipe.start();

    await(WAIT, "a second delivery long before the 600 s visibility timeout",
        () -> targets.calls("startSyncExecution").size() == 2);
    await(WAIT, "the queue emptied", () -> fixtures.messagesIn(queue) == 0);
  }

  @Test
  void aFireAndForgetTargetSucceedsOnceTheExecutionStarted() {
    String queue = fixtures.queue("async", Map.of());
    fixtures.send(queue, "start me");
    LocalPipe pipe = pipe(properties(queue, "{}", STATE_MACHINE,
        "{\"StepFunctionStateMachineParameters\":{\"InvocationType\":\"FIRE_AND_FORGET\"}}"), PipeOptions.defaults());

    pipe.start();

    await(WAIT, "the queue emptied", () -> fixtures.messagesIn(queue) == 0);
    assertThat(targets.calls("startExecution")).hasSize(1);
    assertThat(targets.calls("startSyncExecution")).isEmpty();
    await(WAIT, "the pipe idle", pipe::idle);
  }

  @Test
  void rendersAJsonInputTemplatePerEventInsideTheBatchArray() {
    String queue = fixtures.queue("template", Map.of());
    fixtures.send(queue, "{\"order\":{\"id\":\"o-7\",\"quantity\":2}}");
    LocalPipe pipe = pipe(properties(queue, "{}", STATE_MACHINE,
        "{\"InputTemplate\":\"{\\\"order\\\": <$.body.order>, \\\"id\\\": \\\"<$.body.order.id>\\\", "
            + "\\\"pipe\\\": <aws.pipes.pipe-name>, \\\"source\\\": <aws.pipes.source-arn>}\"}"),
        PipeOptions.defaults());

    pipe.start();

    await(WAIT, "a batch", () -> !targets.calls("startSyncExecution").isEmpty());
    JsonNode input = executionInputs(targets, "startSyncExecution").get(0);
    assertThat(input).hasSize(1);
    assertThat(input.get(0)).isEqualTo(json("{\"order\":{\"id\":\"o-7\",\"quantity\":2},\"id\":\"o-7\","
        + "\"pipe\":\"orders-pipe\",\"source\":\"" + queue + "\"}"));
  }

  @Test
  void sendsOneMessagePerEventToATopicAndAQueueTarget() {
    String queue = fixtures.queue("fanout", Map.of());
    String targetQueue = fixtures.queue("target", Map.of());
    for (int i = 0; i < 3; i++) {
      fixtures.send(queue, "m" + i);
    }
    LocalPipe toTopic = pipe(properties(queue, "{\"SqsQueueParameters\":{\"BatchSize\":3}}", TOPIC,
        "{\"InputTemplate\":\"got <$.body>\"}"), PipeOptions.defaults().withSqsPollers(1));

    toTopic.start();

    await(WAIT, "3 publications", () -> targets.calls("publish").size() == 3);
    assertThat(targets.calls("publish")).extracting(RecordingTargets.Call::body)
        .containsExactlyInAnyOrder("got m0", "got m1", "got m2");
    toTopic.close();

    String second = fixtures.queue("fanout-2", Map.of());
    fixtures.send(second, "{\"a\":1}");
    LocalPipe toQueue = pipe(properties(second, "{}", targetQueue, "{}"), PipeOptions.defaults());
    toQueue.start();
    await(WAIT, "a message in the target queue", () -> fixtures.messagesIn(targetQueue) == 1);
    assertThat(json(targets.calls("sendMessage").get(0).body()).get("body").asText()).isEqualTo("{\"a\":1}");
  }

  @Test
  void closingThePipeStopsEveryPollerThread() {
    String queue = fixtures.queue("close", Map.of());
    LocalPipe pipe = LocalPipe.create("ClosingPipe", "closing", json(properties(queue, "{}", STATE_MACHINE, "{}")),
        targets, fixtures.source, null, PipeOptions.defaults());
    pipe.start();
    assertThat(threadsNamed("pipe-ClosingPipe-")).hasSize(PipeOptions.DEFAULT_SQS_POLLERS);

    pipe.close();

    assertThat(threadsNamed("pipe-ClosingPipe-")).isEmpty();
    assertThat(pipe.running()).isFalse();
  }

  static List<Thread> threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().startsWith(prefix) && thread.isAlive()).toList();
  }
}
