package dev.orderflow.local.gateway;

/** Judges whether AWS would allow a caller an action on a resource. */
@FunctionalInterface
public interface AccessPolicy {

  /** Allows everything: what the gateway uses until the stack's policies are read, or with IAM off. */
  AccessPolicy ALLOW_ALL = (caller, action, resource) -> Verdict.ALLOWED;

  /**
   * Judges one action on one resource.
   *
   * @param caller the caller, judged ({@link Caller#judged()})
   * @param action e.g. {@code dynamodb:UpdateItem}
   * @param resource the resource's ARN, or {@code *}
   * @return the verdict
   */
  Verdict decide(Caller caller, String action, String resource);

  /**
   * A verdict.
   *
   * @param allowed whether the call may go on
   * @param message when denied, AWS's message naming the caller, the action and the resource
   */
  record Verdict(boolean allowed, String message) {

    /** An allowed call. */
    public static final Verdict ALLOWED = new Verdict(true, null);

    /**
     * A denied call.
     *
     * @param message AWS's message for it
     * @return the verdict
     */
    public static Verdict denied(String message) {
      return new Verdict(false, message);
    }
  }
}
