package dev.orderflow.constructs;

import dev.orderflow.constructs.internal.Checks;
import org.immutables.value.Value;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.logs.RetentionDays;

/** Props of {@link PaymentFunction}. */
@Value.Immutable
public interface PaymentFunctionProps {

  /**
   * Share of orders the simulated gateway approves, from 0.0 to 1.0. Which orders are approved is
   * a pure function of the order id.
   *
   * @default 0.9
   */
  @Value.Default
  default double approvalRate() {
    return 0.9;
  }

  /**
   * Memory of the function in MiB, from 128 to 10240. CPU grows with memory, and a JVM starts
   * faster with more of it.
   *
   * @default 512
   */
  @Value.Default
  default int memorySize() {
    return 512;
  }

  /**
   * Time one invocation may take, from 1 second to 15 minutes.
   *
   * @default Duration.seconds(10)
   */
  @Value.Default
  default Duration timeout() {
    return Duration.seconds(10);
  }

  /**
   * How long the function's log events are kept.
   *
   * @default RetentionDays.ONE_MONTH
   */
  @Value.Default
  default RetentionDays logRetention() {
    return RetentionDays.ONE_MONTH;
  }

  /** Refuses values outside what is allowed, naming the prop; {@code build()} calls it. */
  @Value.Check
  default void check() {
    Checks.requireBetween("approvalRate", approvalRate(), 0.0, 1.0);
    Checks.requireBetween("memorySize", memorySize(), 128, 10240);
    Checks.requireSecondsBetween("timeout", timeout(), 1, 900);
  }

  /** A builder; {@code build()} checks every value and refuses what is not allowed. */
  static ImmutablePaymentFunctionProps.Builder builder() {
    return ImmutablePaymentFunctionProps.builder();
  }
}
