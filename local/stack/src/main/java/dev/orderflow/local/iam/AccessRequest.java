package dev.orderflow.local.iam;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A call one emulated resource makes to another, as IAM judges it.
 *
 * @param principal who calls: a role ARN ({@code arn:aws:iam::000000000000:role/Name}), a session of
 *     one ({@code arn:aws:sts::000000000000:assumed-role/Name/session}), or a service principal
 *     ({@code sns.amazonaws.com}, {@code events.amazonaws.com}...) when a service calls on its own
 * @param action the action, e.g. {@code dynamodb:UpdateItem}
 * @param resource the ARN of the resource called, e.g. a table, index, queue, topic, function, state
 *     machine, event bus or GraphQL field ({@code arn:aws:appsync:...:apis/ID/types/Mutation/fields/name})
 * @param context condition keys the caller knows, e.g. {@code aws:SourceArn} and
 *     {@code aws:SourceAccount} of a service's delivery; the engine adds {@code aws:SecureTransport},
 *     {@code aws:PrincipalAccount}, {@code aws:PrincipalArn}, {@code aws:PrincipalType},
 *     {@code aws:PrincipalServiceName} and {@code aws:PrincipalIsAWSService} where the caller does not give them
 */
public record AccessRequest(String principal, String action, String resource, Map<String, String> context) {

  /**
   * Checks the values and copies the context.
   *
   * @throws IllegalArgumentException naming the value that is missing or not of the form needed
   */
  public AccessRequest {
    require("principal", principal);
    require("action", action);
    require("resource", resource);
    if (action.indexOf(':') <= 0) {
      throw new IllegalArgumentException("action must be service:Action, e.g. sqs:SendMessage, but was '" + action + "'");
    }
    context = context == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(context));
  }

  /**
   * A call with no condition keys of its own, e.g. a role's call to a table.
   *
   * @param principal who calls
   * @param action the action
   * @param resource the resource's ARN
   * @return the request
   */
  public static AccessRequest of(String principal, String action, String resource) {
    return new AccessRequest(principal, action, resource, Map.of());
  }

  /**
   * The same call with one more condition key.
   *
   * @param key the key, e.g. {@code aws:SourceArn}
   * @param value its value
   * @return a new request
   */
  public AccessRequest with(String key, String value) {
    Map<String, String> more = new LinkedHashMap<>(context);
    more.put(key, value);
    return new AccessRequest(principal, action, resource, more);
  }

  /**
   * A service's call on behalf of one of its resources (an SNS topic's delivery, an EventBridge
   * rule's target call): {@code aws:SourceArn} and {@code aws:SourceAccount} are that resource's.
   *
   * @param service the service principal, e.g. {@code sns.amazonaws.com}
   * @param sourceArn the ARN of the resource the call is made for, e.g. the topic
   * @param action the action, e.g. {@code sqs:SendMessage}
   * @param resource the resource called, e.g. the queue
   * @return the request
   */
  public static AccessRequest fromService(String service, String sourceArn, String action, String resource) {
    String[] parts = sourceArn.split(":", 6);
    Map<String, String> context = new LinkedHashMap<>();
    context.put("aws:SourceArn", sourceArn);
    if (parts.length == 6 && !parts[4].isEmpty()) {
      context.put("aws:SourceAccount", parts[4]);
    }
    return new AccessRequest(service, action, resource, context);
  }

  private static void require(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must be given, but was " + (value == null ? "null" : "'" + value + "'"));
    }
  }
}
