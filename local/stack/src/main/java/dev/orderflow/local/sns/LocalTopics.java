package dev.orderflow.local.sns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.assembly.AssemblyException;
import dev.orderflow.local.assembly.LocalService;
import dev.orderflow.local.assembly.Provisioning;
import dev.orderflow.local.assembly.Resource;
import dev.orderflow.local.bill.Line;
import dev.orderflow.local.bill.Meter;
import dev.orderflow.local.gateway.AwsService;
import dev.orderflow.local.gateway.CallGateway;
import dev.orderflow.local.gateway.Caller;
import dev.orderflow.local.gateway.ServiceException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * SNS topics ({@code AWS::SNS::Topic}) and their subscriptions ({@code AWS::SNS::Subscription}),
 * from the template. A publication is recorded in the outbox, and delivered to each subscription:
 * SQS subscriptions to the local queue through the gateway, as SNS itself (in SNS's envelope
 * unless raw delivery is on), email subscriptions to the outbox. The outbox is also written, one
 * JSON object a line, to {@code outbox.jsonl} in the run directory.
 *
 * <p>Through the gateway it answers SNS's {@code ListTopics}, {@code ListSubscriptionsByTopic},
 * {@code Publish} and {@code PublishBatch}.
 */
public final class LocalTopics implements LocalService, AwsService {

  /** The resource types it runs. */
  public static final Set<String> TYPES = Set.of("AWS::SNS::Topic", "AWS::SNS::Subscription");

  private static final System.Logger LOG = System.getLogger(LocalTopics.class.getName());
  private static final Set<String> TOPIC_PROPERTIES = Set.of("TopicName", "DisplayName", "KmsMasterKeyId",
      "Subscription", "Tags", "FifoTopic", "ContentBasedDeduplication", "SignatureVersion", "TracingConfig",
      "DataProtectionPolicy", "ArchivePolicy", "DeliveryStatusLogging");
  private static final Set<String> SUBSCRIPTION_PROPERTIES = Set.of("TopicArn", "Protocol", "Endpoint",
      "RawMessageDelivery", "RedrivePolicy", "Region", "DeliveryPolicy", "SubscriptionRoleArn");
  private static final Set<String> PROTOCOLS = Set.of("email", "email-json", "sqs");
  private static final int MAX_BATCH_ENTRIES = 10;
  private static final int MAX_BATCH_BYTES = 262_144;

  private final ObjectMapper mapper = new ObjectMapper();
  private final Map<String, Topic> topics = new LinkedHashMap<>();
  private final List<OutboxEntry> outbox = new CopyOnWriteArrayList<>();
  private final CallGateway gateway;
  private final Clock clock;
  private final boolean keepOutbox;
  private volatile Meter meter = new Meter();
  private Path outboxFile;

  /**
   * Topics that deliver through a gateway, with an outbox that starts empty.
   *
   * @param gateway the path to the queues of SQS subscriptions
   * @param clock the time of publications
   */
  public LocalTopics(CallGateway gateway, Clock clock) {
    this(gateway, clock, false);
  }

  /**
   * Topics that deliver through a gateway.
   *
   * @param gateway the path to the queues of SQS subscriptions
   * @param clock the time of publications
   * @param keepOutbox whether an outbox file already in the run directory is read and appended to,
   *     its entries listed first by {@link #outbox()}; otherwise it starts empty
   */
  public LocalTopics(CallGateway gateway, Clock clock, boolean keepOutbox) {
    this.gateway = gateway;
    this.clock = clock;
    this.keepOutbox = keepOutbox;
  }

  @Override
  public Set<String> resourceTypes() {
    return TYPES;
  }

  @Override
  public void provision(Provisioning stack) {
    outboxFile = stack.runDirectory().resolve("outbox.jsonl");
    try {
      Files.createDirectories(stack.runDirectory());
      if (keepOutbox && Files.exists(outboxFile)) {
        readOutbox();
      } else {
        Files.write(outboxFile, new byte[0]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the outbox " + outboxFile, e);
    }
    for (Resource resource : stack.resources(Set.of("AWS::SNS::Topic"))) {
      String name = stack.physicalName(resource, "TopicName", 255);
      String arn = stack.environment().arn("sns", name);
      stack.registry().register(resource.logicalId(), arn, Map.of("TopicArn", arn, "TopicName", name));
      createTopic(resource.logicalId(), arn, stack.properties(resource));
    }
    for (Resource resource : stack.resources(Set.of("AWS::SNS::Subscription"))) {
      subscribe(resource.logicalId(), stack.properties(resource));
      stack.registry().register(resource.logicalId(), resource.logicalId(), Map.of());
    }
  }

  @Override
  public String prefix() {
    return "sns";
  }

  @Override
  public List<String> resources(String operation, JsonNode request) {
    return request.hasNonNull("TopicArn") ? List.of(request.get("TopicArn").asText()) : List.of();
  }

  @Override
  public JsonNode call(Caller caller, String operation, JsonNode request) {
    if ("ListTopics".equals(operation)) {
      ObjectNode answer = mapper.createObjectNode();
      var list = answer.putArray("Topics");
      topics.keySet().forEach(arn -> list.addObject().put("TopicArn", arn));
      return answer;
    }
    if ("ListSubscriptionsByTopic".equals(operation)) {
      Topic topic = topics.get(request.path("TopicArn").asText(""));
      if (topic == null) {
        throw new ServiceException("sns", "NotFound", 404, "Topic does not exist");
      }
      ObjectNode answer = mapper.createObjectNode();
      var list = answer.putArray("Subscriptions");
      for (int i = 0; i < topic.subscriptions.size(); i++) {
        Subscription s = topic.subscriptions.get(i);
        list.addObject().put("SubscriptionArn", topic.arn + ":" + (i + 1)).put("Owner", topic.arn.split(":")[4])
            .put("Protocol", s.protocol()).put("Endpoint", s.endpoint()).put("TopicArn", topic.arn);
      }
      return answer;
    }
    if (!"Publish".equals(operation) && !"PublishBatch".equals(operation)) {
      throw new ServiceException("sns", "InvalidAction", 400, "The action " + operation
          + " is not valid for this endpoint: the local SNS service answers ListTopics, ListSubscriptionsByTopic, "
          + "Publish and PublishBatch");
    }
    String topicArn = request.path("TopicArn").asText("");
    if (!topics.containsKey(topicArn)) {
      throw new ServiceException("sns", "NotFound", 404, "Topic does not exist");
    }
    if ("PublishBatch".equals(operation)) {
      return publishBatch(topicArn, request.path("PublishBatchRequestEntries"));
    }
    JsonNode message = request.path("Message");
    String messageId = publish(topicArn, request.hasNonNull("Subject") ? request.get("Subject").asText() : null,
        message.isTextual() ? message.asText() : message.toString());
    return mapper.createObjectNode().put("MessageId", messageId);
  }

  /**
   * IAM allows {@code PublishBatch} by the {@code sns:Publish} action
   * (https://docs.aws.amazon.com/sns/latest/dg/sns-batch-api-actions.html).
   */
  @Override
  public String action(String operation) {
    return "PublishBatch".equals(operation) ? "sns:Publish" : AwsService.super.action(operation);
  }

  /**
   * Up to 10 messages in one call, each published as by {@code Publish}; the answer lists each
   * entry under {@code Successful} by its {@code Id}. Refused as SNS refuses it: no entries, more
   * than 10, an {@code Id} repeated or not of up to 80 letters, digits, hyphens and underscores, or
   * more than 256 KB in all (https://docs.aws.amazon.com/sns/latest/api/API_PublishBatch.html).
   */
  private JsonNode publishBatch(String topicArn, JsonNode entries) {
    if (!entries.isArray() || entries.isEmpty()) {
      throw new ServiceException("sns", "EmptyBatchRequest", 400, "The batch request doesn't contain any entries");
    }
    if (entries.size() > MAX_BATCH_ENTRIES) {
      throw new ServiceException("sns", "TooManyEntriesInBatchRequest", 400, "The batch request contains more entries"
          + " than permissible: " + entries.size() + " entries, at most " + MAX_BATCH_ENTRIES);
    }
    Set<String> ids = new HashSet<>();
    long bytes = 0;
    for (JsonNode entry : entries) {
      String id = entry.path("Id").asText("");
      if (!id.matches("[A-Za-z0-9_-]{1,80}")) {
        throw new ServiceException("sns", "InvalidBatchEntryId", 400, "The Id of a batch entry in a batch request"
            + " doesn't abide by the specification: \"" + id + "\"; allowed: 1 to 80 letters, digits, hyphens and"
            + " underscores");
      }
      if (!ids.add(id)) {
        throw new ServiceException("sns", "BatchEntryIdsNotDistinct", 400, "Two or more batch entries in the request"
            + " have the same Id: " + id);
      }
      bytes += entry.path("Message").asText("").getBytes(StandardCharsets.UTF_8).length;
    }
    if (bytes > MAX_BATCH_BYTES) {
      throw new ServiceException("sns", "BatchRequestTooLong", 400, "The length of all the messages put together is"
          + " more than the limit: " + bytes + " bytes, at most " + MAX_BATCH_BYTES);
    }
    ObjectNode answer = mapper.createObjectNode();
    var successful = answer.putArray("Successful");
    answer.putArray("Failed");
    for (JsonNode entry : entries) {
      JsonNode message = entry.path("Message");
      String messageId = publish(topicArn, entry.hasNonNull("Subject") ? entry.get("Subject").asText() : null,
          message.isTextual() ? message.asText() : message.toString());
      successful.addObject().put("Id", entry.path("Id").asText()).put("MessageId", messageId);
    }
    return answer;
  }

  @Override
  public void close() {
    // Nothing runs in the background: a publication is delivered before Publish answers.
  }

  /** Creates a topic from an {@code AWS::SNS::Topic} resource whose properties are resolved. */
  public void createTopic(String logicalId, String arn, JsonNode properties) {
    check(logicalId, "AWS::SNS::Topic", properties, TOPIC_PROPERTIES);
    if (properties.path("FifoTopic").asBoolean(false)) {
      throw new AssemblyException(logicalId + " (AWS::SNS::Topic): property FifoTopic is true, but only standard "
          + "topics run locally");
    }
    Topic topic = new Topic(arn);
    topics.put(arn, topic);
    for (JsonNode subscription : properties.path("Subscription")) {
      addSubscription(logicalId, topic, subscription.path("Protocol").asText(), subscription.path("Endpoint").asText(),
          false);
    }
  }

  /** Adds an {@code AWS::SNS::Subscription} resource whose properties are resolved. */
  public void subscribe(String logicalId, JsonNode properties) {
    check(logicalId, "AWS::SNS::Subscription", properties, SUBSCRIPTION_PROPERTIES);
    String topicArn = properties.path("TopicArn").asText();
    Topic topic = topics.get(topicArn);
    if (topic == null) {
      throw new AssemblyException(logicalId + " (AWS::SNS::Subscription): property TopicArn is " + topicArn
          + ", which is no topic of this stack");
    }
    addSubscription(logicalId, topic, properties.path("Protocol").asText(), properties.path("Endpoint").asText(),
        properties.path("RawMessageDelivery").asBoolean(false)
            || "true".equals(properties.path("RawMessageDelivery").asText()));
  }

  private void addSubscription(String logicalId, Topic topic, String protocol, String endpoint, boolean raw) {
    if (!PROTOCOLS.contains(protocol)) {
      throw new AssemblyException(logicalId + ": property Protocol is '" + protocol + "'; locally supported: "
          + PROTOCOLS);
    }
    topic.subscriptions.add(new Subscription(protocol, endpoint, raw));
  }

  /** Whether the ARN is one of the topics. */
  public boolean hasTopic(String arn) {
    return topics.containsKey(arn);
  }

  /**
   * Publishes a message: recorded once, then delivered to every subscription.
   *
   * @return the message id
   */
  public String publish(String topicArn, String subject, String message) {
    Topic topic = topics.get(topicArn);
    if (topic == null) {
      throw new IllegalArgumentException("NotFound: Topic does not exist: " + topicArn);
    }
    String messageId = UUID.randomUUID().toString();
    Instant now = clock.instant();
    record(new OutboxEntry("PUBLISHED", messageId, topicArn, null, null, subject, message, now));
    for (Subscription subscription : topic.subscriptions) {
      if (subscription.protocol.equals("sqs")) {
        deliver(topicArn, subscription.endpoint,
            subscription.raw ? message : envelope(messageId, topicArn, subject, message, now));
      }
      String text = subscription.protocol.equals("email-json") ? envelope(messageId, topicArn, subject, message, now)
          : message;
      // Without a subject, SNS emails carry its default one.
      String emailSubject = subject != null ? subject
          : subscription.protocol.startsWith("email") ? "AWS Notification Message" : null;
      record(new OutboxEntry("DELIVERED", messageId, topicArn, subscription.protocol, subscription.endpoint,
          emailSubject, text, clock.instant()));
      if (subscription.protocol.startsWith("email")) {
        meter.count(Line.SNS_EMAILS, 1, subscription.protocol);
      }
    }
    return messageId;
  }

  /** SNS sends to a subscribed queue as itself: the queue's policy must allow the topic. */
  private void deliver(String topicArn, String queueArn, String body) {
    ObjectNode request = mapper.createObjectNode().put("QueueUrl", queueArn).put("MessageBody", body);
    try {
      gateway.call(Caller.service("sns.amazonaws.com", topicArn), "sqs", "SendMessage", request);
    } catch (ServiceException e) {
      // SNS's delivery fails on its own, after Publish has answered; the message is not redelivered here.
      LOG.log(System.Logger.Level.WARNING, "topic " + topicArn + " could not deliver to " + queueArn + ": "
          + e.code() + ": " + e.getMessage());
    }
  }

  /**
   * Counts every email delivery from now on into this meter.
   *
   * @param meter the bill's meter
   */
  public void meter(Meter meter) {
    this.meter = meter;
  }

  /** Every publication and delivery so far, in order. */
  public List<OutboxEntry> outbox() {
    return List.copyOf(outbox);
  }

  /** The outbox file in the run directory. */
  public Path outboxFile() {
    return outboxFile;
  }

  /** The entries of earlier runs; a line cut short by a crash is left out, and ended so the next one starts afresh. */
  private void readOutbox() throws IOException {
    String content = Files.readString(outboxFile, StandardCharsets.UTF_8);
    for (String text : content.split("\n")) {
      if (text.isBlank()) {
        continue;
      }
      try {
        JsonNode line = mapper.readTree(text);
        outbox.add(new OutboxEntry(line.path("kind").asText(), text(line, "messageId"), text(line, "topicArn"),
            text(line, "protocol"), text(line, "endpoint"), text(line, "subject"), text(line, "message"),
            Instant.parse(line.path("at").asText())));
      } catch (IOException | RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "the outbox " + outboxFile + " has a line that is no entry; it is left out");
      }
    }
    if (!content.isEmpty() && !content.endsWith("\n")) {
      Files.writeString(outboxFile, "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }
  }

  private static String text(JsonNode line, String field) {
    return line.hasNonNull(field) ? line.get(field).asText() : null;
  }

  private void record(OutboxEntry entry) {
    outbox.add(entry);
    try {
      ObjectNode line = mapper.createObjectNode();
      line.put("kind", entry.kind());
      line.put("messageId", entry.messageId());
      line.put("topicArn", entry.topicArn());
      line.put("protocol", entry.protocol());
      line.put("endpoint", entry.endpoint());
      line.put("subject", entry.subject());
      line.put("message", entry.message());
      line.put("at", entry.at().toString());
      synchronized (this) {
        Files.writeString(outboxFile, mapper.writeValueAsString(line) + "\n", StandardCharsets.UTF_8,
            StandardOpenOption.APPEND);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the outbox " + outboxFile, e);
    }
  }

  private String envelope(String messageId, String topicArn, String subject, String message, Instant at) {
    ObjectNode envelope = mapper.createObjectNode();
    envelope.put("Type", "Notification");
    envelope.put("MessageId", messageId);
    envelope.put("TopicArn", topicArn);
    if (subject != null) {
      envelope.put("Subject", subject);
    }
    envelope.put("Message", message);
    envelope.put("Timestamp", at.toString());
    envelope.put("SignatureVersion", "1");
    envelope.put("Signature", "local");
    envelope.put("SigningCertURL", "");
    envelope.put("UnsubscribeURL", "");
    return envelope.toString();
  }

  private static void check(String logicalId, String type, JsonNode properties, Set<String> supported) {
    List<String> unknown = new ArrayList<>();
    properties.fieldNames().forEachRemaining(name -> {
      if (!supported.contains(name)) {
        unknown.add(name);
      }
    });
    if (!unknown.isEmpty()) {
      throw new AssemblyException(logicalId + " (" + type + "): propert" + (unknown.size() == 1 ? "y " : "ies ")
          + unknown + " cannot run locally; supported: " + supported);
    }
  }

  private static final class Topic {
    final String arn;
    final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

    Topic(String arn) {
      this.arn = arn;
    }
  }

  private record Subscription(String protocol, String endpoint, boolean raw) {}
}
