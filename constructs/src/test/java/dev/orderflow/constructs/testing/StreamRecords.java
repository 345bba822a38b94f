package dev.orderflow.constructs.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Reads a table's stream and turns each record into the event an EventBridge Pipe sees: the
 * DynamoDB Streams record with its images in DynamoDB JSON ({@code {"S": "..."}}).
 */
public final class StreamRecords {

  private static final ObjectMapper JSON = new ObjectMapper();

  private StreamRecords() {}

  /** Every record in the stream, oldest first, as Pipes events. */
  public static List<ObjectNode> read(DynamoDbStreamsClient streams, String streamArn) {
    List<ObjectNode> events = new ArrayList<>();
    for (Shard shard : streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards()) {
      String iterator = streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shard.shardId())
          .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
      while (iterator != null) {
        String current = iterator;
        GetRecordsResponse response = streams.getRecords(b -> b.shardIterator(current));
        response.records().forEach(record -> events.add(toEvent(record, streamArn)));
        if (response.records().isEmpty()) {
          break;
        }
        iterator = response.nextShardIterator();
      }
    }
    return events;
  }

  private static ObjectNode toEvent(Record record, String streamArn) {
    ObjectNode event = JSON.createObjectNode();
    event.put("eventID", record.eventID());
    event.put("eventName", record.eventNameAsString());
    event.put("eventVersion", record.eventVersion());
    event.put("eventSource", "aws:dynamodb");
    event.put("awsRegion", TemplateDefinitions.REGION);
    ObjectNode dynamodb = event.putObject("dynamodb");
    dynamodb.set("Keys", image(record.dynamodb().keys()));
    if (record.dynamodb().hasNewImage()) {
      dynamodb.set("NewImage", image(record.dynamodb().newImage()));
    }
    if (record.dynamodb().hasOldImage()) {
      dynamodb.set("OldImage", image(record.dynamodb().oldImage()));
    }
    dynamodb.put("SequenceNumber", record.dynamodb().sequenceNumber());
    dynamodb.put("SizeBytes", record.dynamodb().sizeBytes());
    dynamodb.put("StreamViewType", record.dynamodb().streamViewTypeAsString());
    event.put("eventSourceARN", streamArn);
    return event;
  }

  private static ObjectNode image(Map<String, AttributeValue> item) {
    ObjectNode image = JSON.createObjectNode();
    item.forEach((name, value) -> image.set(name, value(value)));
    return image;
  }

  private static ObjectNode value(AttributeValue value) {
    ObjectNode node = JSON.createObjectNode();
    if (value.s() != null) {
      node.put("S", value.s());
    } else if (value.n() != null) {
      node.put("N", value.n());
    } else if (value.bool() != null) {
      node.put("BOOL", value.bool());
    } else if (Boolean.TRUE.equals(value.nul())) {
      node.put("NULL", true);
    } else if (value.hasM()) {
      node.set("M", image(value.m()));
    } else if (value.hasL()) {
      ArrayNode list = node.putArray("L");
      value.l().forEach(element -> list.add(value(element)));
    } else if (value.hasSs()) {
      ArrayNode set = node.putArray("SS");
      value.ss().forEach(set::add);
    } else if (value.hasNs()) {
      ArrayNode set = node.putArray("NS");
      value.ns().forEach(set::add);
    } else {
      throw new IllegalArgumentException("unsupported attribute value " + value);
    }
    return node;
  }
}
