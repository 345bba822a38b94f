package dev.orderflow.local.dynamodb;

import java.net.URI;

/**
 * An embedded DynamoDB engine (skeleton: the implementation is being written).
 */
public final class DynamoDbEngine implements AutoCloseable {

  private DynamoDbEngine() {}

  /** Starts an in-memory engine on a free loopback port. */
  public static DynamoDbEngine start() {
    throw new UnsupportedOperationException("not yet");
  }

  /** Starts an in-memory engine on the given loopback port (0 picks a free one). */
  public static DynamoDbEngine start(int port) {
    throw new UnsupportedOperationException("not yet");
  }

  /** The HTTP endpoint, e.g. {@code http://127.0.0.1:8000}: DynamoDB and DynamoDB Streams. */
  public URI endpoint() {
    throw new UnsupportedOperationException("not yet");
  }

  @Override
  public void close() {}
}
