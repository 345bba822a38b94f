package dev.orderflow.constructs;

import org.immutables.value.Value;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * Settings of an {@link OrderWorkflow} beyond its table, type and payment step: what
 * {@link EventDrivenOrderApiProps#workflowProps()} takes. The workflow type and the payment step
 * are top-level choices of {@link EventDrivenOrderApiProps}.
 */
@Value.Immutable
public interface OrderWorkflowOptions {

  /**
   * How long the workflow's execution logs are kept.
   *
   * @default RetentionDays.ONE_MONTH
   */
  @Value.Default
  default RetentionDays logRetention() {
    return RetentionDays.ONE_MONTH;
  }

  /** A builder; {@code build()} checks every value and refuses what is not allowed. */
  static ImmutableOrderWorkflowOptions.Builder builder() {
    return ImmutableOrderWorkflowOptions.builder();
  }
}
