package dev.orderflow.local.dynamodb.stream;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.dynamodb.StreamRecord;
import dev.orderflow.local.dynamodb.table.AttributeValue;
import dev.orderflow.local.dynamodb.table.AttributeValues;
import dev.orderflow.local.dynamodb.table.KeySchema;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One table's stream: a single shard of records in write order. Written under the engine's
 * lock; read under its read lock.
 */
public final class TableStream {

  /** The shard id of every stream's one shard. */
  public static final String SHARD_ID = "shardId-00000000000000000001-00000001";

  private static final DateTimeFormatter LABEL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private final String arn;
  private final String label;
  private final String tableName;
  private final KeySchema keySchema;
  private final String viewType;
  private final Instant created;
  private final String region;
  /** How long DynamoDB Streams keeps a record. */
  public static final Duration RETENTION = Duration.ofHours(24);

  /**
   * The records still kept, oldest first. Each holds the item maps themselves, which the table
   * never changes in place, so a record costs a few references rather than a copy of its images.
   */
  private final List<Entry> records = new ArrayList<>();
  /** How many records were trimmed from the head: a record's position is its index plus this. */
  private long trimmed;
  private boolean enabled = true;

  public TableStream(String tableArn, String tableName, KeySchema keySchema, String viewType, Instant created,
      String region) {
    // The label is the stream's creation time, as DynamoDB writes it.
    this.label = LABEL.format(created);
    this.arn = tableArn + "/stream/" + label;
    this.tableName = tableName;
    this.keySchema = keySchema;
    this.viewType = viewType;
    this.created = created;
    this.region = region;
  }

  public String arn() {
    return arn;
  }

  public String label() {
    return label;
  }

  public String tableName() {
    return tableName;
  }

  public KeySchema keySchema() {
    return keySchema;
  }

  public String viewType() {
    return viewType;
  }

  public Instant created() {
    return created;
  }

  public boolean enabled() {
    return enabled;
  }

  /** Once disabled (the table's stream turned off, or the table deleted), no record is added. */
  public void disable() {
    enabled = false;
  }

  /** One kept record: what its JSON is rendered from when it is read. */
  public record Entry(long sequence, long epochSecond, Map<String, AttributeValue> oldItem,
      Map<String, AttributeValue> newItem, boolean service, long idHigh, long idLow) {

    public String sequenceNumber() {
      return String.format("%021d", sequence);
    }
  }

  /** The records kept, oldest first, in their compact form. */
  public List<Entry> entries() {
    return records;
  }

  /** The records kept, oldest first, each rendered as the Streams API gives it: a new list on every call. */
  public List<StreamRecord> records() {
    List<StreamRecord> rendered = new ArrayList<>(records.size());
    for (Entry entry : records) {
      rendered.add(new StreamRecord(tableName, arn, eventName(entry), entry.sequenceNumber(), json(entry)));
    }
    return rendered;
  }

  /** The position of the oldest record kept; positions count every record ever written. */
  public long firstPosition() {
    return trimmed;
  }

  /** Removes the records older than {@link #RETENTION}; called under the engine's write lock. */
  public void trim(Instant now) {
    long oldest = now.minus(RETENTION).getEpochSecond();
    int expired = 0;
    while (expired < records.size() && records.get(expired).epochSecond() < oldest) {
      expired++;
    }
    if (expired > 0) {
      records.subList(0, expired).clear();
      trimmed += expired;
    }
  }

  /**
   * Appends the record of one change. {@code service} marks a delete made by the service
   * itself (time to live).
   */
  public StreamRecord append(Map<String, AttributeValue> oldItem, Map<String, AttributeValue> newItem,
      String sequenceNumber, Instant at, boolean service) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    Entry entry = new Entry(Long.parseLong(sequenceNumber), at.getEpochSecond(), oldItem, newItem, service,
        random.nextLong(), random.nextLong());
    if (!records.isEmpty() && records.get(0).epochSecond() < entry.epochSecond() - RETENTION.getSeconds() - 60) {
      trim(at);
    }
    records.add(entry);
    return new StreamRecord(tableName, arn, eventName(entry), sequenceNumber, json(entry));
  }

  private static String eventName(Entry entry) {
    return entry.oldItem() == null ? "INSERT" : entry.newItem() == null ? "REMOVE" : "MODIFY";
  }

  /** A record in the Streams API's JSON form. */
  public ObjectNode json(Entry entry) {
    Map<String, AttributeValue> oldItem = entry.oldItem();
    Map<String, AttributeValue> newItem = entry.newItem();
    JsonNodeFactory json = JsonNodeFactory.instance;
    ObjectNode change = json.objectNode();
    change.put("ApproximateCreationDateTime", entry.epochSecond());
    Map<String, AttributeValue> keys = keySchema.keyOf(newItem != null ? newItem : oldItem);
    change.set("Keys", AttributeValues.toJson(keys));
    long size = AttributeValues.size(keys);
    if (newItem != null && (viewType.equals("NEW_IMAGE") || viewType.equals("NEW_AND_OLD_IMAGES"))) {
      change.set("NewImage", AttributeValues.toJson(newItem));
      size += AttributeValues.size(newItem);
    }
    if (oldItem != null && (viewType.equals("OLD_IMAGE") || viewType.equals("NEW_AND_OLD_IMAGES"))) {
      change.set("OldImage", AttributeValues.toJson(oldItem));
      size += AttributeValues.size(oldItem);
    }
    change.put("SequenceNumber", entry.sequenceNumber());
    change.put("SizeBytes", size);
    change.put("StreamViewType", viewType);

    ObjectNode record = json.objectNode();
    record.put("eventID", new UUID(entry.idHigh(), entry.idLow()).toString().replace("-", ""));
    record.put("eventName", eventName(entry));
    record.put("eventVersion", "1.1");
    record.put("eventSource", "aws:dynamodb");
    record.put("awsRegion", region);
    record.set("dynamodb", change);
    if (entry.service()) {
      ObjectNode identity = record.putObject("userIdentity");
      identity.put("PrincipalId", "dynamodb.amazonaws.com");
      identity.put("Type", "Service");
    }
    return record;
  }
}
