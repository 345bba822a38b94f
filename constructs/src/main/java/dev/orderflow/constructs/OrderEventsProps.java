package dev.orderflow.constructs;

import java.util.Optional;
import org.immutables.value.Value;
import software.amazon.awscdk.services.dynamodb.ITableV2;
import software.amazon.awscdk.services.events.IEventBus;
import software.amazon.awscdk.services.kms.IKey;

/** Props of {@link OrderEvents}. */
@Value.Immutable
public interface OrderEventsProps extends OrderEventsOptions {

  /** The orders table; its stream (new and old images) is the source of the events. */
  ITableV2 table();

  /** The order API, built with {@code realtime}, whose {@code publishOrderUpdate} the rule calls. */
  OrderGraphqlApi api();

  /**
   * A bus for the {@code OrderStatusChanged} events instead of a new one, for example one that
   * other systems of the account already use.
   *
   * @default - a new event bus
   */
  Optional<IEventBus> existingEventBus();

  /**
   * Customer-managed KMS key for the new bus, both dead-letter queues, the log group and the pipe;
   * the construct allows EventBridge and CloudWatch Logs to use it in the key's policy.
   *
   * @default - EventBridge's, SQS's and CloudWatch Logs' own encryption
   */
  Optional<IKey> encryptionKey();

  /** A builder; {@code build()} checks every value and refuses what is not allowed. */
  static ImmutableOrderEventsProps.Builder builder() {
    return ImmutableOrderEventsProps.builder();
  }
}
