package dev.orderflow.constructs;

import java.util.Optional;
import org.immutables.value.Value;
import software.amazon.awscdk.services.sns.ITopic;

/** Props of {@link OrderMonitoring}. Every part is optional: alarms are made for the parts given. */
@Value.Immutable
public interface OrderMonitoringProps extends OrderMonitoringOptions {

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

  static ImmutableOrderMonitoringProps.Builder builder() {
    return ImmutableOrderMonitoringProps.builder();
  }
}
