package dev.orderflow.constructs;

import dev.orderflow.constructs.internal.Checks;
import dev.orderflow.constructs.internal.Defaults;
import java.util.Optional;
import org.immutables.value.Value;
import software.amazon.awscdk.Token;
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
    return Defaults.LOG_RETENTION;
  }

  /**
   * The deepest a request may nest its fields, from 1 to 75: AppSync refuses a deeper request
   * before any resolver runs. The order API's own operations nest 3 deep; the default leaves room
   * for a GraphQL client's introspection query.
   *
   * @default 15
   */
  @Value.Default
  default int queryDepthLimit() {
    return 15;
  }

  /**
   * The most resolvers one request may run, from 1 to 10000: a request that asks for more (many
   * aliased mutations, say) is refused. Each operation of the order API runs one.
   *
   * @default 25
   */
  @Value.Default
  default int resolverCountLimit() {
    return 25;
  }

  /**
   * The ARN of an AWS WAF web ACL (regional scope) to associate with the API, for rate limits and
   * managed rule groups in front of it.
   *
   * @default - no web ACL
   */
  Optional<String> webAclArn();

  /** Refuses values outside what is allowed, naming the prop; {@code build()} calls it. */
  @Value.Check
  default void checkApiOptions() {
    Checks.requireBetween("queryDepthLimit", queryDepthLimit(), 1, 75);
    Checks.requireBetween("resolverCountLimit", resolverCountLimit(), 1, 10000);
    webAclArn().ifPresent(arn -> {
      if (!Token.isUnresolved(arn) && !arn.matches("^arn:[a-z-]+:wafv2:[a-z0-9-]+:\\d{12}:regional/webacl/.+")) {
        throw new IllegalArgumentException("webAclArn must be the ARN of a regional AWS WAF web ACL"
            + " (arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>), but \"" + arn + "\" was provided");
      }
    });
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
