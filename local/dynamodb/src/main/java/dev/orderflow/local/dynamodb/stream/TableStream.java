package dev.orderflow.local.dynamodb.stream;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.dynamodb.StreamRecord;
import dev.orderflow.local.dynamodb.table.AttributeValue;
import dev.orderflow.local.dynamodb.table.AttributeValues;
import dev.orderflow.local.dynamodb.table.KeySchema;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
  private final List<StreamRecord> records = new ArrayList<>();
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

  public List<StreamRecord> records() {
    return records;
  }

  /**
   * Appends the record of one change. {@code service} marks a delete made by the service
   * itself (time to live).
   */
  public StreamRecord append(Map<String, AttributeValue> oldItem, Map<String, AttributeValue> newItem,
      String sequenceNumber, Instant at, boolean service) {
    String eventName = oldItem == null ? "INSERT" : newItem == null ? "REMOVE" : "MODIFY";
    JsonNodeFactory json = JsonNodeFactory.instance;
    ObjectNode change = json.objectNode();
    change.put("ApproximateCreationDateTime", at.getEpochSecond());
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
    change.put("SequenceNumber", sequenceNumber);
    change.put("SizeBytes", size);
    change.put("StreamViewType", viewType);

    ObjectNode record = json.objectNode();
    record.put("eventID", UUID.randomUUID().toString().replace("-", ""));
    record.put("eventName", eventName);
    record.put("eventVersion", "1.1");
    record.put("eventSource", "aws:dynamodb");
    record.put("awsRegion", region);
    record.set("dynamodb", change);
    if (service) {
      ObjectNode identity = record.putObject("userIdentity");
      identity.put("PrincipalId", "dynamodb.amazonaws.com");
      identity.put("Type", "Service");
    }
    StreamRecord streamRecord = new StreamRecord(tableName, arn, eventName, sequenceNumber, record);
    records.add(streamRecord);
    return streamRecord;
  }
}
