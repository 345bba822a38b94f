package dev.orderflow.constructs.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The one customer-managed key of an order system, applied to the resources that services use
 * on their own: each service that must use the key is allowed to in the key's policy, for the
 * resources of this account and region only. A key that is imported (not defined in a CDK app)
 * keeps its policy; its owner adds the same statements (docs/security.md lists them).
 */
public final class Encryption {

  private Encryption() {}

  /**
   * A log group: the user's own when given, else a new one with {@code retention}, encrypted with
   * {@code key} when there is one.
   */
  public static ILogGroup logGroup(Construct scope, String id, Optional<ILogGroup> own, RetentionDays retention,
      Optional<IKey> key) {
    if (own.isPresent()) {
      return own.get();
    }
    LogGroup.Builder builder = LogGroup.Builder.create(scope, id).retention(retention);
    key.ifPresent(k -> {
      allowLogs(scope, k);
      builder.encryptionKey(k);
    });
    return builder.build();
  }

  /**
   * Lets CloudWatch Logs use {@code key} for the log groups of this account and region: what a
   * log group encrypted with the key, and the logs that Step Functions and Pipes deliver to it, need.
   */
  public static void allowLogs(Construct scope, IKey key) {
    Stack stack = Stack.of(scope);
    key.addToResourcePolicy(PolicyStatement.Builder.create()
        .sid("OrderFlowLogsUseTheKey")
        .principals(List.of(new ServicePrincipal("logs." + stack.getRegion() + ".amazonaws.com")))
        .actions(List.of("kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"))
        .resources(List.of("*"))
        .conditions(Map.of("ArnLike", Map.of("kms:EncryptionContext:aws:logs:arn",
            "arn:" + stack.getPartition() + ":logs:" + stack.getRegion() + ":" + stack.getAccount() + ":log-group:*")))
        .build());
  }

  /**
   * Lets the service {@code service} (for example {@code sns.amazonaws.com}) encrypt and decrypt
   * with {@code key} on behalf of this account's resources: what a service that sends to an
   * encrypted queue needs.
   */
  public static void allowService(Construct scope, IKey key, String sid, String service) {
    key.addToResourcePolicy(PolicyStatement.Builder.create()
        .sid(sid)
        .principals(List.of(new ServicePrincipal(service)))
        .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
        .resources(List.of("*"))
        .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Stack.of(scope).getAccount())))
        .build());
  }
}
