package dev.orderflow.constructs;

import dev.orderflow.constructs.internal.Checks;
import java.util.Optional;
import org.immutables.value.Value;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.StateMachineProps;

/**
 * Settings of an {@link OrderWorkflow} beyond its table, type and payment step: what
 * {@link EventDrivenOrderApiProps#workflowProps()} takes. The workflow type and the payment step
 * are top-level choices of {@link EventDrivenOrderApiProps}.
 */
@Value.Immutable
public interface OrderWorkflowOptions extends LoggingOptions {

  /** Default of {@link #claimLease()}, in seconds. */
  int DEFAULT_CLAIM_LEASE_SECONDS = 5 * 60;

  /**
   * How long a run's claim on an order keeps every other delivery of that order away. While the
   * lease runs, another delivery's claim is refused and its message goes back to the queue
   * ({@code OrderFlow.OrderClaimed}), so the payment step is called once per order. Once the lease
   * has ended (the run that claimed the order failed before finishing it), the order may be claimed
   * again. Keep it at least as long as one run (an Express workflow runs at most 5 minutes) and
   * shorter than the queue's visibility timeout, so that a message handed back finds the lease
   * ended or the order final when it comes back. Whole seconds, from 1 second to 12 hours.
   *
   * @default Duration.minutes(5)
   */
  @Value.Default
  default Duration claimLease() {
    return Duration.seconds(DEFAULT_CLAIM_LEASE_SECONDS);
  }

  /**
   * What the state machine logs. {@code ERROR} logs failed runs and failed states; {@code ALL}
   * logs every state of every run, which with {@link #includeExecutionData()} records every order.
   *
   * @default LogLevel.ERROR
   */
  @Value.Default
  default LogLevel logLevel() {
    return LogLevel.ERROR;
  }

  /**
   * Settings of the state machine, passed to it as they are, for example a name or a timeout.
   * They replace OrderFlow's own where they set the same thing, except the definition and the type,
   * which the workflow needs as it makes them.
   *
   * @default - OrderFlow's settings alone
   */
  Optional<StateMachineProps> stateMachineProps();

  /** Refuses values outside what is allowed, naming the prop; {@code build()} calls it. */
  @Value.Check
  default void checkWorkflowOptions() {
    Checks.requireSecondsBetween("claimLease", claimLease(), 1, 12 * 3600);
    Checks.requireWholeSeconds("claimLease", claimLease());
    stateMachineProps().ifPresent(user -> {
      if (user.getDefinitionBody() != null || user.getDefinition() != null
          || user.getStateMachineType() != null || user.getQueryLanguage() != null) {
        throw new IllegalArgumentException("stateMachineProps must not set the definition, the state machine type"
            + " or the query language: the workflow makes its own JSONPath definition, and its type is workflowType");
      }
    });
  }

  /** A builder; {@code build()} checks every value and refuses what is not allowed. */
  static ImmutableOrderWorkflowOptions.Builder builder() {
    return ImmutableOrderWorkflowOptions.builder();
  }
}
