package dev.orderflow.local.appsync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.node.NodeProcess;
import dev.orderflow.local.node.RunnerUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * APPSYNC_JS code run in one long-lived, supervised Node.js process (the runner script bundled into
 * this jar), with newline-delimited JSON over its standard input and output. Node.js rather than an
 * engine in the JVM: the local system needs Node.js already (Step Functions), it is the engine the
 * resolver tests use, and it costs the jar nothing, where GraalJS would add tens of megabytes.
 *
 * <p>If the process dies, the calls in flight fail with a {@link RunnerUnavailableException} and a
 * new process, with every module loaded again, takes the next calls.
 */
final class JsRuntime implements AutoCloseable {

  static final String SCRIPT_RESOURCE = "appsync-runner.cjs";
  static final String RUNNER = "APPSYNC_JS runner";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final List<ApiModel.Code> loaded = new CopyOnWriteArrayList<>();
  private final NodeProcess node;

  JsRuntime(String nodeExecutable) {
    this.node = NodeProcess.builder(RUNNER)
        .nodeExecutable(nodeExecutable)
        .nodeOptions("--no-warnings")
        .scriptResource(JsRuntime.class, SCRIPT_RESOURCE)
        .purpose("run APPSYNC_JS resolvers locally")
        .startTimeout(TIMEOUT)
        // Console output of resolver code: AppSync sends it to CloudWatch Logs; here, the logger.
        .stderrLevel(System.Logger.Level.INFO)
        // A restarted process has lost the modules: load them again before it runs any.
        .onStart(child -> loaded.forEach(code -> requireLoaded(code, child.call(loadMessage(code)))))
        .start();
  }

  /**
   * Loads one module of code.
   *
   * @throws IllegalStateException with the syntax or load error, naming the resource
   */
  void load(ApiModel.Code code) {
    requireLoaded(code, node.call(loadMessage(code), TIMEOUT));
    loaded.add(code);
  }

  /**
   * Runs {@code request} or {@code response} of a loaded module.
   *
   * @return the runner's answer: result, stash, appended, extensions, earlyReturn, skipTo, error
   * @throws RunnerUnavailableException if the Node.js process died during the call, or was given up
   */
  JsonNode run(ApiModel.Code code, String handler, JsonNode ctx, String authType) {
    ObjectNode message = JSON.createObjectNode();
    message.put("op", "run");
    message.put("module", code.moduleId());
    message.put("handler", handler);
    message.set("ctx", ctx);
    message.put("authType", authType);
    return node.call(message, TIMEOUT);
  }

  /**
   * Runs {@code request} or {@code response} of code that is not one of the API's, as EvaluateCode
   * does: loaded (once per distinct text), then run with the context as given.
   *
   * @return the answer of {@link #run}, or {@code loadError} and {@code location} when the code does not load
   * @throws RunnerUnavailableException if the Node.js process died during the call, or was given up
   */
  JsonNode evaluate(String code, String handler, JsonNode ctx, String authType) {
    ObjectNode message = JSON.createObjectNode();
    message.put("op", "evaluate");
    message.put("code", code);
    message.put("handler", handler);
    message.set("ctx", ctx);
    message.put("authType", authType);
    return node.call(message, TIMEOUT);
  }

  /** Tells {@code listener} when the Node.js process died too often to be restarted again. */
  void onGiveUp(Consumer<RunnerUnavailableException> listener) {
    node.onGiveUp(listener);
  }

  /** The process id of the Node.js process that runs the code now. */
  long pid() {
    return node.pid();
  }

  private static ObjectNode loadMessage(ApiModel.Code code) {
    ObjectNode message = JSON.createObjectNode();
    message.put("op", "load");
    message.put("module", code.moduleId());
    message.put("code", code.source());
    return message;
  }

  private static void requireLoaded(ApiModel.Code code, JsonNode answer) {
    if (answer.has("loadError")) {
      throw new IllegalStateException(code.logicalId() + ".Code does not load as an APPSYNC_JS module: "
          + answer.get("loadError").asText());
    }
  }

  @Override
  public void close() {
    node.close();
  }
}
