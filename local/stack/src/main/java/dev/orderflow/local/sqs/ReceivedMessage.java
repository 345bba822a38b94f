package dev.orderflow.local.sqs;

import java.util.Map;

/**
 * A message received from a local queue.
 *
 * @param messageId the message id
 * @param receiptHandle the handle that deletes it or changes its visibility
 * @param body the body
 * @param attributes the system attributes, e.g. {@code ApproximateReceiveCount}, {@code SentTimestamp}
 * @param md5OfBody the MD5 of the body, hex
 */
public record ReceivedMessage(String messageId, String receiptHandle, String body, Map<String, String> attributes,
    String md5OfBody) {

  /** Copies the attributes. */
  public ReceivedMessage {
    attributes = Map.copyOf(attributes);
  }

  /**
   * How many times the message was received, this time included.
   *
   * @return {@code ApproximateReceiveCount}, or 1 when absent
   */
  public int receiveCount() {
    return Integer.parseInt(attributes.getOrDefault("ApproximateReceiveCount", "1"));
  }
}
