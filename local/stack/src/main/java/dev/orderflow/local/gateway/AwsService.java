package dev.orderflow.local.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A local service as the gateway calls it: AWS API operations by name, with the JSON request and
 * answer of that API.
 */
public interface AwsService {

  /** The service's prefix in IAM actions, e.g. {@code sqs}. */
  String prefix();

  /**
   * The IAM action of an operation: the prefix and the operation's name, unless the service names
   * it otherwise (Lambda's {@code Invoke} is {@code lambda:InvokeFunction}).
   *
   * @param operation the operation
   * @return e.g. {@code sqs:SendMessage}
   */
  default String action(String operation) {
    return prefix() + ":" + operation;
  }

  /**
   * The ARNs of the resources that an operation acts on, as IAM judges it; every one must be allowed.
   *
   * @param operation the operation, e.g. {@code SendMessage}
   * @param request its request
   * @return the resources; empty for an operation on no resource (IAM judges it against {@code *})
   * @throws ServiceException when the request names a resource that does not exist
   */
  List<String> resources(String operation, JsonNode request);

  /**
   * What IAM must allow for a call: each action on each resource. By default the operation's
   * {@link #action} on each of its {@link #resources} (or on {@code *} when it names none); a
   * service whose operations need several actions (a DynamoDB transaction needs the action of
   * each of its items) answers otherwise.
   *
   * @param operation the operation
   * @param request its request
   * @return the permissions, every one of which must be allowed
   */
  default List<Permission> permissions(String operation, JsonNode request) {
    String action = action(operation);
    List<String> resources = resources(operation, request);
    return (resources.isEmpty() ? List.of("*") : resources).stream()
        .map(resource -> new Permission(action, resource)).toList();
  }

  /**
   * One action on one resource.
   *
   * @param action e.g. {@code dynamodb:UpdateItem}
   * @param resource the resource's ARN, or {@code *}
   */
  record Permission(String action, String resource) {
  }

  /**
   * Runs an operation.
   *
   * @param caller who calls: most services answer alike for every caller, AppSync gives it to the
   *     resolvers as the IAM identity
   * @param operation the operation, e.g. {@code SendMessage}
   * @param request its request, in the API's JSON shape
   * @return the answer, in the API's JSON shape
   * @throws ServiceException with the service's error code when the operation fails
   */
  JsonNode call(Caller caller, String operation, JsonNode request);
}
