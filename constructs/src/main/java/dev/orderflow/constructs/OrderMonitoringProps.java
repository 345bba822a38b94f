package dev.orderflow.constructs;

import java.util.Optional;
import org.immutables.value.Value;
import software.amazon.awscdk.services.sns.ITopic;

/** Props of {@link OrderMonitoring}. Every part is optional: alarms are made for the parts given. */
@Value.Immutable
public interface OrderMonitoringProps extends OrderMonitoringOptions {

  /** The orders queue: alarms on the age of its oldest order and on its dead-letter queue. */
  Optional<OrderQueue> queue();

  /** The order pipe: an alarm on its failures. */
  Optional<QueueToStateMachinePipe> pipe();

  /** The order workflow: alarms on failed, timed-out and throttled runs, and on its default payment function. */
  Optional<OrderWorkflow> workflow();

  /** The GraphQL API: alarms on server errors and latency. */
  Optional<OrderGraphqlApi> api();

  /** The notifier: alarms on its pipe's failures and its two dead-letter queues. */
  Optional<OrderStatusNotifier> notifier();

  /** The order events: alarms on their pipe's failures and their two dead-letter queues. */
  Optional<OrderEvents> events();

  /**
   * Where alarms send their notifications, when they go off and when they clear.
   *
   * @default - alarms without actions
   */
  Optional<ITopic> alarmTopic();

  /** A builder; {@code build()} checks every value and refuses what is not allowed. */
  static ImmutableOrderMonitoringProps.Builder builder() {
    return ImmutableOrderMonitoringProps.builder();
  }
}
