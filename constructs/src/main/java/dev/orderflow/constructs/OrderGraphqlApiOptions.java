package dev.orderflow.constructs;

import org.immutables.value.Value;
import software.amazon.awscdk.services.appsync.FieldLogLevel;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * Settings of an {@link OrderGraphqlApi} beyond its table, queue, name, authorization and
 * quantity limit: what {@link EventDrivenOrderApiProps#apiProps()} takes. Those others are
 * top-level choices of {@link EventDrivenOrderApiProps}.
 */
@Value.Immutable
public interface OrderGraphqlApiOptions {

  /**
   * What AppSync logs of each request: {@code ERROR} logs failed fields, {@code ALL} every field.
   *
   * @default FieldLogLevel.ERROR
   */
  @Value.Default
  default FieldLogLevel fieldLogLevel() {
    return FieldLogLevel.ERROR;
  }

  /**
   * How long the API's log events are kept.
   *
   * @default RetentionDays.ONE_MONTH
   */
  @Value.Default
  default RetentionDays logRetention() {
    return RetentionDays.ONE_MONTH;
  }

  /** Refuses values outside what is allowed, naming the prop; {@code build()} calls it. */
  @Value.Check
  default void checkApiOptions() {
    if (fieldLogLevel() == FieldLogLevel.NONE) {
      throw new IllegalArgumentException(
          "fieldLogLevel must be ERROR, INFO, DEBUG or ALL, but NONE was provided: the API always logs requests");
    }
  }

  /** A builder; {@code build()} checks every value and refuses what is not allowed. */
  static ImmutableOrderGraphqlApiOptions.Builder builder() {
    return ImmutableOrderGraphqlApiOptions.builder();
  }
}
