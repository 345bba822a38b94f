package dev.orderflow.local.pipes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An SQS queue as a pipe's source: several pollers receive batches with long polling, each
 * message becomes the event Pipes documents, the filter's drops are deleted, and a message is
 * deleted only once its target has taken it.
 */
final class SqsSource implements PipeSource {

  private static final System.Logger LOG = System.getLogger(SqsSource.class.getName());
  // Short enough that closing a pipe never waits long for a poll; still long polling for SQS.
  private static final int IDLE_WAIT_SECONDS = 1;
  private static final int MAX_RECEIVE = 10;

  private final String logicalId;
  private final String queueArn;
  private final String region;
  private final int batchSize;
  private final Duration window;
  private final EventFilter filter;
  private final PipeTarget target;
  private final SourceQueue sqs;
  private final PipeOptions options;
  private final List<Thread> pollers = new CopyOnWriteArrayList<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean running;

  SqsSource(String logicalId, String queueArn, int batchSize, Duration window, EventFilter filter, PipeTarget target,
      SourceQueue sqs, PipeOptions options) {
    this.logicalId = logicalId;
    this.queueArn = queueArn;
    this.region = queueArn.split(":")[3];
    this.batchSize = batchSize;
    this.window = window;
    this.filter = filter;
    this.target = target;
    this.sqs = sqs;
    this.options = options;
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    if (sqs == null) {
      throw new IllegalStateException("Pipe " + logicalId + " reads the queue " + queueArn + " but has no SQS client");
    }
    running = true;
    for (int i = 0; i < options.sqsPollers(); i++) {
      Thread thread = new Thread(this::poll, "pipe-" + logicalId + "-sqs-" + i);
      thread.setDaemon(true);
      pollers.add(thread);
      thread.start();
    }
  }

  @Override
  public boolean idle() {
    return inFlight.get() == 0;
  }

  /**
   * Stops polling. A poller is not interrupted: an HTTP call cut short leaves the SQS server a
   * connection to time out and a batch half deleted. It ends after its current long poll (at
   * most {@value #IDLE_WAIT_SECONDS} s) or after the batch it is delivering; only one that takes
   * longer than 30 s is interrupted.
   */
  @Override
  public void close() {
    running = false;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    try {
      for (Thread thread : pollers) {
        thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      }
      for (Thread thread : pollers) {
        if (thread.isAlive()) {
          thread.interrupt();
          thread.join(5_000);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pollers.clear();
  }

  private void poll() {
    while (running && !Thread.currentThread().isInterrupted()) {
      try {
        List<JsonNode> batch = receiveBatch();
        if (batch.isEmpty()) {
          continue;
        }
        try {
          process(batch);
        } finally {
          inFlight.decrementAndGet();
        }
      } catch (RuntimeException e) {
        if (!running) {
          return;
        }
        LOG.log(Level.WARNING, "Pipe " + logicalId + " could not poll " + queueArn + ": " + e.getMessage());
        try {
          Thread.sleep(500);
        } catch (InterruptedException interrupted) {
          return;
        }
      }
    }
  }

  /**
   * Receives up to the batch size. With a batching window the batch keeps filling, receive after
   * receive, until it is full or the window that began with its first message has passed.
   * A non-empty batch is counted in flight before this returns.
   */
  private List<JsonNode> receiveBatch() {
    List<JsonNode> batch = new ArrayList<>();
    long deadline = 0;
    while (running) {
      int wanted = Math.min(MAX_RECEIVE, batchSize - batch.size());
      int waitSeconds = IDLE_WAIT_SECONDS;
      if (!batch.isEmpty()) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          break;
        }
        waitSeconds = (int) Math.min(20, Math.max(1, Duration.ofNanos(remaining).toSeconds()));
      }
      ObjectNode request = JsonNodeFactory.instance.objectNode().put("QueueUrl", queueArn)
          .put("MaxNumberOfMessages", wanted).put("WaitTimeSeconds", waitSeconds);
      request.putArray("MessageSystemAttributeNames").add("All");
      request.putArray("MessageAttributeNames").add("All");
      JsonNode messages = sqs.call("ReceiveMessage", request).path("Messages");
      if (messages.isArray() && !messages.isEmpty()) {
        if (batch.isEmpty()) {
          inFlight.incrementAndGet();
          deadline = System.nanoTime() + window.toNanos();
        }
        messages.forEach(batch::add);
      }
      if (batch.size() >= batchSize || !batch.isEmpty() && window.isZero()) {
        break;
      }
    }
    if (!running && !batch.isEmpty()) {
      // Closing: the messages go back to the queue when their visibility ends.
      inFlight.decrementAndGet();
      return List.of();
    }
    return batch;
  }

  private void process(List<JsonNode> messages) {
    Instant now = Instant.now();
    List<PipeEvent> passed = new ArrayList<>();
    List<PipeEvent> dropped = new ArrayList<>();
    for (JsonNode message : messages) {
      PipeEvent event = PipeEvent.fromMessage(message.path("MessageId").asText(), toEvent(message),
          message.path("ReceiptHandle").asText(), now);
      (filter.matches(event.view()) ? passed : dropped).add(event);
    }
    // Pipes deletes the messages that its filter drops from an SQS source.
    delete(dropped);
    if (passed.isEmpty()) {
      return;
    }
    BatchOutcome outcome = target.deliver(passed);
    List<PipeEvent> done = new ArrayList<>();
    List<PipeEvent> failed = new ArrayList<>();
    for (PipeEvent event : passed) {
      (outcome.failed().contains(event.itemId()) ? failed : done).add(event);
    }
    delete(done);
    if (!failed.isEmpty()) {
      LOG.log(Level.DEBUG, () -> "Pipe " + logicalId + ": " + failed.size() + " of " + passed.size()
          + " messages failed at the target (" + outcome.error() + ": " + outcome.cause() + ")");
      if (options.redeliveryDelay() != null) {
        makeVisible(failed, options.redeliveryDelay());
      }
    }
  }

  /** The event Pipes makes of an SQS message, from the message as ReceiveMessage answers it. */
  private ObjectNode toEvent(JsonNode message) {
    JsonNodeFactory json = JsonNodeFactory.instance;
    ObjectNode event = json.objectNode();
    event.put("messageId", message.path("MessageId").asText());
    event.put("receiptHandle", message.path("ReceiptHandle").asText());
    event.put("body", message.path("Body").asText());
    ObjectNode attributes = event.putObject("attributes");
    JsonNode system = message.path("Attributes");
    for (String name : List.of("ApproximateReceiveCount", "SentTimestamp", "SenderId",
        "ApproximateFirstReceiveTimestamp")) {
      if (system.has(name)) {
        attributes.put(name, system.get(name).asText());
      }
    }
    system.fields().forEachRemaining(entry -> {
      if (!attributes.has(entry.getKey())) {
        attributes.put(entry.getKey(), entry.getValue().asText());
      }
    });
    ObjectNode messageAttributes = event.putObject("messageAttributes");
    message.path("MessageAttributes").fields().forEachRemaining(entry -> {
      JsonNode value = entry.getValue();
      ObjectNode attribute = messageAttributes.putObject(entry.getKey());
      if (value.hasNonNull("StringValue")) {
        attribute.put("stringValue", value.get("StringValue").asText());
      }
      if (value.hasNonNull("BinaryValue")) {
        attribute.put("binaryValue", value.get("BinaryValue").asText());
      }
      attribute.putArray("stringListValues");
      attribute.putArray("binaryListValues");
      attribute.put("dataType", value.path("DataType").asText());
    });
    event.put("md5OfBody", message.path("MD5OfBody").asText());
    if (message.hasNonNull("MD5OfMessageAttributes")) {
      event.put("md5OfMessageAttributes", message.get("MD5OfMessageAttributes").asText());
    }
    event.put("eventSource", "aws:sqs");
    event.put("eventSourceARN", queueArn);
    event.put("awsRegion", region);
    return event;
  }

  private void delete(List<PipeEvent> events) {
    for (int from = 0; from < events.size(); from += MAX_RECEIVE) {
      ObjectNode request = JsonNodeFactory.instance.objectNode().put("QueueUrl", queueArn);
      ArrayNode entries = request.putArray("Entries");
      List<PipeEvent> chunk = events.subList(from, Math.min(events.size(), from + MAX_RECEIVE));
      for (int i = 0; i < chunk.size(); i++) {
        entries.addObject().put("Id", Integer.toString(i)).put("ReceiptHandle", chunk.get(i).receiptHandle());
      }
      try {
        sqs.call("DeleteMessageBatch", request);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Pipe " + logicalId + " could not delete " + entries.size() + " messages from "
            + queueArn + "; they will be received again: " + e.getMessage());
      }
    }
  }

  private void makeVisible(List<PipeEvent> events, Duration delay) {
    int seconds = (int) Math.min(43_200, (delay.toMillis() + 999) / 1000);
    for (int from = 0; from < events.size(); from += MAX_RECEIVE) {
      ObjectNode request = JsonNodeFactory.instance.objectNode().put("QueueUrl", queueArn);
      ArrayNode entries = request.putArray("Entries");
      List<PipeEvent> chunk = events.subList(from, Math.min(events.size(), from + MAX_RECEIVE));
      for (int i = 0; i < chunk.size(); i++) {
        entries.addObject().put("Id", Integer.toString(i)).put("ReceiptHandle", chunk.get(i).receiptHandle())
            .put("VisibilityTimeout", seconds);
      }
      try {
        sqs.call("ChangeMessageVisibilityBatch", request);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Pipe " + logicalId + " could not change the visibility of " + entries.size()
            + " messages of " + queueArn + ": " + e.getMessage());
      }
    }
  }
}
