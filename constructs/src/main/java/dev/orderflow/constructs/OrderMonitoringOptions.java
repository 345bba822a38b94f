package dev.orderflow.constructs;

import dev.orderflow.constructs.internal.Checks;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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

  /**
   * Ids of alarms not to make (see {@link OrderMonitoring#ALARM_IDS}), for example
   * {@code "ApiLatency"} for an API whose callers wait by design.
   *
   * @default - every alarm of the parts given
   */
  Set<String> disabledAlarms();

  /**
   * Thresholds by alarm id (see {@link OrderMonitoring#ALARM_IDS}), replacing the default: each
   * alarm goes off when its metric in a 5-minute period is at or above it. {@code ApiLatency} is in
   * milliseconds and {@code OldestOrderAge} in seconds, as {@link #maxApiLatency()} and
   * {@link #maxOrderAge()} set them; every other default is 1.
   *
   * @default - the thresholds above
   */
  Map<String, Double> alarmThresholds();

  /** Refuses values outside what is allowed, naming the prop; {@code build()} calls it. */
  @Value.Check
  default void checkMonitoringOptions() {
    Checks.requireSecondsBetween("maxOrderAge", maxOrderAge(), 60, 14 * 86400);
    Checks.requireSecondsBetween("maxApiLatency", maxApiLatency(), 0, 60);
    for (String alarmId : union(disabledAlarms(), alarmThresholds().keySet())) {
      if (!OrderMonitoring.ALARM_IDS.contains(alarmId)) {
        throw new IllegalArgumentException("disabledAlarms and alarmThresholds must name alarms of OrderMonitoring, but \""
            + alarmId + "\" is none: use one of " + OrderMonitoring.ALARM_IDS);
      }
    }
    alarmThresholds().forEach((alarmId, threshold) -> {
      if (!(threshold > 0)) {
        throw new IllegalArgumentException("alarmThresholds." + alarmId + " must be above 0, but " + threshold
            + " was provided");
      }
    });
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new TreeSet<>(a);
    all.addAll(b);
    return all;
  }

  /** A builder; {@code build()} checks every value and refuses what is not allowed. */
  static ImmutableOrderMonitoringOptions.Builder builder() {
    return ImmutableOrderMonitoringOptions.builder();
  }
}
