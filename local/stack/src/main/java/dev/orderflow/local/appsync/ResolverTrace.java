package dev.orderflow.local.appsync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;

/**
 * What one resolver did in a traced request, or one function of a pipeline resolver: the context its
 * {@code request} handler was given, what that handler returned, the calls made to the data source
 * and their answers, what {@code response} returned, errors and log lines, and the time of each step.
 *
 * @param path the field's path in the answer, e.g. {@code postOrder} or {@code getAllOrders/items/0/owner}
 * @param parentType the type that holds the field, e.g. {@code Mutation}
 * @param kind {@code UNIT} or {@code PIPELINE} for a resolver, {@code FUNCTION} for a function of a pipeline
 * @param name the resolver's {@code Type.field}, or the function's name as the template names it
 * @param dataSourceName the data source's name, or null for a pipeline resolver
 * @param dataSourceType the data source's type ({@code AMAZON_DYNAMODB}, {@code HTTP}, {@code AWS_LAMBDA},
 *     {@code NONE}), or null
 * @param context what the {@code request} handler was given: {@code arguments}, {@code identity},
 *     {@code source}, {@code stash} and {@code prev.result}
 * @param request the object that {@code request} returned (for a pipeline resolver, its before step),
 *     or null when it returned nothing or failed
 * @param dataSourceCalls each call made to the data source, in order: the HTTP request as sent
 *     (method, URL, headers with secrets masked, body) and its answer, the DynamoDB or other AWS
 *     request as the service received it and its answer, or the Lambda payload and the function's answer
 * @param response what the {@code response} handler was given: {@code result} and {@code error} of the
 *     data source (for a pipeline resolver, its after step's {@code prev.result}); null when it did not run
 * @param result what {@code response} returned, or null
 * @param error the error that ended a handler ({@code util.error}, {@code util.unauthorized} or an
 *     exception): {@code message}, {@code errorType}, {@code data}, {@code errorInfo}, {@code handler} and
 *     {@code location} ({@code line}, {@code column} in the code); null when there was none
 * @param appendedErrors the errors that {@code util.appendError} added
 * @param logs the lines the code wrote with {@code console} and {@code util.log}
 * @param requestTime the time of the {@code request} handler
 * @param dataSourceTime the time of the data source's calls
 * @param responseTime the time of the {@code response} handler
 * @param duration the whole resolver or function
 * @param functions a pipeline's functions in the order they ran; empty otherwise
 */
public record ResolverTrace(String path, String parentType, String kind, String name, String dataSourceName,
    String dataSourceType, JsonNode context, JsonNode request, List<JsonNode> dataSourceCalls, JsonNode response,
    JsonNode result, JsonNode error, List<JsonNode> appendedErrors, List<String> logs, Duration requestTime,
    Duration dataSourceTime, Duration responseTime, Duration duration, List<ResolverTrace> functions) {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Copies the lists, so a trace never changes once recorded. */
  public ResolverTrace {
    dataSourceCalls = List.copyOf(dataSourceCalls);
    appendedErrors = List.copyOf(appendedErrors);
    logs = List.copyOf(logs);
    functions = List.copyOf(functions);
  }

  /**
   * A function of this pipeline by its name.
   *
   * @param functionName the function's name, as in the template
   * @return the first function of that name that ran, if any
   */
  public java.util.Optional<ResolverTrace> function(String functionName) {
    return functions.stream().filter(f -> f.name().equals(functionName)).findFirst();
  }

  /**
   * The trace as the inspector serves it.
   *
   * @return a JSON object with every component; times in milliseconds
   */
  public ObjectNode toJson() {
    ObjectNode out = NODES.objectNode();
    out.put("path", path);
    out.put("parentType", parentType);
    out.put("kind", kind);
    out.put("name", name);
    if (dataSourceName == null) {
      out.putNull("dataSource");
    } else {
      ObjectNode ds = out.putObject("dataSource");
      ds.put("name", dataSourceName);
      ds.put("type", dataSourceType);
      ds.set("calls", NODES.arrayNode().addAll(dataSourceCalls));
    }
    out.set("context", orNull(context));
    out.set("request", orNull(request));
    out.set("response", orNull(response));
    out.set("result", orNull(result));
    out.set("error", orNull(error));
    out.set("appendedErrors", NODES.arrayNode().addAll(appendedErrors));
    ArrayNode lines = out.putArray("logs");
    logs.forEach(lines::add);
    ObjectNode times = out.putObject("timings");
    times.put("requestMs", millis(requestTime));
    times.put("dataSourceMs", millis(dataSourceTime));
    times.put("responseMs", millis(responseTime));
    times.put("totalMs", millis(duration));
    if (!"FUNCTION".equals(kind)) {
      ArrayNode fs = out.putArray("functions");
      functions.forEach(f -> fs.add(f.toJson()));
    }
    return out;
  }

  static double millis(Duration d) {
    return d == null ? 0 : Math.round(d.toNanos() / 1_000.0) / 1_000.0;
  }

  private static JsonNode orNull(JsonNode node) {
    return node == null || node.isMissingNode() ? NODES.nullNode() : node;
  }
}
