package dev.orderflow.local.awsapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.local.LocalSystem;
import dev.orderflow.local.gateway.IamMode;
import dev.orderflow.local.testing.RawHttp;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;
import software.amazon.awssdk.services.sns.model.PublishBatchResultEntry;
import software.amazon.awssdk.services.sns.model.SnsException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/** The AWS endpoint of a running stack, called through the AWS SDK's own clients. */
class AwsEndpointTest {

  @TempDir
  static Path directory;
  private static LocalSystem system;
  private static SqsClient sqs;
  private static SnsClient sns;
  private static EventBridgeClient events;
  private static DynamoDbClient dynamodb;

  @BeforeAll
  static void start() {
    system = LocalSystem.builder(AwsApiStack.cloudAssembly(directory), AwsApiStack.NAME).iam(IamMode.OFF).start();
    sqs = AwsClients.of(SqsClient.builder(), system.awsEndpoint());
    sns = AwsClients.of(SnsClient.builder(), system.awsEndpoint());
    events = AwsClients.of(EventBridgeClient.builder(), system.awsEndpoint());
    dynamodb = AwsClients.of(DynamoDbClient.builder(), system.awsEndpoint());
  }

  @AfterAll
  static void stop() {
    sqs.close();
    sns.close();
    events.close();
    dynamodb.close();
    system.close();
  }

  @Test
  void listsTheStacksQueuesAndSendsAndReceivesThroughTheEndpoint() {
    assertThat(sqs.listQueues().queueUrls()).anyMatch(url -> url.endsWith("/jobs")).anyMatch(url -> url.endsWith("/audit"));
    String url = sqs.getQueueUrl(r -> r.queueName("jobs")).queueUrl();

    String id = sqs.sendMessage(r -> r.queueUrl(url).messageBody("{\"job\":1}")).messageId();
    List<Message> received = sqs.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(2)).messages();
    sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(received.get(0).receiptHandle()));

    assertThat(received).singleElement().satisfies(m -> {
      assertThat(m.messageId()).isEqualTo(id);
      assertThat(m.body()).isEqualTo("{\"job\":1}");
    });
    assertThat(system.queueCounts("Jobs").total()).isZero();
  }

  @Test
  void acceptsAQueueUrlNamingTheEndpointItself() {
    String url = system.awsEndpoint() + "/000000000000/audit";

    sqs.sendMessage(r -> r.queueUrl(url).messageBody("here"));
    List<Message> received = sqs.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(2)).messages();
    sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(received.get(0).receiptHandle()));

    assertThat(received).extracting(Message::body).containsExactly("here");
  }

  @Test
  void answersAMissingQueueWithSqsOwnError() {
    assertThatThrownBy(() -> sqs.getQueueUrl(r -> r.queueName("no-such-queue")))
        .isInstanceOf(QueueDoesNotExistException.class);
  }

  @Test
  void movesADeadLetteredMessageBackToItsSourceQueue() throws InterruptedException {
    String jobs = sqs.getQueueUrl(r -> r.queueName("jobs")).queueUrl();
    String dlq = sqs.getQueueUrl(r -> r.queueName("jobs-dlq")).queueUrl();
    String dlqArn = sqs.getQueueAttributes(r -> r.queueUrl(dlq).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes().get(QueueAttributeName.QUEUE_ARN);
    sqs.sendMessage(r -> r.queueUrl(jobs).messageBody("poison"));
    // maxReceiveCount is 1: the second receive moves it to the dead-letter queue.
    sqs.receiveMessage(r -> r.queueUrl(jobs).visibilityTimeout(0).waitTimeSeconds(2));
    assertThat(sqs.receiveMessage(r -> r.queueUrl(jobs).waitTimeSeconds(1)).messages()).isEmpty();
    assertThat(system.queueCounts("JobsDlq").visible()).isEqualTo(1);

    String task = sqs.startMessageMoveTask(r -> r.sourceArn(dlqArn)).taskHandle();
    awaitTrue(() -> system.queueCounts("Jobs").visible() == 1);

    assertThat(task).isNotBlank();
    assertThat(system.queueCounts("JobsDlq").total()).isZero();
    assertThat(sqs.listMessageMoveTasks(r -> r.sourceArn(dlqArn)).results()).isNotEmpty();
    List<Message> back = sqs.receiveMessage(r -> r.queueUrl(jobs).waitTimeSeconds(2)).messages();
    sqs.deleteMessage(r -> r.queueUrl(jobs).receiptHandle(back.get(0).receiptHandle()));
    assertThat(back).extracting(Message::body).containsExactly("poison");
  }

  @Test
  void listsTopicsAndTheirSubscriptionsAndPublishes() {
    String topicArn = system.physicalId("Announcements");

    assertThat(sns.listTopics().topics()).anyMatch(t -> t.topicArn().equals(topicArn));
    assertThat(sns.listSubscriptionsByTopic(r -> r.topicArn(topicArn)).subscriptions())
        .singleElement().satisfies(s -> {
          assertThat(s.protocol()).isEqualTo("email");
          assertThat(s.endpoint()).isEqualTo("ops@example.com");
        });
    String id = sns.publish(r -> r.topicArn(topicArn).subject("Hello").message("a <b> & c")).messageId();

    assertThat(id).isNotBlank();
    assertThat(system.emails()).anyMatch(e -> e.toString().contains("a <b> & c"));
  }

  @Test
  void publishesABatchOfMessagesInOneCallEachDeliveredOnItsOwn() {
    String topicArn = system.physicalId("Announcements");

    PublishBatchResponse answer = sns.publishBatch(r -> r.topicArn(topicArn).publishBatchRequestEntries(
        e -> e.id("first").message("batch message one"), e -> e.id("second").message("batch message two")));

    assertThat(answer.failed()).isEmpty();
    assertThat(answer.successful()).extracting(PublishBatchResultEntry::id).containsExactly("first", "second");
    assertThat(system.emails()).anyMatch(e -> e.toString().contains("batch message one"))
        .anyMatch(e -> e.toString().contains("batch message two"));
  }

  @Test
  void refusesABatchAsSnsDoesNamingWhatIsWrong() {
    String topicArn = system.physicalId("Announcements");

    assertThatThrownBy(() -> sns.publishBatch(r -> r.topicArn(topicArn).publishBatchRequestEntries(
        e -> e.id("same").message("a"), e -> e.id("same").message("b"))))
        .isInstanceOfSatisfying(SnsException.class, e -> {
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BatchEntryIdsNotDistinct");
          assertThat(e.getMessage()).contains("same");
        });
    List<PublishBatchRequestEntry> eleven = java.util.stream.IntStream.range(0, 11)
        .mapToObj(i -> PublishBatchRequestEntry.builder().id("m" + i).message("m").build()).toList();
    assertThatThrownBy(() -> sns.publishBatch(r -> r.topicArn(topicArn).publishBatchRequestEntries(eleven)))
        .isInstanceOfSatisfying(SnsException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("TooManyEntriesInBatchRequest"));
    assertThatThrownBy(() -> sns.publishBatch(r -> r.topicArn(topicArn).publishBatchRequestEntries(
        e -> e.id("big").message("x".repeat(262_145)))))
        .isInstanceOfSatisfying(SnsException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BatchRequestTooLong"));
  }

  @Test
  void answersSnsErrorsInSnsShape() {
    assertThatThrownBy(() -> sns.listSubscriptionsByTopic(r -> r.topicArn("arn:aws:sns:us-east-1:000000000000:none")))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> sns.listPlatformApplications())
        .isInstanceOfSatisfying(SnsException.class, e -> {
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAction");
          assertThat(e.getMessage()).contains("ListPlatformApplications");
        });
  }

  @Test
  void putsEventsThatTheStacksRulesDeliver() {
    PutEventsResponse answer = events.putEvents(r -> r.entries(e -> e.source("orderflow.test").detailType("Checked")
        .detail("{\"id\":\"e-1\"}")));
    system.awaitQuiet(Duration.ofSeconds(10));

    assertThat(answer.failedEntryCount()).isZero();
    assertThat(answer.entries()).singleElement().satisfies(e -> assertThat(e.eventId()).isNotBlank());
    String audit = sqs.getQueueUrl(r -> r.queueName("audit")).queueUrl();
    List<Message> delivered = sqs.receiveMessage(r -> r.queueUrl(audit).waitTimeSeconds(2)).messages();
    delivered.forEach(m -> sqs.deleteMessage(d -> d.queueUrl(audit).receiptHandle(m.receiptHandle())));
    assertThat(delivered).singleElement().satisfies(m -> assertThat(m.body()).contains("\"e-1\""));
  }

  @Test
  void listsEventBusesAndRules() {
    assertThat(events.listEventBuses(r -> { }).eventBuses()).anyMatch(b -> b.name().equals("default"));
    assertThat(events.listRules(r -> { }).rules()).singleElement().satisfies(rule -> {
      assertThat(rule.name()).isEqualTo("audit-orders");
      assertThat(rule.eventPattern()).contains("orderflow.test");
      assertThat(rule.stateAsString()).isEqualTo("ENABLED");
    });
  }

  @Test
  void answersAnUnknownOperationNamingIt() {
    assertThatThrownBy(() -> events.listArchives(r -> { }))
        .isInstanceOfSatisfying(EventBridgeException.class, e -> {
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnknownOperationException");
          assertThat(e.getMessage()).contains("ListArchives");
        });
  }

  @Test
  void passesDynamoDbCallsToTheTableEngine() {
    dynamodb.putItem(r -> r.tableName("Orders").item(Map.of("id", AttributeValue.fromS("d-1"))));

    assertThat(dynamodb.scan(r -> r.tableName("Orders")).items()).contains(Map.of("id", AttributeValue.fromS("d-1")));
    assertThatThrownBy(() -> dynamodb.scan(r -> r.tableName("Missing"))).isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void passesDynamoDbStreamsCallsToTheTableEngine() {
    dynamodb.putItem(r -> r.tableName("Orders").item(Map.of("id", AttributeValue.fromS("s-1"))));
    try (DynamoDbStreamsClient streams = AwsClients.of(DynamoDbStreamsClient.builder(), system.awsEndpoint())) {
      String streamArn = streams.listStreams(r -> r.tableName("Orders")).streams().get(0).streamArn();
      String shard = streams.describeStream(r -> r.streamArn(streamArn)).streamDescription().shards().get(0).shardId();
      String iterator = streams.getShardIterator(r -> r.streamArn(streamArn).shardId(shard)
          .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();

      List<Record> records = streams.getRecords(r -> r.shardIterator(iterator)).records();

      assertThat(records).anyMatch(record -> record.dynamodb().keys().equals(Map.of("id",
          software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("s-1"))));
    }
  }

  @Test
  void aFormFromAnotherSitesPageAnUnsignedCallAndAForeignHostAreRefusedAndPublishNothing() {
    String topic = sns.listTopics().topics().get(0).topicArn();
    String form = "Action=Publish&TopicArn=" + URLEncoder.encode(topic, StandardCharsets.UTF_8) + "&Message=forged";
    String audit = sqs.getQueueUrl(r -> r.queueName("audit")).queueUrl();
    int published = system.outbox().size();
    long queued = system.queueCounts("Audit").total();
    URI endpoint = system.awsEndpoint();
    String signed = "Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/sns/aws4_request, "
        + "SignedHeaders=host, Signature=0000\r\n";

    RawHttp.Answer fromPage = RawHttp.send(endpoint, formPost("127.0.0.1:" + endpoint.getPort(),
        "Origin: https://attacker.example\r\n" + signed, form));
    RawHttp.Answer unsigned = RawHttp.send(endpoint, formPost("127.0.0.1:" + endpoint.getPort(), "", form));
    RawHttp.Answer rebound = RawHttp.send(endpoint, formPost("attacker.example:" + endpoint.getPort(), signed, form));
    // What an <img> tag on any page could ask of the SQS port: a query-protocol GET, unsigned.
    RawHttp.Answer image = RawHttp.send(system.sqsEndpoint(), "GET /?Action=SendMessage&QueueUrl="
        + URLEncoder.encode(audit, StandardCharsets.UTF_8) + "&MessageBody=forged HTTP/1.1\r\nHost: 127.0.0.1:"
        + system.sqsEndpoint().getPort() + "\r\nConnection: close\r\n\r\n");

    assertThat(fromPage.status()).isEqualTo(403);
    assertThat(fromPage.json().path("__type").asText()).isEqualTo("AccessDeniedException");
    assertThat(fromPage.json().path("message").asText()).startsWith("Origin 'https://attacker.example' is not allowed");
    assertThat(unsigned.status()).isEqualTo(403);
    assertThat(unsigned.body()).contains("<Code>MissingAuthenticationToken</Code>")
        .contains("Request is missing Authentication Token");
    assertThat(rebound.status()).isEqualTo(403);
    assertThat(rebound.json().path("message").asText())
        .startsWith("Host 'attacker.example:" + endpoint.getPort() + "' is not a loopback name or address");
    assertThat(image.status()).isEqualTo(403);
    assertThat(image.json().path("__type").asText()).isEqualTo("MissingAuthenticationTokenException");
    assertThat(system.outbox()).hasSize(published);
    assertThat(system.queueCounts("Audit").total()).isEqualTo(queued);
  }

  private static String formPost(String host, String headers, String form) {
    return "POST / HTTP/1.1\r\nHost: " + host + "\r\n" + headers
        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form.length()
        + "\r\nConnection: close\r\n\r\n" + form;
  }

  static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the condition did not hold within 15 seconds");
      }
      Thread.sleep(50);
    }
  }
}
