package dev.orderflow.local.appsync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/** What one request gathers while it runs, turned into a {@link RequestTrace} when it is answered. */
final class TraceRecorder {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Pattern SIGNATURE = Pattern.compile("(Signature=)[0-9a-fA-F]+");
  static final String MASK = "…";

  final String requestId;
  final Instant time;
  private final long started = System.nanoTime();
  String operationName;
  String operationType;
  String query;
  JsonNode variables = NODES.objectNode();
  String authMode;
  JsonNode caller;
  private final List<Step> resolvers = Collections.synchronizedList(new ArrayList<>());

  TraceRecorder(String requestId, Instant time) {
    this.requestId = requestId;
    this.time = time;
  }

  /** A resolver that starts now. */
  Step resolver(String path, String parentType, String kind, String name) {
    Step step = new Step(path, parentType, kind, name);
    resolvers.add(step);
    return step;
  }

  RequestTrace finish(long sequence, int status, List<JsonNode> errors) {
    List<ResolverTrace> done = new ArrayList<>();
    synchronized (resolvers) {
      resolvers.forEach(s -> done.add(s.build()));
    }
    return new RequestTrace(requestId, time, operationName, operationType, query, variables, authMode, caller,
        Duration.ofNanos(System.nanoTime() - started), status, errors, done, sequence);
  }

  /** The caller as a trace shows it: keys, tokens and signatures masked. */
  static ObjectNode maskedCaller(java.util.Map<String, String> headers, JsonNode identity) {
    ObjectNode out = NODES.objectNode();
    String key = headers.get("x-api-key");
    if (key != null) {
      out.put("apiKey", prefix(key));
    }
    String authorization = headers.get("authorization");
    if (authorization != null) {
      out.put("authorization", maskAuthorization(authorization));
    }
    out.set("identity", identity == null ? NODES.nullNode() : identity);
    return out;
  }

  /** Headers with every secret masked: keys, tokens, signatures. */
  static ObjectNode maskedHeaders(JsonNode headers) {
    ObjectNode out = NODES.objectNode();
    headers.fields().forEachRemaining(h -> {
      String name = h.getKey().toLowerCase(java.util.Locale.ROOT);
      String value = h.getValue().asText();
      switch (name) {
        case "authorization" -> out.put(h.getKey(), maskAuthorization(value));
        case "x-api-key" -> out.put(h.getKey(), prefix(value));
        case "x-amz-security-token", "cookie" -> out.put(h.getKey(), MASK);
        default -> out.set(h.getKey(), h.getValue());
      }
    });
    return out;
  }

  /** A SigV4 header keeps its credential scope and signed headers, not its signature; any other value its first characters. */
  static String maskAuthorization(String value) {
    if (value.startsWith(SigV4Verifier.ALGORITHM)) {
      return SIGNATURE.matcher(value).replaceAll("$1" + MASK);
    }
    return prefix(value);
  }

  static String prefix(String secret) {
    return secret.length() <= 6 ? MASK : secret.substring(0, 6) + MASK;
  }

  /** One resolver, or one function of a pipeline, while it runs. */
  static final class Step {
    final String path;
    final String parentType;
    final String kind;
    final String name;
    String dataSourceName;
    String dataSourceType;
    JsonNode context;
    JsonNode request;
    final List<JsonNode> dataSourceCalls = new ArrayList<>();
    JsonNode response;
    JsonNode result;
    JsonNode error;
    final List<JsonNode> appendedErrors = new ArrayList<>();
    final List<String> logs = new ArrayList<>();
    long requestNanos;
    long dataSourceNanos;
    long responseNanos;
    private final long started = System.nanoTime();
    private long ended;
    final List<Step> functions = new ArrayList<>();

    Step(String path, String parentType, String kind, String name) {
      this.path = path;
      this.parentType = parentType;
      this.kind = kind;
      this.name = name;
    }

    Step function(String functionName) {
      Step f = new Step(path, parentType, "FUNCTION", functionName);
      functions.add(f);
      return f;
    }

    void end() {
      ended = System.nanoTime();
    }

    ResolverTrace build() {
      List<ResolverTrace> fs = new ArrayList<>();
      functions.forEach(f -> fs.add(f.build()));
      return new ResolverTrace(path, parentType, kind, name, dataSourceName, dataSourceType, context, request,
          dataSourceCalls, response, result, error, appendedErrors, logs, Duration.ofNanos(requestNanos),
          Duration.ofNanos(dataSourceNanos), Duration.ofNanos(responseNanos),
          Duration.ofNanos((ended == 0 ? System.nanoTime() : ended) - started), fs);
    }
  }
}
