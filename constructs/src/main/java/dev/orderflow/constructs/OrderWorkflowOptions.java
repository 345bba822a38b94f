package dev.orderflow.constructs;

import java.util.Optional;
import org.immutables.value.Value;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.StateMachineProps;

/**
 * Settings of an {@link OrderWorkflow} beyond its table, type and payment step: what
 * {@link EventDrivenOrderApiProps#workflowProps()} takes. The workflow type and the payment step
 * are top-level choices of {@link EventDrivenOrderApiProps}.
 */
@Value.Immutable
public interface OrderWorkflowOptions extends LoggingOptions {

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
