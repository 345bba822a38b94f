package dev.orderflow.constructs;

import dev.orderflow.constructs.internal.Checks;
import java.util.Optional;
import org.immutables.value.Value;
import software.amazon.awscdk.services.appsync.AuthorizationConfig;
import software.amazon.awscdk.services.dynamodb.ITableV2;
import software.amazon.awscdk.services.sqs.IQueue;

/** Props of {@link OrderGraphqlApi}. */
@Value.Immutable
public interface OrderGraphqlApiProps extends OrderGraphqlApiOptions {

  /** The orders table that queries, updates and deletes read and write. */
  ITableV2 table();

  /** The queue that {@code postOrder} sends new orders to. */
  IQueue queue();

  /**
   * Name of the API.
   *
   * @default "OrderFlowApi"
   */
  @Value.Default
  default String apiName() {
    return "OrderFlowApi";
  }

  /**
   * Who may call the API: one default mode and any additional ones (API key, IAM, Cognito user
   * pool, OIDC). With several modes, every operation is open to each of them.
   *
   * @default - an API key, created with AppSync's default expiry of 7 days
   */
  Optional<AuthorizationConfig> authorization();

  /**
   * Largest quantity one order may have, from 1 to 10000.
   *
   * @default 100
   */
  @Value.Default
  default int maxQuantity() {
    return 100;
  }

  /** Refuses values outside what is allowed, naming the prop; {@code build()} calls it. */
  @Value.Check
  default void check() {
    Checks.requireBetween("maxQuantity", maxQuantity(), 1, 10000);
  }

  /** A builder; {@code build()} checks every value and refuses what is not allowed. */
  static ImmutableOrderGraphqlApiProps.Builder builder() {
    return ImmutableOrderGraphqlApiProps.builder();
  }
}
