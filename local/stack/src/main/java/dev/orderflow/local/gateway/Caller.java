package dev.orderflow.local.gateway;

import java.util.Objects;

/**
 * Who makes a call through the gateway.
 *
 * @param principal the role the calling resource runs as (its ARN), or a service principal such as
 *     {@code sns.amazonaws.com} when AWS calls with the service's own identity; {@code null} for the
 *     local system's user (a test or a tool), whose calls IAM does not judge, as an administrator's
 * @param sourceArn the calling resource (a state machine, pipe, rule, topic or API), for
 *     {@code aws:SourceArn} conditions and for messages; may be {@code null}
 */
public record Caller(String principal, String sourceArn) {

  /** The local system's user: a test, the command line, a tool. Not judged by IAM. */
  public static final Caller USER = new Caller(null, null);

  /**
   * A resource that runs as a role.
   *
   * @param roleArn the role's ARN
   * @param sourceArn the calling resource's ARN
   * @return the caller
   */
  public static Caller role(String roleArn, String sourceArn) {
    return new Caller(Objects.requireNonNull(roleArn, "roleArn"), sourceArn);
  }

  /**
   * A service calling with its own identity, e.g. SNS delivering to a queue.
   *
   * @param servicePrincipal e.g. {@code sns.amazonaws.com}
   * @param sourceArn the calling resource's ARN
   * @return the caller
   */
  public static Caller service(String servicePrincipal, String sourceArn) {
    return new Caller(Objects.requireNonNull(servicePrincipal, "servicePrincipal"), sourceArn);
  }

  /** Whether IAM judges this caller's calls. */
  public boolean judged() {
    return principal != null;
  }

  @Override
  public String toString() {
    return principal == null ? "the local user" : principal;
  }
}
