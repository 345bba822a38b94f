package dev.orderflow.local.appsync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.gateway.ServiceException;
import dev.orderflow.local.node.RunnerUnavailableException;
import java.io.IOException;

/**
 * AppSync's {@code EvaluateCode}: runs the {@code request} or {@code response} function of a piece
 * of APPSYNC_JS code against a given context, in the same runtime that the endpoint's resolvers run
 * in, and answers what AppSync's control plane answers: {@code evaluationResult}, {@code error}
 * (with {@code codeErrors} and their location), {@code logs}, {@code stash} and {@code outErrors}.
 * Nothing is called: a data source is never reached.
 */
public final class CodeEvaluator {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** AppSync's largest {@code code}: 32,768 characters. */
  static final int MAX_CODE = 32_768;

  private final JsRuntime js;

  CodeEvaluator(JsRuntime js) {
    this.js = js;
  }

  /**
   * Evaluates code as {@code POST /v1/dataplane-evaluatecode} takes it.
   *
   * @param request {@code runtime} ({@code name} APPSYNC_JS, {@code runtimeVersion} 1.0.0), {@code code},
   *     {@code context} (the JSON text of the context: {@code arguments}, {@code source}, {@code result},
   *     {@code identity}, {@code stash}, {@code prev}, {@code error}, {@code info}, {@code request}...)
   *     and {@code function} ({@code request}, the default, or {@code response})
   * @return the answer's JSON, as AppSync shapes it
   * @throws ServiceException {@code BadRequestException} (400) for a request that AppSync refuses, naming
   *     the member
   */
  public ObjectNode evaluateCode(JsonNode request) {
    JsonNode runtime = request.path("runtime");
    if (!runtime.isObject()) {
      throw bad("runtime is required: {\"name\": \"APPSYNC_JS\", \"runtimeVersion\": \"1.0.0\"}");
    }
    if (!"APPSYNC_JS".equals(runtime.path("name").asText())) {
      throw bad("runtime.name must be APPSYNC_JS, but " + runtime.path("name") + " was given");
    }
    if (!"1.0.0".equals(runtime.path("runtimeVersion").asText())) {
      throw bad("runtime.runtimeVersion must be 1.0.0, but " + runtime.path("runtimeVersion") + " was given");
    }
    if (!request.path("code").isTextual() || request.get("code").asText().isEmpty()) {
      throw bad("code is required: the module's text, exporting request and response");
    }
    String code = request.get("code").asText();
    if (code.length() > MAX_CODE) {
      throw bad("code is " + code.length() + " characters long: at most " + MAX_CODE + " are allowed");
    }
    if (!request.path("context").isTextual()) {
      throw bad("context is required: the JSON text of the context, e.g. {\"arguments\": {}}");
    }
    JsonNode context;
    try {
      context = JSON.readTree(request.get("context").asText());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw bad("context is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw bad("context is not JSON: " + e.getMessage());
    }
    if (context == null || !context.isObject()) {
      throw bad("context must be the JSON text of an object");
    }
    String function = request.path("function").asText("request");
    if (!function.equals("request") && !function.equals("response")) {
      throw bad("function must be request or response, but '" + function + "' was given");
    }
    ObjectNode ctx = ((ObjectNode) context).deepCopy();
    if (!ctx.has("stash")) {
      ctx.putObject("stash");
    }
    JsonNode answer;
    try {
      answer = js.evaluate(code, function, ctx, authTypeOf(ctx.path("identity")));
    } catch (RunnerUnavailableException e) {
      throw new ServiceException("appsync", "InternalFailureException", 500, e.getMessage());
    }
    return shape(answer);
  }

  private static ObjectNode shape(JsonNode answer) {
    ObjectNode out = NODES.objectNode();
    ArrayNode logs = NODES.arrayNode();
    answer.path("logs").forEach(logs::add);
    if (answer.has("loadError")) {
      out.set("error", error(answer.get("loadError").asText(), "SYNTAX_ERROR", answer.path("location")));
      out.set("logs", logs);
      return out;
    }
    JsonNode error = answer.path("error");
    if (error.isObject()) {
      boolean thrown = error.has("thrown");
      String message = error.path("message").asText();
      out.set("error", error(message, thrown ? "RUNTIME_ERROR" : "UTIL_ERROR", error.path("location")));
      ObjectNode raised = NODES.objectNode();
      raised.put("message", message);
      raised.set("errorType", error.path("errorType").isMissingNode() ? NODES.nullNode() : error.get("errorType"));
      raised.set("data", error.path("data").isMissingNode() ? NODES.nullNode() : error.get("data"));
      raised.set("errorInfo", error.path("errorInfo").isMissingNode() ? NODES.nullNode() : error.get("errorInfo"));
      ArrayNode outErrors = NODES.arrayNode();
      answer.path("appended").forEach(outErrors::add);
      if (!thrown) {
        outErrors.add(raised);
      }
      out.put("outErrors", outErrors.toString());
    } else {
      ArrayNode outErrors = NODES.arrayNode();
      answer.path("appended").forEach(outErrors::add);
      out.put("outErrors", outErrors.toString());
      JsonNode result = answer.path("result");
      out.put("evaluationResult", (result.isMissingNode() ? NODES.nullNode() : result).toString());
    }
    out.set("logs", logs);
    out.put("stash", (answer.path("stash").isObject() ? answer.get("stash") : NODES.objectNode()).toString());
    return out;
  }

  private static ObjectNode error(String message, String type, JsonNode location) {
    ObjectNode error = NODES.objectNode();
    error.put("message", message);
    ObjectNode codeError = error.putArray("codeErrors").addObject();
    codeError.put("errorType", type);
    codeError.put("value", message);
    if (location.isObject()) {
      ObjectNode where = codeError.putObject("location");
      where.put("line", location.path("line").asInt());
      where.put("column", location.path("column").asInt());
      where.put("span", location.path("span").asInt());
    }
    return error;
  }

  /** What {@code util.authType()} answers for the identity a context gives. */
  private static String authTypeOf(JsonNode identity) {
    if (identity.hasNonNull("sub") && identity.has("claims")) {
      return identity.has("defaultAuthStrategy") ? "User Pool Authorization" : "Open ID Connect Authorization";
    }
    if (identity.hasNonNull("userArn") || identity.hasNonNull("accountId")) {
      return "IAM Authorization";
    }
    return "API Key Authorization";
  }

  private static ServiceException bad(String message) {
    return new ServiceException("appsync", "BadRequestException", 400, message);
  }
}
