package dev.orderflow.local.iam;

/**
 * What IAM would answer to an {@link AccessRequest}, and why.
 *
 * @param outcome allowed, or denied and how
 * @param principal the request's principal
 * @param action the request's action
 * @param resource the request's resource
 * @param reason the policy and statement that decided, e.g. {@code identity-based policy
 *     OrdersRolePolicy (AWS::IAM::Policy), statement 1}, or {@code no statement allows it}
 */
public record AccessDecision(Outcome outcome, String principal, String action, String resource, String reason) {

  /** Allowed, or denied with or without a statement that denies. */
  public enum Outcome {
    /** A statement allows it and none denies it. */
    ALLOW,
    /** No statement allows it. */
    IMPLICIT_DENY,
    /** A statement denies it. */
    EXPLICIT_DENY
  }

  static final String NO_STATEMENT = "no statement allows it";
  static final String IDENTITY = "identity-based policy";
  static final String RESOURCE = "resource-based policy";

  /**
   * Whether the call may go ahead.
   *
   * @return true for {@link Outcome#ALLOW}
   */
  public boolean allowed() {
    return outcome == Outcome.ALLOW;
  }

  /**
   * The decision in the words AWS uses for an access-denied error, e.g. {@code User:
   * arn:aws:sts::000000000000:assumed-role/Name/session is not authorized to perform:
   * dynamodb:UpdateItem on resource: arn:aws:dynamodb:us-east-1:000000000000:table/Orders because no
   * identity-based policy allows the dynamodb:UpdateItem action}.
   *
   * @return the message; for an allowed call, a sentence saying it is authorized
   */
  public String message() {
    String who = "User: " + display(principal);
    if (outcome == Outcome.ALLOW) {
      return who + " is authorized to perform: " + action + " on resource: " + resource;
    }
    String start = who + " is not authorized to perform: " + action + " on resource: " + resource;
    if (outcome == Outcome.EXPLICIT_DENY) {
      return start + " with an explicit deny in " + (reason.startsWith("denied by " + RESOURCE) ? "a " + RESOURCE : "an " + IDENTITY);
    }
    boolean service;
    try {
      service = Caller.of(principal, "aws").isService();
    } catch (IllegalArgumentException e) {
      service = false;
    }
    return start + " because no " + (service ? RESOURCE : IDENTITY) + " allows the " + action + " action";
  }

  private static String display(String principal) {
    try {
      return Caller.of(principal, "aws").display();
    } catch (IllegalArgumentException e) {
      return principal;
    }
  }
}
