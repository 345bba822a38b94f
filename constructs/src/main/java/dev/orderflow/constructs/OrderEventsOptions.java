package dev.orderflow.constructs;

import org.immutables.value.Value;

/**
 * Settings of {@link OrderEvents} beyond its table, API and bus: what
 * {@link EventDrivenOrderApiProps#orderEventsProps()} takes.
 */
@Value.Immutable
public interface OrderEventsOptions extends PipeOptions {

  /**
   * The {@code source} of the {@code OrderStatusChanged} events, which rules on the bus match.
   * EventBridge reserves sources that start with {@code aws.}.
   *
   * @default "orderflow.orders"
   */
  @Value.Default
  default String eventSource() {
    return "orderflow.orders";
  }

  /** Refuses values outside what is allowed, naming the prop; {@code build()} calls it. */
  @Value.Check
  default void checkEventsOptions() {
    String source = eventSource();
    if (source.isBlank() || source.length() > 256 || source.startsWith("aws.")) {
      throw new IllegalArgumentException("eventSource must be 1 to 256 characters and must not start with"
          + " \"aws.\", but \"" + source + "\" was provided");
    }
  }

  /** A builder; {@code build()} checks every value and refuses what is not allowed. */
  static ImmutableOrderEventsOptions.Builder builder() {
    return ImmutableOrderEventsOptions.builder();
  }
}
