package dev.orderflow.constructs.internal;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.constructs.IConstruct;

/** Helpers for cdk-nag acknowledgements. */
public final class Nag {

  private Nag() {}

  /**
   * How cdk-nag writes a resource in the id of a granular finding: {@code <LogicalId.Arn>} for an
   * attribute of a resource in the stack, the ARN itself for a literal one.
   */
  public static String resource(IConstruct scope, String arn) {
    Object resolved = Stack.of(scope).resolve(arn);
    if (resolved instanceof Map<?, ?> intrinsic && intrinsic.get("Fn::GetAtt") instanceof List<?> getAtt) {
      return "<" + getAtt.get(0) + "." + getAtt.get(1) + ">";
    }
    return String.valueOf(resolved);
  }
}
