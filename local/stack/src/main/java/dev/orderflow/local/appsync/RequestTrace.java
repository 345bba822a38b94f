package dev.orderflow.local.appsync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One request to the GraphQL endpoint, as the query inspector recorded it.
 *
 * @param requestId the {@code x-amzn-RequestId} the endpoint answered with
 * @param time when the request arrived
 * @param operationName the operation's name, from the request or the document; null for an anonymous one
 * @param operationType {@code query}, {@code mutation} or {@code subscription}; null when the document
 *     does not parse
 * @param query the GraphQL document
 * @param variables the variables, a JSON object
 * @param authMode the mode the caller was authorized with ({@code API_KEY}, {@code AWS_IAM},
 *     {@code AMAZON_COGNITO_USER_POOLS}, {@code OPENID_CONNECT}); null when it was refused
 * @param caller who called, secrets masked: {@code apiKey} (its first 6 characters and an ellipsis),
 *     {@code authorization} (a signature or token masked), {@code identity} ({@code ctx.identity})
 * @param duration from the request's arrival to its answer
 * @param status the HTTP status answered
 * @param errors the {@code errors} of the answer, in AppSync's shape
 * @param resolvers every resolver that ran, in the order they started
 * @param sequence the trace's place in the endpoint's record: later requests have higher numbers
 */
public record RequestTrace(String requestId, Instant time, String operationName, String operationType,
    String query, JsonNode variables, String authMode, JsonNode caller, Duration duration, int status,
    List<JsonNode> errors, List<ResolverTrace> resolvers, long sequence) {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Copies the lists, so a trace never changes once recorded. */
  public RequestTrace {
    errors = List.copyOf(errors);
    resolvers = List.copyOf(resolvers);
  }

  /**
   * Whether the answer carried errors, or the request was refused.
   *
   * @return true for an answer with {@code errors} or a status of 400 or more
   */
  public boolean hasErrors() {
    return !errors.isEmpty() || status >= 400;
  }

  /**
   * The resolver of a field path.
   *
   * @param path a path as {@link ResolverTrace#path()} gives it, e.g. {@code postOrder}
   * @return the first resolver with that path
   */
  public Optional<ResolverTrace> resolver(String path) {
    return resolvers.stream().filter(r -> r.path().equals(path)).findFirst();
  }

  /**
   * The request's fields without its resolvers, as the list of requests shows each one.
   *
   * @return a JSON object
   */
  public ObjectNode toSummaryJson() {
    ObjectNode out = NODES.objectNode();
    out.put("requestId", requestId);
    out.put("time", time.toString());
    out.put("operationName", operationName);
    out.put("operationType", operationType);
    out.put("query", query);
    out.set("variables", variables == null ? NODES.objectNode() : variables);
    out.put("authMode", authMode);
    out.set("caller", caller == null ? NODES.nullNode() : caller);
    out.put("durationMs", ResolverTrace.millis(duration));
    out.put("status", status);
    out.set("errors", NODES.arrayNode().addAll(errors));
    out.put("resolverCount", resolvers.size());
    return out;
  }

  /**
   * The whole trace, as {@code GET /_orderflow/requests/{requestId}} serves it.
   *
   * @return a JSON object: the summary's fields and {@code resolvers}
   */
  public ObjectNode toJson() {
    ObjectNode out = toSummaryJson();
    out.remove("resolverCount");
    ArrayNode list = out.putArray("resolvers");
    resolvers.forEach(r -> list.add(r.toJson()));
    return out;
  }
}
