package dev.orderflow.local.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.local.LocalSystem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** Event buses and rules of a handwritten stack on the local system. */
class LocalEventBusesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path directory;
  private static LocalSystem system;
  private static SqsClient sqs;

  @BeforeAll
  static void start() {
    system = LocalSystem.start(EventsStack.cloudAssembly(directory), EventsStack.NAME);
    sqs = SqsClient.builder().endpointOverride(system.sqsEndpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
  }

  @AfterAll
  static void stop() {
    sqs.close();
    system.close();
  }

  private static List<String> drain(String queue) {
    String url = system.physicalId(queue);
    List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(0))
        .messages();
    messages.forEach(m -> sqs.deleteMessage(d -> d.queueUrl(url).receiptHandle(m.receiptHandle())));
    return messages.stream().map(Message::body).toList();
  }

  private static PutEventsEntry statusChanged(String id, String status) {
    return PutEventsEntry.of("orders", "orderflow.orders", "OrderStatusChanged",
        "{\"id\":\"" + id + "\",\"customerId\":\"sub-pat\",\"orderStatus\":\"" + status + "\",\"quantity\":3}");
  }

  @Test
  void matchingEventReachesTheQueueThroughTheInputTransformer() throws Exception {
    drain("Out");

    List<PutEventsResult> results = system.putEvents(List.of(statusChanged("order-7", "SUCCESS")));
    system.awaitQuiet(Duration.ofSeconds(10));

    assertThat(results).singleElement().satisfies(r -> assertThat(r.accepted()).isTrue());
    List<String> bodies = drain("Out");
    assertThat(bodies).hasSize(1);
    JsonNode body = JSON.readTree(bodies.get(0));
    assertThat(body.path("order").asText()).isEqualTo("order-7");
    assertThat(body.path("quantity").asInt()).isEqualTo(3);
    assertThat(body.path("text").asText()).isEqualTo("Order order-7 is SUCCESS");
    assertThat(body.path("rule").asText()).startsWith("Events-ToQueue");
  }

  @Test
  void eventThatThePatternRefusesReachesNoQueue() {
    drain("Out");

    system.putEvents(List.of(statusChanged("order-8", "PENDING")));
    system.awaitQuiet(Duration.ofSeconds(10));

    assertThat(drain("Out")).isEmpty();
  }

  @Test
  void disabledRuleDeliversNothing() {
    system.putEvents(List.of(statusChanged("order-9", "FAILED")));
    system.awaitQuiet(Duration.ofSeconds(10));

    assertThat(drain("Never")).isEmpty();
  }

  @Test
  void defaultBusRuleSendsTheDetailByInputPath() throws Exception {
    drain("Out");

    system.putEvents(List.of(PutEventsEntry.of(null, "custom.default", "Anything", "{\"a\":1}")));
    system.awaitQuiet(Duration.ofSeconds(10));

    assertThat(drain("Out")).containsExactly("{\"a\":1}");
  }

  @Test
  void targetThatKeepsFailingSendsTheEventToItsDeadLetterQueueAfterItsRetries() throws Exception {
    List<PutEventsResult> results = system.putEvents(List.of(PutEventsEntry.of("orders", "orderflow.failing", "X",
        "{}")));
    system.awaitQuiet(Duration.ofSeconds(10));

    List<String> dead = drain("Dlq");
    assertThat(dead).hasSize(1);
    assertThat(JSON.readTree(dead.get(0)).path("id").asText()).isEqualTo(results.get(0).eventId());
    assertThat(system.eventBuses().failedDeliveries()).anySatisfy(f -> assertThat(f)
        .contains("Failing").contains("after 3 attempt(s)"));
  }

  @Test
  void pipeWithAnEventBusTargetPutsEachMessageAsAnEvent() throws Exception {
    drain("Out");

    system.sendMessage("ToBusSource", "{\"id\":\"piped-1\",\"customerId\":\"c\",\"status\":\"SUCCESS\"}");
    system.awaitQuiet(Duration.ofSeconds(15));

    List<String> bodies = drain("Out");
    assertThat(bodies).hasSize(1);
    assertThat(JSON.readTree(bodies.get(0)).path("text").asText()).isEqualTo("Order piped-1 is SUCCESS");
  }

  @Test
  void stateMachinePutsEventsThroughItsEventBridgeTask() throws Exception {
    drain("Out");

    system.sendMessage("ToWorkflowSource", "{}");
    system.awaitQuiet(Duration.ofSeconds(15));

    List<String> bodies = drain("Out");
    assertThat(bodies).hasSize(1);
    assertThat(JSON.readTree(bodies.get(0)).path("text").asText()).isEqualTo("Order from-workflow is FAILED");
  }

  @Test
  void entriesForAMissingBusOrWithADetailThatIsNotAnObjectAreRefused() {
    List<PutEventsResult> results = system.putEvents(List.of(
        PutEventsEntry.of("nowhere", "s", "t", "{}"),
        PutEventsEntry.of("orders", "s", "t", "[1]")));

    assertThat(results).extracting(PutEventsResult::errorCode)
        .containsExactly("ResourceNotFoundException", "MalformedDetail");
  }

  @Test
  void busAndRuleResolveAsCloudFormationGivesThem() {
    assertThat(system.physicalId("Bus")).isEqualTo("orders");
    assertThat(system.eventBuses().busArn("orders")).isEqualTo("arn:aws:events:us-east-1:000000000000:event-bus/orders");
    assertThat(system.physicalId("ToQueue")).startsWith("orders|Events-ToQueue");
  }
}
