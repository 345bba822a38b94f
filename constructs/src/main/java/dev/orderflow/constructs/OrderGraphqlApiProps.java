package dev.orderflow.constructs;

import dev.orderflow.constructs.internal.Authorization;
import dev.orderflow.constructs.internal.Checks;
import java.util.Optional;
import org.immutables.value.Value;
import software.amazon.awscdk.services.appsync.AuthorizationConfig;
import software.amazon.awscdk.services.dynamodb.ITableV2;
import software.amazon.awscdk.services.kms.IKey;
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

  /**
   * Whether the API has the real-time parts: the subscription {@code onOrderUpdated} and the
   * IAM-only mutation {@code publishOrderUpdate} that fires it (see {@link OrderEvents}). It
   * needs IAM among the authorization modes, for the mutation.
   *
   * @default false
   */
  @Value.Default
  default boolean realtime() {
    return false;
  }

  /**
   * Customer-managed KMS key for the API's log group; CloudWatch Logs is allowed to use it in the
   * key's policy.
   *
   * @default - CloudWatch Logs' own encryption
   */
  Optional<IKey> encryptionKey();

  /** Refuses values outside what is allowed, naming the prop; {@code build()} calls it. */
  @Value.Check
  default void check() {
    Checks.requireBetween("maxQuantity", maxQuantity(), 1, 10000);
    Authorization.refuseModesTheResolversCannotServe(authorization().orElse(null));
    if (realtime() && !Authorization.hasIam(authorization().orElse(null))) {
      throw new IllegalArgumentException("realtime needs IAM among the authorization modes, but "
          + Authorization.modeNames(authorization().orElse(null))
          + " were provided: add AuthorizationType.IAM as an additional mode, for publishOrderUpdate");
    }
  }

  /** A builder; {@code build()} checks every value and refuses what is not allowed. */
  static ImmutableOrderGraphqlApiProps.Builder builder() {
    return ImmutableOrderGraphqlApiProps.builder();
  }
}
