package dev.orderflow.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.assembly.LocalService;
import dev.orderflow.local.assembly.Provisioning;
import dev.orderflow.local.gateway.AwsService;
import dev.orderflow.local.gateway.Caller;
import dev.orderflow.local.gateway.ServiceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The template's Lambda functions ({@code AWS::Lambda::Function}, Java runtimes), run from their
 * assets. Through the gateway it answers Lambda's {@code Invoke}: the request's {@code Payload}
 * and the answer's are JSON values; a failed invocation answers {@code FunctionError}.
 */
public final class LocalFunctions implements LocalService, AwsService {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Map<String, AtomicInteger> invocations = new ConcurrentHashMap<>();
  private LambdaFunctions functions = LambdaFunctions.of(List.of(), "us-east-1");
  private dev.orderflow.local.bill.Meter meter = new dev.orderflow.local.bill.Meter();

  @Override
  public Set<String> resourceTypes() {
    return Set.of(LambdaFunctions.FUNCTION_TYPE);
  }

  @Override
  public void provision(Provisioning stack) {
    functions.close();
    functions = LambdaFunctions.create(stack.resolver(), stack.registry(), Map.of());
    functions.meter(meter);
  }

  /**
   * Counts every invocation into this meter.
   *
   * @param meter the bill's meter
   */
  public void meter(dev.orderflow.local.bill.Meter meter) {
    this.meter = meter;
    functions.meter(meter);
  }

  /** The functions, for their logs and configuration. */
  public LambdaFunctions functions() {
    return functions;
  }

  /**
   * How many times a function has been invoked through the gateway.
   *
   * @param function the function's logical id, name or ARN
   * @return the count
   */
  public int invocations(String function) {
    AtomicInteger count = invocations.get(functions.function(function).logicalId());
    return count == null ? 0 : count.get();
  }

  @Override
  public String prefix() {
    return "lambda";
  }

  @Override
  public String action(String operation) {
    return "Invoke".equals(operation) ? "lambda:InvokeFunction" : AwsService.super.action(operation);
  }

  @Override
  public List<String> resources(String operation, JsonNode request) {
    return List.of(config(request).functionArn());
  }

  @Override
  public JsonNode call(Caller caller, String operation, JsonNode request) {
    if (!"Invoke".equals(operation)) {
      throw new ServiceException("lambda", "UnknownOperationException", 400,
          "the local Lambda service answers Invoke, not " + operation);
    }
    FunctionConfig config = config(request);
    JsonNode payload = request.path("Payload");
    byte[] bytes;
    try {
      bytes = payload.isMissingNode() ? new byte[0] : MAPPER.writeValueAsBytes(payload);
    } catch (IOException e) {
      throw new ServiceException("lambda", "InvalidRequestContentException", 400, e.getMessage());
    }
    invocations.computeIfAbsent(config.logicalId(), id -> new AtomicInteger()).incrementAndGet();
    InvokeResult result = functions.invoke(config.functionArn(), bytes);
    ObjectNode answer = MAPPER.createObjectNode();
    answer.put("StatusCode", 200);
    answer.put("ExecutedVersion", "$LATEST");
    result.functionError().ifPresent(error -> answer.put("FunctionError", error));
    try {
      answer.set("Payload", result.json());
    } catch (RuntimeException e) {
      answer.put("Payload", new String(result.payload(), StandardCharsets.UTF_8));
    }
    answer.put("RequestId", result.requestId());
    return answer;
  }

  private FunctionConfig config(JsonNode request) {
    String name = request.path("FunctionName").asText("");
    try {
      return functions.function(name);
    } catch (IllegalArgumentException e) {
      throw new ServiceException("lambda", "ResourceNotFoundException", 404, "Function not found: " + name);
    }
  }

  @Override
  public void close() {
    functions.close();
  }
}
