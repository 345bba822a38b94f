package dev.orderflow.local.dynamodb;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One change of one item, as the DynamoDB Streams API's {@code GetRecords} returns it.
 *
 * @param tableName the table the item belongs to
 * @param streamArn the stream the record was written to
 * @param eventName {@code INSERT}, {@code MODIFY} or {@code REMOVE}
 * @param sequenceNumber the record's sequence number, increasing within the stream
 * @param json the whole record in the Streams API's JSON form; treat it as read-only
 */
public record StreamRecord(String tableName, String streamArn, String eventName, String sequenceNumber,
    ObjectNode json) {

  /** The record as a JSON text, in the Streams API's form. */
  public String toJsonString() {
    return json.toString();
  }
}
