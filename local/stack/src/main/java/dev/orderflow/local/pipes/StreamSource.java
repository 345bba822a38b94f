package dev.orderflow.local.pipes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.dynamodb.DynamoDbEngine;
import dev.orderflow.local.dynamodb.StreamRecord;
import java.lang.System.Logger.Level;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A DynamoDB stream as a pipe's source: records in stream order, one batch at a time, retried
 * on failure (halved first with {@code AUTOMATIC_BISECT}), too old or out of retries sent to
 * the dead-letter queue as the batch's description.
 */
final class StreamSource implements PipeSource {

  private static final System.Logger LOG = System.getLogger(StreamSource.class.getName());
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final String SHARD_ID = "shardId-00000000000000000001-00000001";

  /** The stream settings of a pipe. */
  record Settings(String streamArn, String tableName, boolean trimHorizon, int batchSize, Duration window,
      int maximumRetryAttempts, int maximumRecordAgeSeconds, boolean bisect, String deadLetterArn) {
  }

  private final String logicalId;
  private final String pipeArn;
  private final Settings settings;
  private final EventFilter filter;
  private final PipeTarget target;
  private final DynamoDbEngine tables;
  private final PipeTargets targets;
  private final PipeOptions options;
  private final Object lock = new Object();
  private final Deque<PipeEvent> buffer = new ArrayDeque<>();
  private final List<StreamRecord> pending = new ArrayList<>();
  private boolean catchingUp;
  private BigInteger lastSequence = BigInteger.valueOf(-1);
  private boolean busy;
  private volatile boolean running;
  private AutoCloseable subscription;
  private Thread worker;

  StreamSource(String logicalId, String pipeArn, Settings settings, EventFilter filter, PipeTarget target,
      DynamoDbEngine tables, PipeTargets targets, PipeOptions options) {
    this.logicalId = logicalId;
    this.pipeArn = pipeArn;
    this.settings = settings;
    this.filter = filter;
    this.target = target;
    this.tables = tables;
    this.targets = targets;
    this.options = options;
  }

  @Override
  public void start() {
    if (tables == null) {
      throw new IllegalStateException("Pipe " + logicalId + " reads the stream " + settings.streamArn()
          + " but has no table engine");
    }
    synchronized (lock) {
      if (running) {
        return;
      }
      running = true;
      catchingUp = settings.trimHorizon();
    }
    subscription = tables.addStreamListener(settings.tableName(), this::onRecord);
    if (settings.trimHorizon()) {
      readExistingRecords();
    }
    worker = new Thread(this::work, "pipe-" + logicalId + "-stream");
    worker.setDaemon(true);
    worker.start();
  }

  @Override
  public boolean idle() {
    synchronized (lock) {
      return buffer.isEmpty() && pending.isEmpty() && !busy;
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      running = false;
      lock.notifyAll();
    }
    if (subscription != null) {
      try {
        subscription.close();
      } catch (Exception e) {
        LOG.log(Level.WARNING, "Pipe " + logicalId + " could not stop reading its stream: " + e.getMessage());
      }
    }
    if (worker != null) {
      worker.interrupt();
      try {
        worker.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void onRecord(StreamRecord record) {
    synchronized (lock) {
      if (!running) {
        return;
      }
      if (catchingUp) {
        pending.add(record);
        return;
      }
      accept(record);
    }
  }

  /** Under the lock: buffers the record if it is new and passes the filter. */
  private void accept(StreamRecord record) {
    BigInteger sequence = new BigInteger(record.sequenceNumber());
    if (sequence.compareTo(lastSequence) <= 0) {
      return;
    }
    lastSequence = sequence;
    // The pipe's poller reads every record, those its filter drops too.
    options.meter().streamRecordsRead(logicalId, 1);
    ObjectNode event = record.json().deepCopy();
    event.put("eventSourceARN", record.streamArn());
    JsonNode created = event.path("dynamodb").path("ApproximateCreationDateTime");
    PipeEvent pipeEvent = PipeEvent.fromStreamRecord(record.sequenceNumber(), event, created.asLong(),
        Instant.now());
    if (filter.matches(pipeEvent.view())) {
      buffer.add(pipeEvent);
      lock.notifyAll();
    }
  }

  /** TRIM_HORIZON: the records already in the stream, then those that arrived meanwhile. */
  private void readExistingRecords() {
    List<StreamRecord> existing = new ArrayList<>();
    try {
      ObjectNode list = tables.callStreams("ListStreams",
          JsonNodeFactory.instance.objectNode().put("TableName", settings.tableName()));
      JsonNode streams = list.path("Streams");
      if (!streams.isEmpty()) {
        String streamArn = streams.get(streams.size() - 1).path("StreamArn").asText();
        String iterator = tables.callStreams("GetShardIterator", JsonNodeFactory.instance.objectNode()
            .put("StreamArn", streamArn).put("ShardId", SHARD_ID).put("ShardIteratorType", "TRIM_HORIZON"))
            .path("ShardIterator").asText(null);
        while (iterator != null) {
          ObjectNode page = tables.callStreams("GetRecords",
              JsonNodeFactory.instance.objectNode().put("ShardIterator", iterator));
          JsonNode records = page.path("Records");
          if (records.isEmpty()) {
            break;
          }
          for (JsonNode record : records) {
            existing.add(new StreamRecord(settings.tableName(), streamArn, record.path("eventName").asText(),
                record.path("dynamodb").path("SequenceNumber").asText(), (ObjectNode) record));
          }
          iterator = page.path("NextShardIterator").asText(null);
        }
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Pipe " + logicalId + " could not read the existing records of table "
          + settings.tableName() + "'s stream: " + e.getMessage());
    }
    synchronized (lock) {
      existing.forEach(this::accept);
      pending.forEach(this::accept);
      pending.clear();
      catchingUp = false;
    }
  }

  private void work() {
    while (running) {
      List<PipeEvent> batch;
      try {
        batch = takeBatch();
      } catch (InterruptedException e) {
        return;
      }
      if (batch.isEmpty()) {
        continue;
      }
      try {
        process(batch);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.log(Level.ERROR, "Pipe " + logicalId + " failed on a batch of its stream", e);
      } finally {
        synchronized (lock) {
          busy = false;
        }
      }
    }
  }

  /** Waits for a first record, then for the batch to fill or the batching window to pass. */
  private List<PipeEvent> takeBatch() throws InterruptedException {
    synchronized (lock) {
      while (running && buffer.isEmpty()) {
        lock.wait();
      }
      long deadline = System.nanoTime() + settings.window().toNanos();
      while (running && buffer.size() < settings.batchSize()) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          break;
        }
        lock.wait(Math.max(1, remaining / 1_000_000));
      }
      if (!running) {
        return List.of();
      }
      List<PipeEvent> batch = new ArrayList<>();
      while (!buffer.isEmpty() && batch.size() < settings.batchSize()) {
        batch.add(buffer.poll());
      }
      busy = true;
      return batch;
    }
  }

  private record Work(List<PipeEvent> events, int retries) {
  }

  private void process(List<PipeEvent> batch) throws InterruptedException {
    Deque<Work> work = new ArrayDeque<>();
    work.push(new Work(batch, 0));
    while (!work.isEmpty()) {
      if (!running) {
        return;
      }
      Work current = work.pop();
      List<PipeEvent> events = dropExpired(current.events(), current.retries());
      if (events.isEmpty()) {
        continue;
      }
      BatchOutcome outcome = target.deliver(events);
      if (outcome.succeeded()) {
        continue;
      }
      // Records keep their order: those before the first failure are done, the rest fail with it.
      int firstFailed = 0;
      while (!outcome.failed().contains(events.get(firstFailed).itemId())) {
        firstFailed++;
      }
      List<PipeEvent> failed = events.subList(firstFailed, events.size());
      LOG.log(Level.DEBUG, () -> "Pipe " + logicalId + ": " + failed.size() + " stream records failed at the target ("
          + outcome.error() + ": " + outcome.cause() + ")");
      if (settings.bisect() && failed.size() > 1) {
        // Halving a batch is not a retry: each half starts with the retries the whole had used.
        int half = failed.size() / 2;
        work.push(new Work(new ArrayList<>(failed.subList(half, failed.size())), current.retries()));
        work.push(new Work(new ArrayList<>(failed.subList(0, half)), current.retries()));
      } else if (settings.maximumRetryAttempts() < 0 || current.retries() < settings.maximumRetryAttempts()) {
        Thread.sleep(backoff(current.retries()).toMillis());
        work.push(new Work(new ArrayList<>(failed), current.retries() + 1));
      } else {
        deadLetter(failed, "RetryAttemptsExhausted");
      }
    }
  }

  /** Records older than MaximumRecordAgeInSeconds are not sent; they go to the dead-letter queue. */
  private List<PipeEvent> dropExpired(List<PipeEvent> events, int retries) {
    if (settings.maximumRecordAgeSeconds() < 0) {
      return events;
    }
    long oldest = Instant.now().getEpochSecond() - settings.maximumRecordAgeSeconds();
    int expired = 0;
    while (expired < events.size() && events.get(expired).createdAtSeconds() < oldest) {
      expired++;
    }
    if (expired == 0) {
      return events;
    }
    deadLetter(events.subList(0, expired), "RecordAgeExceeded");
    return events.subList(expired, events.size());
  }

  private Duration backoff(int retries) {
    if (options.redeliveryDelay() != null) {
      return options.redeliveryDelay();
    }
    Duration delay = FIRST_BACKOFF.multipliedBy(1L << Math.min(retries, 10));
    return delay.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay;
  }

  /**
   * Sends one message that describes the failed records, shaped as Pipes' on-failure record for
   * stream sources: where they are in the stream, not the records themselves.
   */
  private void deadLetter(List<PipeEvent> failed, String condition) {
    String streamArn = failed.get(0).event().path("eventSourceARN").asText(settings.streamArn());
    if (settings.deadLetterArn() == null) {
      LOG.log(Level.WARNING, "Pipe " + logicalId + " discards " + failed.size() + " stream records ("
          + condition + "), sequence numbers " + failed.get(0).itemId() + " to "
          + failed.get(failed.size() - 1).itemId() + "; it has no dead-letter queue");
      return;
    }
    ObjectNode message = JsonNodeFactory.instance.objectNode();
    ObjectNode context = message.putObject("context");
    context.put("partnerResourceArn", pipeArn);
    context.put("condition", condition);
    message.put("version", "1.0");
    message.put("timestamp", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
    ObjectNode info = message.putObject("DDBStreamBatchInfo");
    info.put("shardId", SHARD_ID);
    info.put("startSequenceNumber", failed.get(0).itemId());
    info.put("endSequenceNumber", failed.get(failed.size() - 1).itemId());
    info.put("approximateArrivalOfFirstRecord", Instant.ofEpochSecond(failed.get(0).createdAtSeconds()).toString());
    info.put("approximateArrivalOfLastRecord",
        Instant.ofEpochSecond(failed.get(failed.size() - 1).createdAtSeconds()).toString());
    info.put("batchSize", failed.size());
    info.put("streamArn", streamArn);
    try {
      if (settings.deadLetterArn().startsWith("arn:aws:sns:")) {
        targets.publish(settings.deadLetterArn(), message.toString());
      } else {
        targets.sendMessage(settings.deadLetterArn(), message.toString());
      }
    } catch (PipeTargetException | RuntimeException e) {
      LOG.log(Level.ERROR, "Pipe " + logicalId + " could not send " + failed.size()
          + " failed stream records to its dead-letter queue " + settings.deadLetterArn() + ": " + e.getMessage());
    }
  }
}
