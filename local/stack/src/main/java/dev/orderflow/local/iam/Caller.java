package dev.orderflow.local.iam;

import java.util.Locale;

/**
 * Who makes a call, read from the principal of an {@link AccessRequest}.
 *
 * @param kind what sort of principal it is
 * @param principal the principal as given
 * @param account the account of an IAM principal; null for a service
 * @param roleArn for a role or a session of one: the role's ARN; otherwise the principal itself
 * @param roleName for a role or a session of one: the role's name; otherwise null
 */
record Caller(Kind kind, String principal, String account, String roleArn, String roleName) {

  enum Kind { ROLE, ROLE_SESSION, USER, ACCOUNT_ROOT, SERVICE }

  /**
   * Reads a principal.
   *
   * @param principal a role, assumed-role session, user or account-root ARN, an account id, or a
   *     service principal such as {@code sns.amazonaws.com}
   * @param partition the partition that a role ARN built from a session ARN is in
   * @return the caller
   * @throws IllegalArgumentException naming the principal when it is none of those
   */
  static Caller of(String principal, String partition) {
    if (principal.startsWith("arn:")) {
      String[] parts = principal.split(":", 6);
      if (parts.length == 6) {
        String service = parts[2];
        String account = parts[4];
        String resource = parts[5];
        if (service.equals("iam") && resource.startsWith("role/")) {
          String name = resource.substring(resource.lastIndexOf('/') + 1);
          return new Caller(Kind.ROLE, principal, account, principal, name);
        }
        if (service.equals("sts") && resource.startsWith("assumed-role/")) {
          String[] session = resource.split("/");
          if (session.length == 3) {
            return new Caller(Kind.ROLE_SESSION, principal, account,
                "arn:" + parts[1] + ":iam::" + account + ":role/" + session[1], session[1]);
          }
        }
        if (service.equals("iam") && resource.equals("root")) {
          return new Caller(Kind.ACCOUNT_ROOT, principal, account, principal, null);
        }
        if (service.equals("iam") && resource.startsWith("user/")) {
          return new Caller(Kind.USER, principal, account, principal, null);
        }
      }
    } else if (principal.matches("\\d{12}")) {
      return new Caller(Kind.ACCOUNT_ROOT, "arn:" + partition + ":iam::" + principal + ":root", principal,
          "arn:" + partition + ":iam::" + principal + ":root", null);
    } else if (principal.toLowerCase(Locale.ROOT).matches("[a-z0-9.-]+\\.amazonaws\\.com(\\.cn)?")) {
      return new Caller(Kind.SERVICE, principal.toLowerCase(Locale.ROOT), null, null, null);
    }
    throw new IllegalArgumentException("principal must be a role ARN (arn:aws:iam::ACCOUNT:role/NAME), an assumed-role "
        + "ARN (arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION), a user or account-root ARN, an account id, or a "
        + "service principal such as sns.amazonaws.com, but was '" + principal + "'");
  }

  boolean isService() {
    return kind == Kind.SERVICE;
  }

  /** The principal as AWS names it in an error message: a role acts through a session. */
  String display() {
    if (kind == Kind.ROLE) {
      String partition = principal.split(":", 3)[1];
      return "arn:" + partition + ":sts::" + account + ":assumed-role/" + roleName + "/local";
    }
    return principal;
  }

  /** What {@code aws:PrincipalType} gives for this caller. */
  String principalType() {
    switch (kind) {
      case ROLE:
      case ROLE_SESSION:
        return "AssumedRole";
      case USER:
        return "User";
      case ACCOUNT_ROOT:
        return "Account";
      default:
        return null;
    }
  }
}
