package dev.orderflow.local.dynamodb;

/**
 * Receives a table's stream records as they are written, one at a time, in the stream's
 * order, on a thread of the engine's own. Records of a write that fails its condition or
 * changes nothing are never written, so never received.
 */
@FunctionalInterface
public interface StreamListener {

  /** Called once per record, in sequence-number order. */
  void onRecord(StreamRecord record);
}
