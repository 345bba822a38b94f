package dev.orderflow.constructs;

import dev.orderflow.constructs.internal.Checks;
import java.util.Optional;
import org.immutables.value.Value;
import software.amazon.awscdk.Duration;

/**
 * Thresholds and dashboard of an {@link OrderMonitoring}, without the parts it watches and the
 * alarm topic: what {@link EventDrivenOrderApiProps#monitoringProps()} takes. The alarm topic is
 * a top-level choice of {@link EventDrivenOrderApiProps}.
 */
@Value.Immutable
public interface OrderMonitoringOptions {

  /**
   * An order older than this in the queue raises an alarm: processing has stalled. From 1 minute
   * to 14 days.
   *
   * @default Duration.minutes(5)
   */
  @Value.Default
  default Duration maxOrderAge() {
    return Duration.minutes(5);
  }

  /**
   * A 99th-percentile API latency above this raises an alarm. At most 60 seconds.
   *
   * @default Duration.seconds(2)
   */
  @Value.Default
  default Duration maxApiLatency() {
    return Duration.seconds(2);
  }

  /**
   * Name of the CloudWatch dashboard.
   *
   * @default - a name CloudFormation generates
   */
  Optional<String> dashboardName();

  /** Refuses values outside what is allowed, naming the prop; {@code build()} calls it. */
  @Value.Check
  default void checkMonitoringOptions() {
    Checks.requireSecondsBetween("maxOrderAge", maxOrderAge(), 60, 14 * 86400);
    Checks.requireSecondsBetween("maxApiLatency", maxApiLatency(), 0, 60);
  }

  /** A builder; {@code build()} checks every value and refuses what is not allowed. */
  static ImmutableOrderMonitoringOptions.Builder builder() {
    return ImmutableOrderMonitoringOptions.builder();
  }
}
