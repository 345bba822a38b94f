package dev.orderflow.local.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.local.assembly.AssemblyException;
import dev.orderflow.local.assembly.AwsEnvironment;
import dev.orderflow.local.assembly.ReferenceRegistry;
import dev.orderflow.local.assembly.StackTemplate;
import dev.orderflow.local.assembly.TemplateResolver;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

// Counts the JVM's threads: nothing runs beside it.
@Isolated
class LocalQueuesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static StackTemplate template;
  private static ReferenceRegistry registry;
  private static TemplateResolver resolver;
  private static LocalQueues queues;
  private static SqsClient sqs;

  @BeforeAll
  static void start() throws URISyntaxException {
    template = StackTemplate.of(Path.of(LocalQueuesTest.class.getResource("queues.template.json").toURI()), "Shop");
    registry = new ReferenceRegistry(template, AwsEnvironment.DEFAULT);
    resolver = new TemplateResolver(registry);
    queues = LocalQueues.start(resolver, registry);
    sqs = client(queues);
  }

  @AfterAll
  static void stop() {
    sqs.close();
    queues.close();
  }

  private static SqsClient client(LocalQueues q) {
    return SqsClient.builder()
        .endpointOverride(q.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .build();
  }

  private static Map<String, String> attributes(String logicalId) {
    GetQueueAttributesResponse response = sqs.getQueueAttributes(b -> b.queueUrl(queues.queueUrl(logicalId))
        .attributeNames(QueueAttributeName.ALL));
    return response.attributesAsStrings();
  }

  @Test
  void createsEveryQueueOfTheTemplateWithItsNameOrAGeneratedOne() {
    assertThat(queues.logicalIds()).containsExactlyInAnyOrder("Orders", "Dlq", "Events");
    assertThat(queues.queueName("Orders")).isEqualTo("Shop-orders");
    assertThat(queues.queueName("Dlq")).matches("Shop-Dlq-[A-Z0-9]{12}");
    assertThat(queues.queueName("Events")).matches("Shop-Events-[A-Z0-9]{12}\\.fifo");
    assertThat(queues.queueUrl("Orders")).isEqualTo(queues.endpoint() + "/000000000000/Shop-orders");
    assertThat(queues.queueArn("Orders")).isEqualTo("arn:aws:sqs:us-east-1:000000000000:Shop-orders");
    assertThat(sqs.listQueues().queueUrls()).hasSize(3);
  }

  @Test
  void registersUrlArnAndNameForRefAndGetAtt() throws Exception {
    JsonNode out = resolver.resolve(JSON.readTree("""
        {"ref": {"Ref": "Orders"}, "arn": {"Fn::GetAtt": ["Orders", "Arn"]},
         "name": {"Fn::GetAtt": ["Orders", "QueueName"]}, "url": {"Fn::GetAtt": ["Orders", "QueueUrl"]}}"""));

    assertThat(out.get("ref").asText()).isEqualTo(queues.queueUrl("Orders"));
    assertThat(out.get("url").asText()).isEqualTo(queues.queueUrl("Orders"));
    assertThat(out.get("arn").asText()).isEqualTo(queues.queueArn("Orders"));
    assertThat(out.get("name").asText()).isEqualTo("Shop-orders");
  }

  @Test
  void appliesVisibilityRedriveFifoDelayAndWaitFromTheTemplate() {
    Map<String, String> orders = attributes("Orders");
    Map<String, String> events = attributes("Events");

    assertThat(orders.get("VisibilityTimeout")).isEqualTo("1");
    assertThat(orders.get("RedrivePolicy")).contains(queues.queueArn("Dlq")).contains("2");
    assertThat(events.get("FifoQueue")).isEqualTo("true");
    assertThat(events.get("ContentBasedDeduplication")).isEqualTo("true");
    assertThat(events.get("DelaySeconds")).isEqualTo("2");
    assertThat(events.get("ReceiveMessageWaitTimeSeconds")).isEqualTo("5");
    QueueSettings settings = queues.queue("Orders");
    assertThat(settings.redrive()).contains(new QueueSettings.Redrive(queues.queueArn("Dlq"), 2));
    assertThat(queues.queue("Dlq").messageRetentionSeconds()).isEqualTo(1_209_600);
  }

  @Test
  void listsTheEncryptionAndRetentionSettingsItDoesNotEmulate() {
    assertThat(queues.queue("Orders").notEmulated()).containsExactly("KmsMasterKeyId");
    assertThat(queues.queue("Dlq").notEmulated()).containsExactlyInAnyOrder("MessageRetentionPeriod", "SqsManagedSseEnabled");
  }

  @Test
  void theSdkClientSendsAndReceivesOverTheJsonProtocol() {
    String url = queues.queueUrl("Dlq");
    sqs.sendMessage(b -> b.queueUrl(url).messageBody("{\"hello\":1}"));

    List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(2)).messages();

    assertThat(messages).extracting(Message::body).containsExactly("{\"hello\":1}");
    sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(messages.get(0).receiptHandle()));
    assertThat(queues.counts("Dlq").total()).isZero();
  }

  @Test
  void aMessageReceivedMaxReceiveCountTimesMovesToTheDeadLetterQueue() throws Exception {
    ReferenceRegistry ownRegistry = new ReferenceRegistry(template, AwsEnvironment.DEFAULT);
    LocalQueues own = LocalQueues.start(new TemplateResolver(ownRegistry), ownRegistry);
    try {
      own.send("Orders", "poison");
      for (int receive = 1; receive <= 2; receive++) {
        List<ReceivedMessage> got = own.receive("Orders", 1, 2, null);
        assertThat(got).extracting(ReceivedMessage::body).containsExactly("poison");
        assertThat(got.get(0).receiveCount()).isEqualTo(receive);
        Thread.sleep(1_200); // the queue's visibility timeout is one second: not deleted, it comes back
      }

      assertThat(own.receive("Orders", 1, 1, null)).isEmpty();
      assertThat(own.receive(own.queueArn("Dlq"), 1, 2, null)).extracting(ReceivedMessage::body).containsExactly("poison");
    } finally {
      own.close();
    }
  }

  @Test
  void aDeletedMessageDoesNotComeBackAndVisibilityCanBeChanged() {
    queues.send(queues.queueArn("Orders"), "one");
    ReceivedMessage first = queues.receive("Orders", 1, 2, 30).get(0);
    queues.changeVisibility("Orders", first.receiptHandle(), 0);
    ReceivedMessage again = queues.receive("Orders", 1, 2, 30).get(0);

    queues.delete("Orders", again.receiptHandle());

    assertThat(again.messageId()).isEqualTo(first.messageId());
    assertThat(queues.counts("Orders").total()).isZero();
  }

  @Test
  void twoInstancesDoNotSeeEachOthersQueues() {
    ReferenceRegistry otherRegistry = new ReferenceRegistry(template, AwsEnvironment.DEFAULT);
    try (LocalQueues other = LocalQueues.start(new TemplateResolver(otherRegistry), otherRegistry)) {
      other.send("Dlq", "only in the other");

      assertThat(other.endpoint()).isNotEqualTo(queues.endpoint());
      assertThat(other.counts("Dlq").visible()).isEqualTo(1);
      assertThat(queues.counts("Dlq").visible()).isZero();
    }
  }

  @Test
  void closeFreesThePortAndEveryThreadItStarted() throws Exception {
    List<Thread> before = List.copyOf(Thread.getAllStackTraces().keySet());
    LocalQueues own = LocalQueues.start(AwsEnvironment.DEFAULT);
    int port = own.endpoint().getPort();
    assertThat(newThreads(before)).isNotEmpty();

    own.close();

    assertThat(newThreads(before)).isEmpty();
    assertThatThrownBy(() -> {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
      }
    }).isInstanceOf(ConnectException.class);
  }

  private static List<String> newThreads(List<Thread> before) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && !before.contains(t))
        // The JDK's own shared threads (e.g. the HTTP keep-alive timer) are not the engine's.
        .filter(t -> !t.getName().equals("Keep-Alive-Timer") && !t.getName().startsWith("ForkJoinPool.commonPool"))
        // Nor are those of SqsSourcePipeTest, which runs beside this class: its ElasticMQ's default
        // actor system ("elasticmq-"; LocalQueues names its own "orderflow-sqs-<n>"), its pipes'
        // pollers and its java.net.http client (LocalQueues uses none).
        .filter(t -> !t.getName().startsWith("elasticmq-") && !t.getName().startsWith("pipe-")
            && !t.getName().startsWith("HttpClient-"))
        .map(Thread::getName)
        .toList();
  }

  @Test
  void refusesAnUnsupportedPropertyNamingItAndWhatIsSupported(@TempDir Path dir) throws IOException {
    assertThatThrownBy(() -> startWith(dir, """
        {"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"VisibilityTimeout": 30, "Shards": 3}}}}"""))
        .isInstanceOf(AssemblyException.class)
        .hasMessageContaining("Q.Shards")
        .hasMessageContaining("VisibilityTimeout");
  }

  @Test
  void refusesARedriveTargetOutsideTheStack(@TempDir Path dir) throws IOException {
    assertThatThrownBy(() -> startWith(dir, """
        {"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {
          "RedrivePolicy": {"deadLetterTargetArn": "arn:aws:sqs:us-east-1:123456789012:elsewhere", "maxReceiveCount": 3}}}}}"""))
        .isInstanceOf(AssemblyException.class)
        .hasMessageContaining("Q.RedrivePolicy.deadLetterTargetArn")
        .hasMessageContaining("elsewhere");
  }

  @Test
  void refusesAVisibilityTimeoutOutOfRangeNamingTheValue(@TempDir Path dir) throws IOException {
    assertThatThrownBy(() -> startWith(dir, """
        {"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"VisibilityTimeout": 50000}}}}"""))
        .isInstanceOf(AssemblyException.class)
        .hasMessageContaining("Q.VisibilityTimeout")
        .hasMessageContaining("0 to 43200")
        .hasMessageContaining("50000");
  }

  private static void startWith(Path dir, String json) throws IOException {
    Path file = dir.resolve("t.json");
    Files.writeString(file, json);
    StackTemplate t = StackTemplate.of(file, "Bad");
    ReferenceRegistry r = new ReferenceRegistry(t, AwsEnvironment.DEFAULT);
    LocalQueues.start(new TemplateResolver(r), r).close();
  }
}
