package dev.orderflow.local.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.orderflow.local.assembly.AssemblyException;
import dev.orderflow.local.assembly.AwsEnvironment;
import dev.orderflow.local.assembly.LocalService;
import dev.orderflow.local.assembly.Provisioning;
import dev.orderflow.local.gateway.AwsService;
import dev.orderflow.local.gateway.Caller;
import dev.orderflow.local.gateway.ServiceException;
import dev.orderflow.local.assembly.PhysicalNames;
import dev.orderflow.local.assembly.ReferenceRegistry;
import dev.orderflow.local.assembly.Resource;
import dev.orderflow.local.assembly.TemplateResolver;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.pekko.actor.ActorSystem;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/**
 * The queues of a stack on an embedded ElasticMQ.
 *
 * <p>ElasticMQ listens on a free loopback port and speaks the SQS JSON and query protocols, so the
 * AWS SDK's {@code SqsClient} works against {@link #endpoint()}. Each instance has its own
 * ElasticMQ and its own Pekko actor system: two instances in one JVM do not see each other's
 * queues, and {@link #close()} stops both, freeing the port and every thread they started.
 *
 * <p>From the template: {@code QueueName} (or a name generated as CloudFormation does),
 * {@code FifoQueue}, {@code ContentBasedDeduplication}, {@code VisibilityTimeout},
 * {@code DelaySeconds}, {@code ReceiveMessageWaitTimeSeconds} and {@code RedrivePolicy} (the
 * dead-letter queue and {@code maxReceiveCount}), queues created in dependency order. Accepted
 * but without local effect (see {@link QueueSettings#notEmulated()}): encryption
 * ({@code KmsMasterKeyId}, {@code KmsDataKeyReusePeriodSeconds}, {@code SqsManagedSseEnabled}),
 * {@code MessageRetentionPeriod} and {@code MaximumMessageSize} (recorded; ElasticMQ keeps
 * messages until they are deleted), {@code RedriveAllowPolicy}, {@code DeduplicationScope},
 * {@code FifoThroughputLimit} and {@code Tags}.
 */
public final class LocalQueues implements LocalService, AwsService {

  /** The type this service runs. */
  public static final String QUEUE_TYPE = "AWS::SQS::Queue";

  private static final Set<String> NOT_EMULATED = Set.of("KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds",
      "SqsManagedSseEnabled", "MessageRetentionPeriod", "MaximumMessageSize", "RedriveAllowPolicy",
      "DeduplicationScope", "FifoThroughputLimit", "Tags");
  private static final Set<String> HONOURED = Set.of("QueueName", "FifoQueue", "ContentBasedDeduplication",
      "VisibilityTimeout", "DelaySeconds", "ReceiveMessageWaitTimeSeconds", "RedrivePolicy");
  private static final String METRICS_MBEAN = "org.elasticmq:name=Queues";
  private static final AtomicInteger INSTANCES = new AtomicInteger();
  private static final int MAX_TRACKED = 100_000;

  private final AwsEnvironment environment;
  private final ActorSystem actorSystem;
  private final SQSRestServer server;
  private final SqsPort port;
  private final URI endpoint;
  private final SqsHttp http;
  private final boolean ownsMetricsBean;
  private final Map<String, QueueSettings> byLogicalId = new LinkedHashMap<>();
  private final Map<String, String> urlByArn = new LinkedHashMap<>();
  /** Receipt handles of messages received through this service and not deleted: by handle, the queue's URL. */
  private final Map<String, String> inFlight = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * Starts ElasticMQ with no queue; {@link #provision} creates the stack's.
   *
   * @param environment the region and account of the queue ARNs
   */
  public LocalQueues(AwsEnvironment environment) {
    this.environment = environment;
    MBeanServer beans = ManagementFactory.getPlatformMBeanServer();
    boolean metricsBeanBefore = beans.isRegistered(objectName());
    ClassLoader loader = LocalQueues.class.getClassLoader();
    // Our own actor system, with a name of its own, so that close() can stop it and find its threads.
    Config config = ConfigFactory.parseString("pekko.loglevel = WARNING\npekko.stdout-loglevel = WARNING\n"
        + "pekko.log-dead-letters = off\npekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off\n"
        + "pekko.jvm-shutdown-hooks = off")
        .withFallback(ConfigFactory.load(loader));
    String prefix = threadPrefix(INSTANCES.incrementAndGet());
    this.actorSystem = ActorSystem.create(prefix, config, loader);
    SQSRestServer started = null;
    SqsPort front = null;
    URI elasticMq;
    try {
      // Clients reach ElasticMQ through our own port, which answers every error in SQS's JSON; the
      // queue URLs ElasticMQ hands out name that port.
      front = new SqsPort(prefix);
      started = SQSRestServerBuilder.withActorSystem(actorSystem)
          .withInterface("127.0.0.1")
          .withPort(0)
          .withServerAddress(new NodeAddress("http", "127.0.0.1", front.uri().getPort(), ""))
          .withAWSRegion(environment.region())
          .withAWSAccountId(environment.accountId())
          .start();
      int port = started.waitUntilStarted().localAddress().getPort();
      elasticMq = URI.create("http://127.0.0.1:" + port);
      front.forwardTo(elasticMq);
      this.endpoint = front.uri();
    } catch (RuntimeException e) {
      if (front != null) {
        front.close();
      }
      if (started != null) {
        started.stopAndWait();
      }
      terminate(actorSystem);
      throw e;
    }
    this.port = front;
    this.server = started;
    // Our own calls go to ElasticMQ straight.
    this.http = new SqsHttp(elasticMq);
    this.ownsMetricsBean = !metricsBeanBefore && beans.isRegistered(objectName());
  }

  private static String threadPrefix(int n) {
    return "orderflow-sqs-" + n;
  }

  /**
   * Starts ElasticMQ with no queue.
   *
   * @param environment the region and account of the queue ARNs
   * @return the running engine
   */
  public static LocalQueues start(AwsEnvironment environment) {
    return new LocalQueues(environment);
  }

  /**
   * Starts ElasticMQ and creates every {@code AWS::SQS::Queue} the stack creates, dependencies
   * first, registering each queue's URL ({@code Ref}), {@code Arn}, {@code QueueName} and
   * {@code QueueUrl}.
   *
   * @param resolver the stack's resolver
   * @param registry the stack's registry
   * @return the running queues
   * @throws AssemblyException naming the logical id and property of a queue that cannot be created
   */
  public static LocalQueues start(TemplateResolver resolver, ReferenceRegistry registry) {
    LocalQueues queues = new LocalQueues(resolver.environment());
    try {
      queues.create(resolver, registry);
      return queues;
    } catch (RuntimeException e) {
      queues.close();
      throw e;
    }
  }

  @Override
  public Set<String> resourceTypes() {
    return Set.of(QUEUE_TYPE);
  }

  @Override
  public void provision(Provisioning stack) {
    create(stack.resolver(), stack.registry());
  }

  private void create(TemplateResolver resolver, ReferenceRegistry registry) {
    for (Resource r : resolver.createdResources()) {
      if (r.type().equals(QUEUE_TYPE)) {
        QueueSettings q = create(resolver, r);
        registry.register(r.logicalId(), q.url(), Map.of("Arn", q.arn(), "QueueName", q.name(), "QueueUrl", q.url()));
      }
    }
  }

  @Override
  public String prefix() {
    return "sqs";
  }

  /** A batch call needs its single call's action: DeleteMessageBatch is allowed by sqs:DeleteMessage. */
  @Override
  public String action(String operation) {
    return "sqs:" + (operation.endsWith("Batch") ? operation.substring(0, operation.length() - "Batch".length())
        : operation);
  }

  /** The queue a request names by its URL (or, locally, its ARN), or by its name for GetQueueUrl. */
  @Override
  public List<String> resources(String operation, JsonNode request) {
    if (request.hasNonNull("QueueUrl")) {
      return List.of(arnOf(request.get("QueueUrl").asText()));
    }
    if (request.hasNonNull("QueueName")) {
      return List.of(environment.arn("sqs", request.get("QueueName").asText()));
    }
    return List.of();
  }

  @Override
  public JsonNode call(Caller caller, String operation, JsonNode request) {
    ObjectNode copy = request.deepCopy();
    try {
      if (copy.hasNonNull("QueueUrl")) {
        copy.put("QueueUrl", urlOf(copy.get("QueueUrl").asText()));
      }
      JsonNode answer = http.call(operation, copy);
      track(operation, copy, answer);
      return answer;
    } catch (SqsException e) {
      throw new ServiceException("sqs", e.errorType(), 400, e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new ServiceException("sqs", "QueueDoesNotExist", 400, e.getMessage());
    }
  }

  /** Keeps the receipt handles of received messages until they are deleted, so a stop can make them visible. */
  private void track(String operation, JsonNode request, JsonNode answer) {
    switch (operation) {
      case "ReceiveMessage" -> {
        for (JsonNode message : answer.path("Messages")) {
          if (inFlight.size() < MAX_TRACKED) {
            inFlight.put(message.path("ReceiptHandle").asText(), request.path("QueueUrl").asText());
          }
        }
      }
      case "DeleteMessage" -> inFlight.remove(request.path("ReceiptHandle").asText());
      case "DeleteMessageBatch" -> request.path("Entries").forEach(e -> inFlight.remove(e.path("ReceiptHandle").asText()));
      default -> {
        // Nothing else changes which messages are in flight.
      }
    }
  }

  /**
   * The ARN of a queue, given its URL, ARN or logical id.
   *
   * @param queue the queue's URL, ARN or logical id
   * @return its ARN
   * @throws IllegalArgumentException when no local queue matches
   */
  public synchronized String arnOf(String queue) {
    String url = urlOf(queue);
    for (Map.Entry<String, String> entry : urlByArn.entrySet()) {
      if (entry.getValue().equals(url)) {
        return entry.getKey();
      }
    }
    throw new IllegalArgumentException("no local queue '" + queue + "'");
  }

  @Override
  public List<String> busy() {
    return List.of();
  }

  private QueueSettings create(TemplateResolver resolver, Resource r) {
    String id = r.logicalId();
    List<String> notEmulated = new ArrayList<>();
    for (Iterator<String> it = r.properties().fieldNames(); it.hasNext(); ) {
      String property = it.next();
      if (NOT_EMULATED.contains(property)) {
        notEmulated.add(property);
      } else if (!HONOURED.contains(property)) {
        Set<String> all = new TreeSet<>(HONOURED);
        all.addAll(NOT_EMULATED);
        throw new AssemblyException(id + "." + property + " is not supported locally; supported properties of "
            + QUEUE_TYPE + " are " + all);
      }
    }
    ObjectNode p = resolver.properties(id);
    boolean fifo = p.path("FifoQueue").asBoolean(false);
    String name = p.hasNonNull("QueueName") ? p.get("QueueName").asText()
        : fifo ? PhysicalNames.generate(resolver.template().stackName(), id, 75) + ".fifo"
        : PhysicalNames.generate(resolver.template().stackName(), id, 80);
    if (fifo != name.endsWith(".fifo")) {
      throw new AssemblyException(id + ".QueueName '" + name + "': the name of a FIFO queue must end in .fifo, "
          + "and only a FIFO queue's name may");
    }
    ObjectNode attributes = SqsHttp.MAPPER.createObjectNode();
    int visibility = intAttribute(id, p, "VisibilityTimeout", 30, 0, 43_200, attributes);
    int delay = intAttribute(id, p, "DelaySeconds", 0, 0, 900, attributes);
    int wait = intAttribute(id, p, "ReceiveMessageWaitTimeSeconds", 0, 0, 20, attributes);
    int retention = intAttribute(id, p, "MessageRetentionPeriod", 345_600, 60, 1_209_600, null);
    if (fifo) {
      attributes.put("FifoQueue", "true");
      if (p.path("ContentBasedDeduplication").asBoolean(false)) {
        attributes.put("ContentBasedDeduplication", "true");
      }
    }
    Optional<QueueSettings.Redrive> redrive = Optional.empty();
    if (p.has("RedrivePolicy")) {
      redrive = Optional.of(redrive(id, p.get("RedrivePolicy")));
      ObjectNode policy = SqsHttp.MAPPER.createObjectNode();
      policy.put("deadLetterTargetArn", redrive.get().deadLetterQueueArn());
      policy.put("maxReceiveCount", redrive.get().maxReceiveCount());
      attributes.put("RedrivePolicy", policy.toString());
    }
    ObjectNode request = SqsHttp.MAPPER.createObjectNode();
    request.put("QueueName", name);
    request.set("Attributes", attributes);
    String url;
    try {
      url = http.call("CreateQueue", request).path("QueueUrl").asText();
    } catch (SqsException e) {
      throw new AssemblyException(id + " (" + QUEUE_TYPE + "): the local queue could not be created: " + e.getMessage(), e);
    }
    String arn = environment.arn("sqs", name);
    QueueSettings settings = new QueueSettings(id, name, url, arn, fifo, visibility, retention, delay, wait, redrive,
        notEmulated);
    synchronized (this) {
      byLogicalId.put(id, settings);
      urlByArn.put(arn, url);
    }
    return settings;
  }

  private QueueSettings.Redrive redrive(String id, JsonNode policy) {
    JsonNode node = policy;
    if (policy.isTextual()) {
      try {
        node = SqsHttp.MAPPER.readTree(policy.asText());
      } catch (IOException e) {
        throw new AssemblyException(id + ".RedrivePolicy is not JSON: " + policy.asText());
      }
    }
    String target = node.path("deadLetterTargetArn").asText("");
    if (!urlByArn.containsKey(target)) {
      throw new AssemblyException(id + ".RedrivePolicy.deadLetterTargetArn is " + target
          + ", which is not a queue of this stack; the local queues are " + urlByArn.keySet());
    }
    int max = node.path("maxReceiveCount").asInt(-1);
    if (max < 1 || max > 1000) {
      throw new AssemblyException(id + ".RedrivePolicy.maxReceiveCount must be 1 to 1000, but was "
          + node.path("maxReceiveCount"));
    }
    return new QueueSettings.Redrive(target, max);
  }

  private static int intAttribute(String id, JsonNode p, String property, int defaultValue, int min, int max,
      ObjectNode attributes) {
    JsonNode v = p.get(property);
    if (v == null) {
      return defaultValue;
    }
    int value;
    try {
      value = Integer.parseInt(v.asText().trim());
    } catch (NumberFormatException e) {
      throw new AssemblyException(id + "." + property + " must be a whole number of seconds, but was " + v);
    }
    if (value < min || value > max) {
      throw new AssemblyException(id + "." + property + " must be " + min + " to " + max + ", but was " + value);
    }
    if (attributes != null) {
      attributes.put(property, Integer.toString(value));
    }
    return value;
  }

  /**
   * The SQS endpoint, e.g. {@code http://127.0.0.1:41234}, for an {@code SqsClient}'s endpoint override.
   *
   * @return the endpoint
   */
  public URI endpoint() {
    return endpoint;
  }

  /**
   * The logical ids of the queues, in creation order.
   *
   * @return the logical ids
   */
  public synchronized Set<String> logicalIds() {
    return Set.copyOf(byLogicalId.keySet());
  }

  /**
   * The queues as created.
   *
   * @return every queue's settings, in creation order
   */
  public synchronized Collection<QueueSettings> queues() {
    return List.copyOf(byLogicalId.values());
  }

  /**
   * One queue as created.
   *
   * @param logicalId the queue's logical id
   * @return its settings
   * @throws IllegalArgumentException naming the queues there are when none matches
   */
  public synchronized QueueSettings queue(String logicalId) {
    QueueSettings q = byLogicalId.get(logicalId);
    if (q == null) {
      throw new IllegalArgumentException("no queue with logical id '" + logicalId + "'; the queues are "
          + byLogicalId.keySet());
    }
    return q;
  }

  /**
   * A queue's URL.
   *
   * @param logicalId the queue's logical id
   * @return the local URL
   */
  public String queueUrl(String logicalId) {
    return queue(logicalId).url();
  }

  /**
   * A queue's ARN.
   *
   * @param logicalId the queue's logical id
   * @return the ARN
   */
  public String queueArn(String logicalId) {
    return queue(logicalId).arn();
  }

  /**
   * A queue's name.
   *
   * @param logicalId the queue's logical id
   * @return the name
   */
  public String queueName(String logicalId) {
    return queue(logicalId).name();
  }

  /**
   * The URL of a queue, given its URL, ARN or logical id.
   *
   * @param queue the queue's URL, ARN or logical id
   * @return its local URL
   * @throws IllegalArgumentException when no local queue matches
   */
  public synchronized String urlOf(String queue) {
    if (urlByArn.containsKey(queue)) {
      return urlByArn.get(queue);
    }
    if (byLogicalId.containsKey(queue)) {
      return byLogicalId.get(queue).url();
    }
    if (urlByArn.containsValue(queue)) {
      return queue;
    }
    // The same queue's URL as another endpoint gives it (the AWS endpoint's, or AWS's own form):
    // .../<account>/<name>.
    if (queue.startsWith("http://") || queue.startsWith("https://")) {
      String path = queue.substring(queue.indexOf('/', queue.indexOf("//") + 2) < 0 ? queue.length()
          : queue.indexOf('/', queue.indexOf("//") + 2));
      for (QueueSettings q : byLogicalId.values()) {
        if (path.equals("/" + environment.accountId() + "/" + q.name())) {
          return q.url();
        }
      }
    }
    throw new IllegalArgumentException("no local queue '" + queue + "'; the queues are " + urlByArn.keySet());
  }

  /**
   * Sends a message.
   *
   * @param queue the queue's URL, ARN or logical id
   * @param body the body
   * @return the message id
   */
  public String send(String queue, String body) {
    return send(queue, body, null, null);
  }

  /**
   * Sends a message to a FIFO queue, or to a standard queue when both ids are null.
   *
   * @param queue the queue's URL, ARN or logical id
   * @param body the body
   * @param messageGroupId the group (FIFO queues)
   * @param deduplicationId the deduplication id (FIFO queues without content-based deduplication)
   * @return the message id
   */
  public String send(String queue, String body, String messageGroupId, String deduplicationId) {
    ObjectNode request = SqsHttp.MAPPER.createObjectNode();
    request.put("QueueUrl", urlOf(queue));
    request.put("MessageBody", body);
    if (messageGroupId != null) {
      request.put("MessageGroupId", messageGroupId);
    }
    if (deduplicationId != null) {
      request.put("MessageDeduplicationId", deduplicationId);
    }
    return http.call("SendMessage", request).path("MessageId").asText();
  }

  /**
   * Receives messages, as SQS {@code ReceiveMessage} does, with every system attribute.
   *
   * @param queue the queue's URL, ARN or logical id
   * @param maxMessages 1 to 10
   * @param waitSeconds the long-poll wait, 0 to 20
   * @param visibilityTimeoutSeconds the visibility of the received messages, or null for the queue's
   * @return the messages, possibly none
   */
  public List<ReceivedMessage> receive(String queue, int maxMessages, int waitSeconds, Integer visibilityTimeoutSeconds) {
    ObjectNode request = SqsHttp.MAPPER.createObjectNode();
    request.put("QueueUrl", urlOf(queue));
    request.put("MaxNumberOfMessages", maxMessages);
    request.put("WaitTimeSeconds", waitSeconds);
    request.putArray("AttributeNames").add("All");
    request.putArray("MessageSystemAttributeNames").add("All");
    if (visibilityTimeoutSeconds != null) {
      request.put("VisibilityTimeout", visibilityTimeoutSeconds);
    }
    List<ReceivedMessage> out = new ArrayList<>();
    JsonNode answer = http.call("ReceiveMessage", request);
    track("ReceiveMessage", request, answer);
    for (JsonNode m : answer.path("Messages")) {
      Map<String, String> attributes = new LinkedHashMap<>();
      m.path("Attributes").fields().forEachRemaining(a -> attributes.put(a.getKey(), a.getValue().asText()));
      out.add(new ReceivedMessage(m.path("MessageId").asText(), m.path("ReceiptHandle").asText(),
          m.path("Body").asText(), attributes, m.path("MD5OfBody").asText()));
    }
    return out;
  }

  /**
   * Deletes a received message.
   *
   * @param queue the queue's URL, ARN or logical id
   * @param receiptHandle the handle from {@link #receive}
   */
  public void delete(String queue, String receiptHandle) {
    ObjectNode request = SqsHttp.MAPPER.createObjectNode();
    request.put("QueueUrl", urlOf(queue));
    request.put("ReceiptHandle", receiptHandle);
    http.call("DeleteMessage", request);
    track("DeleteMessage", request, null);
  }

  /**
   * Changes how long a received message stays invisible; 0 makes it visible now.
   *
   * @param queue the queue's URL, ARN or logical id
   * @param receiptHandle the handle from {@link #receive}
   * @param seconds the new visibility timeout
   */
  public void changeVisibility(String queue, String receiptHandle, int seconds) {
    ObjectNode request = SqsHttp.MAPPER.createObjectNode();
    request.put("QueueUrl", urlOf(queue));
    request.put("ReceiptHandle", receiptHandle);
    request.put("VisibilityTimeout", seconds);
    http.call("ChangeMessageVisibility", request);
  }

  /**
   * The messages of a queue, for keeping them between runs: first, those received through this
   * service (the stack's pipes and tasks, the gateway) and not yet deleted are made visible again;
   * then every visible message is received, each as ReceiveMessage answers it, with its message
   * attributes and every system attribute, in the order a receive gives them, and deleted from the
   * queue (so a FIFO queue gives every message of a group): call it only when the queue is about to
   * stop. A message still delayed, or received by a client that calls the SQS endpoint directly and
   * not deleted, is not among them; one received more often than its redrive policy allows moves
   * to the dead-letter queue instead, as a receive on AWS would move it.
   *
   * @param queue the queue's URL, ARN or logical id
   * @return the messages
   */
  public List<JsonNode> takeVisible(String queue) {
    String url = urlOf(queue);
    inFlight.forEach((handle, queueUrl) -> {
      if (queueUrl.equals(url)) {
        ObjectNode visible = SqsHttp.MAPPER.createObjectNode().put("QueueUrl", url).put("ReceiptHandle", handle)
            .put("VisibilityTimeout", 0);
        try {
          http.call("ChangeMessageVisibility", visible);
        } catch (SqsException e) {
          // Deleted by then, or received again under another handle: nothing to give back.
        }
        inFlight.remove(handle);
      }
    });
    List<JsonNode> messages = new ArrayList<>();
    while (true) {
      ObjectNode request = SqsHttp.MAPPER.createObjectNode();
      request.put("QueueUrl", urlOf(queue));
      request.put("MaxNumberOfMessages", 10);
      request.put("WaitTimeSeconds", 0);
      request.put("VisibilityTimeout", 43_200);
      request.putArray("AttributeNames").add("All");
      request.putArray("MessageSystemAttributeNames").add("All");
      request.putArray("MessageAttributeNames").add("All");
      JsonNode received = http.call("ReceiveMessage", request).path("Messages");
      if (received.isEmpty()) {
        return messages;
      }
      ObjectNode delete = SqsHttp.MAPPER.createObjectNode().put("QueueUrl", urlOf(queue));
      var entries = delete.putArray("Entries");
      for (JsonNode message : received) {
        messages.add(message);
        entries.addObject().put("Id", Integer.toString(entries.size()))
            .put("ReceiptHandle", message.path("ReceiptHandle").asText());
      }
      http.call("DeleteMessageBatch", delete);
    }
  }

  /**
   * Sends again a message that {@link #takeVisible} took in an earlier run: its body, its message
   * attributes and, on a FIFO queue, its group and deduplication ids. SQS gives it a new id, and
   * its receive count and send time start again.
   *
   * @param queue the queue's URL, ARN or logical id
   * @param message the message as {@link #takeVisible} gave it
   */
  public void sendAgain(String queue, JsonNode message) {
    ObjectNode request = SqsHttp.MAPPER.createObjectNode();
    request.put("QueueUrl", urlOf(queue));
    request.put("MessageBody", message.path("Body").asText());
    if (message.path("MessageAttributes").size() > 0) {
      request.set("MessageAttributes", message.get("MessageAttributes"));
    }
    JsonNode attributes = message.path("Attributes");
    if (attributes.hasNonNull("MessageGroupId")) {
      request.put("MessageGroupId", attributes.get("MessageGroupId").asText());
      request.put("MessageDeduplicationId", attributes.path("MessageDeduplicationId")
          .asText(message.path("MessageId").asText()));
    }
    // Kept messages were visible at the stop: they are sent without the queue's delay.
    if (!attributes.hasNonNull("MessageGroupId")) {
      request.put("DelaySeconds", 0);
    }
    http.call("SendMessage", request);
  }

  /**
   * The approximate numbers of messages in a queue.
   *
   * @param queue the queue's URL, ARN or logical id
   * @return visible, in flight (received, not deleted) and delayed counts
   */
  public MessageCounts counts(String queue) {
    ObjectNode request = SqsHttp.MAPPER.createObjectNode();
    request.put("QueueUrl", urlOf(queue));
    request.putArray("AttributeNames").add("All");
    JsonNode a = http.call("GetQueueAttributes", request).path("Attributes");
    return new MessageCounts(a.path("ApproximateNumberOfMessages").asInt(),
        a.path("ApproximateNumberOfMessagesNotVisible").asInt(), a.path("ApproximateNumberOfMessagesDelayed").asInt());
  }

  /**
   * Message counts of a queue.
   *
   * @param visible messages a receive can get now
   * @param inFlight messages received and not yet deleted or visible again
   * @param delayed messages not yet delivered
   */
  public record MessageCounts(int visible, int inFlight, int delayed) {

    /**
     * The sum of the three counts.
     *
     * @return all messages the queue holds
     */
    public int total() {
      return visible + inFlight + delayed;
    }
  }

  /** Stops ElasticMQ and its actor system; returns when their port and threads are freed. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      port.close();
      server.stopAndWait();
    } finally {
      terminate(actorSystem);
      if (ownsMetricsBean) {
        try {
          ManagementFactory.getPlatformMBeanServer().unregisterMBean(objectName());
        } catch (JMException e) {
          // it was unregistered already
        }
      }
    }
  }

  private static void terminate(ActorSystem system) {
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
      // The dispatcher threads end just after termination completes: wait for them, so that a caller
      // counting threads after close() finds none of ours.
      String prefix = system.name() + "-";
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (System.nanoTime() < deadline && Thread.getAllStackTraces().keySet().stream()
          .anyMatch(t -> t.isAlive() && t.getName().startsWith(prefix))) {
        Thread.sleep(10);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      throw new IllegalStateException("the queue engine did not stop: " + e.getMessage(), e);
    }
  }

  private static ObjectName objectName() {
    try {
      return new ObjectName(METRICS_MBEAN);
    } catch (JMException e) {
      throw new IllegalStateException(e);
    }
  }
}
