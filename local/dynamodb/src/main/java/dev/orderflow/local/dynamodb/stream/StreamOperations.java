package dev.orderflow.local.dynamodb.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.dynamodb.StreamRecord;
import dev.orderflow.local.dynamodb.DynamoDbError;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** The DynamoDB Streams API over the engine's streams: ListStreams, DescribeStream, GetShardIterator, GetRecords. */
public final class StreamOperations {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final int MAX_RECORDS = 1000;

  private final Map<String, TableStream> streams;

  /** @param streams every stream of the engine by ARN, in creation order; read under the engine's read lock */
  public StreamOperations(Map<String, TableStream> streams) {
    this.streams = streams;
  }

  public ObjectNode listStreams(JsonNode request) {
    String tableName = text(request, "TableName");
    String start = text(request, "ExclusiveStartStreamArn");
    int limit = request.has("Limit") ? request.get("Limit").asInt() : 100;
    if (limit < 1 || limit > 100) {
      throw DynamoDbError.validation("1 validation error detected: Value '" + limit
          + "' at 'limit' failed to satisfy constraint: Member must have value between 1 and 100");
    }
    List<TableStream> matching = new ArrayList<>();
    for (TableStream stream : streams.values()) {
      if (tableName == null || stream.tableName().equals(tableName)) {
        matching.add(stream);
      }
    }
    int from = 0;
    if (start != null) {
      for (int i = 0; i < matching.size(); i++) {
        if (matching.get(i).arn().equals(start)) {
          from = i + 1;
        }
      }
    }
    ObjectNode response = JSON.objectNode();
    ArrayNode list = response.putArray("Streams");
    int to = Math.min(matching.size(), from + limit);
    for (TableStream stream : matching.subList(from, to)) {
      ObjectNode entry = list.addObject();
      entry.put("StreamArn", stream.arn());
      entry.put("TableName", stream.tableName());
      entry.put("StreamLabel", stream.label());
    }
    if (to < matching.size()) {
      response.put("LastEvaluatedStreamArn", matching.get(to - 1).arn());
    }
    return response;
  }

  public ObjectNode describeStream(JsonNode request) {
    TableStream stream = stream(text(request, "StreamArn"));
    ObjectNode description = JSON.objectNode();
    description.put("StreamArn", stream.arn());
    description.put("StreamLabel", stream.label());
    description.put("StreamStatus", stream.enabled() ? "ENABLED" : "DISABLED");
    description.put("StreamViewType", stream.viewType());
    description.put("CreationRequestDateTime", stream.created().toEpochMilli() / 1000.0);
    description.put("TableName", stream.tableName());
    ArrayNode keySchema = description.putArray("KeySchema");
    keySchema.addObject().put("AttributeName", stream.keySchema().partitionKey()).put("KeyType", "HASH");
    if (stream.keySchema().hasSortKey()) {
      keySchema.addObject().put("AttributeName", stream.keySchema().sortKey()).put("KeyType", "RANGE");
    }
    ObjectNode shard = description.putArray("Shards").addObject();
    shard.put("ShardId", TableStream.SHARD_ID);
    ObjectNode range = shard.putObject("SequenceNumberRange");
    List<TableStream.Entry> records = stream.entries();
    range.put("StartingSequenceNumber", records.isEmpty() ? "000000000000000000000" : records.get(0).sequenceNumber());
    if (!stream.enabled() && !records.isEmpty()) {
      range.put("EndingSequenceNumber", records.get(records.size() - 1).sequenceNumber());
    }
    ObjectNode response = JSON.objectNode();
    response.set("StreamDescription", description);
    return response;
  }

  public ObjectNode getShardIterator(JsonNode request) {
    TableStream stream = stream(text(request, "StreamArn"));
    String shardId = text(request, "ShardId");
    if (!TableStream.SHARD_ID.equals(shardId)) {
      throw DynamoDbError.resourceNotFound("Requested resource not found: Shard does not exist");
    }
    String type = text(request, "ShardIteratorType");
    String sequenceNumber = text(request, "SequenceNumber");
    List<TableStream.Entry> records = stream.entries();
    long position;
    if ("TRIM_HORIZON".equals(type)) {
      position = stream.firstPosition();
    } else if ("LATEST".equals(type)) {
      position = stream.firstPosition() + records.size();
    } else if ("AT_SEQUENCE_NUMBER".equals(type) || "AFTER_SEQUENCE_NUMBER".equals(type)) {
      if (sequenceNumber == null) {
        throw DynamoDbError.validation("Must specify a sequence number for iterator type " + type);
      }
      position = stream.firstPosition() + indexOf(records, sequenceNumber);
      if (type.equals("AFTER_SEQUENCE_NUMBER")) {
        position++;
      }
    } else {
      throw DynamoDbError.validation("1 validation error detected: Value '" + type
          + "' at 'shardIteratorType' failed to satisfy constraint: Member must satisfy enum value set: "
          + "[AFTER_SEQUENCE_NUMBER, LATEST, AT_SEQUENCE_NUMBER, TRIM_HORIZON]");
    }
    ObjectNode response = JSON.objectNode();
    response.put("ShardIterator", iterator(stream.arn(), position));
    return response;
  }

  public ObjectNode getRecords(JsonNode request) {
    String iterator = text(request, "ShardIterator");
    int limit = request.has("Limit") ? request.get("Limit").asInt() : MAX_RECORDS;
    if (limit < 1 || limit > MAX_RECORDS) {
      throw DynamoDbError.validation("1 validation error detected: Value '" + limit
          + "' at 'limit' failed to satisfy constraint: Member must have value between 1 and 1000");
    }
    String[] parts = decode(iterator);
    TableStream stream = stream(parts[0]);
    long position = Long.parseLong(parts[1]);
    if (position < stream.firstPosition()) {
      throw new DynamoDbError("TrimmedDataAccessException", 400, "The operation attempted to read past the oldest "
          + "stream record in a shard. Records older than 24 hours are trimmed from the stream.", null);
    }
    List<TableStream.Entry> records = stream.entries();
    int from = (int) Math.min(records.size(), position - stream.firstPosition());
    int to = Math.min(records.size(), from + limit);
    ObjectNode response = JSON.objectNode();
    ArrayNode list = response.putArray("Records");
    for (TableStream.Entry record : records.subList(from, to)) {
      list.add(stream.json(record));
    }
    // A disabled stream's shard is closed: once read to its end, no next iterator.
    if (stream.enabled() || to < records.size()) {
      response.put("NextShardIterator", iterator(stream.arn(), stream.firstPosition() + to));
    }
    return response;
  }

  private TableStream stream(String arn) {
    if (arn == null) {
      throw DynamoDbError.validation("1 validation error detected: Value null at 'streamArn' failed to satisfy constraint: Member must not be null");
    }
    TableStream stream = streams.get(arn);
    if (stream == null) {
      throw DynamoDbError.resourceNotFound("Requested resource not found: Stream: " + arn + " not found");
    }
    return stream;
  }

  private static int indexOf(List<TableStream.Entry> records, String sequenceNumber) {
    long wanted;
    try {
      wanted = Long.parseLong(sequenceNumber);
    } catch (NumberFormatException e) {
      wanted = -1;
    }
    int low = 0;
    int high = records.size() - 1;
    while (wanted >= 0 && low <= high) {
      int middle = (low + high) >>> 1;
      long sequence = records.get(middle).sequence();
      if (sequence == wanted) {
        return middle;
      }
      if (sequence < wanted) {
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    throw DynamoDbError.validation("Invalid SequenceNumber " + sequenceNumber + " for shard " + TableStream.SHARD_ID);
  }

  private static String iterator(String streamArn, long position) {
    String raw = streamArn + "|" + position;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  private static String[] decode(String iterator) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(iterator), StandardCharsets.UTF_8);
      int bar = raw.lastIndexOf('|');
      if (bar < 0 || Long.parseLong(raw.substring(bar + 1)) < 0) {
        throw new IllegalArgumentException();
      }
      return new String[] {raw.substring(0, bar), raw.substring(bar + 1)};
    } catch (RuntimeException e) {
      throw DynamoDbError.validation("Invalid ShardIterator");
    }
  }

  private static String text(JsonNode request, String field) {
    JsonNode node = request.get(field);
    return node == null || node.isNull() ? null : node.asText();
  }
}
