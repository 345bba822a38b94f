package dev.orderflow.constructs;

import dev.orderflow.constructs.internal.Checks;
import java.util.Optional;
import org.immutables.value.Value;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.sns.ITopic;

/** Props of {@link OrderMonitoring}. Every part is optional: alarms are made for the parts given. */
@Value.Immutable
public interface OrderMonitoringProps {

  Optional<OrderQueue> queue();

  Optional<QueueToStateMachinePipe> pipe();

  Optional<OrderWorkflow> workflow();

  Optional<OrderGraphqlApi> api();

  Optional<OrderStatusNotifier> notifier();

  /**
   * Where alarms send their notifications, when they go off and when they clear.
   *
   * @default - alarms without actions
   */
  Optional<ITopic> alarmTopic();

  /**
   * An order older than this in the queue raises an alarm: processing has stalled.
   *
   * @default Duration.minutes(5)
   */
  @Value.Default
  default Duration maxOrderAge() {
    return Duration.minutes(5);
  }

  /**
   * A 99th-percentile API latency above this raises an alarm.
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

  @Value.Check
  default void check() {
    Checks.requireSecondsBetween("maxOrderAge", maxOrderAge(), 60, 14 * 86400);
    Checks.requireSecondsBetween("maxApiLatency", maxApiLatency(), 0, 60);
  }

  static ImmutableOrderMonitoringProps.Builder builder() {
    return ImmutableOrderMonitoringProps.builder();
  }
}
