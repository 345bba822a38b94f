package dev.orderflow.local.appsync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.node.NodeProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The APPSYNC_JS runner's Node.js process killed while a resolver runs: that request answers a typed
 * GraphQL error, and the next one is resolved by a restarted process with every module loaded again.
 */
// Reads the shared NodeProcess logger: nothing runs beside it.
@Isolated
class AppSyncEndpointRunnerRestartTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String GET_ORDER_FUNCTION = "PizzaOrdersApiGetOrder5C2603E0";
  private static final String GET_SINGLE = "query($id: ID!) { getSingleOrder(id: $id) { id orderStatus } }";

  @TempDir
  static Path directory;
  private static ExampleStack stack;
  private static final Logger NODE_LOG = Logger.getLogger(NodeProcess.class.getName());
  private static final List<String> LOGGED = new CopyOnWriteArrayList<>();
  private static final Handler COLLECT = new Handler() {
    @Override
    public void publish(LogRecord record) {
      LOGGED.add(record.getMessage());
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  };

  @BeforeAll
  static void start() {
    NODE_LOG.addHandler(COLLECT);
    stack = ExampleStack.start(AppSyncEndpointRunnerRestartTest::spinOnRequest, directory);
  }

  @AfterAll
  static void stop() {
    stack.close();
    NODE_LOG.removeHandler(COLLECT);
  }

  /** getSingleOrder's function keeps the runner busy for a minute when asked for the order "spin". */
  private static ObjectNode spinOnRequest(ObjectNode template) {
    ObjectNode function = (ObjectNode) template.get("Resources").get(GET_ORDER_FUNCTION).get("Properties");
    String code = function.get("Code").asText();
    String request = "export function request(ctx) {\n";
    assertThat(code).contains(request);
    function.put("Code", code.replace(request, request + """
          if (ctx.args.id === 'spin') {
            console.log('spinning for a minute');
            const end = Date.now() + 60000;
            while (Date.now() < end) { }
          }
        """));
    return template;
  }

  @Test
  void aRequestInFlightWhenTheRunnerIsKilledAnswersRunnerUnavailableAndTheNextIsResolved() throws Exception {
    stack.putOrder("restart-1", "anonymous", "SUCCESS", "2026-02-01T10:00:00.000Z");
    long firstPid = stack.endpoint.runnerPid();
    CompletableFuture<ExampleStack.Answer> spinning = CompletableFuture.supplyAsync(
        () -> stack.withKey(GET_SINGLE, Map.of("id", "spin")));
    awaitLogged("spinning for a minute");

    ProcessHandle.of(firstPid).orElseThrow().destroyForcibly();
    ExampleStack.Answer failed = spinning.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    ExampleStack.Answer next = stack.withKey(GET_SINGLE, Map.of("id", "restart-1"));

    assertThat(failed.status()).isEqualTo(200);
    assertThat(failed.body().path("data").path("getSingleOrder").isNull()).isTrue();
    JsonNode error = failed.body().path("errors").get(0);
    assertThat(error.path("errorType").asText()).isEqualTo("Runtime.RunnerUnavailable");
    assertThat(error.path("message").asText()).startsWith("the APPSYNC_JS runner (Node.js, pid " + firstPid
        + ") ended unexpectedly with exit code 137 (SIGKILL)");
    assertThat(error.path("path")).extracting(JsonNode::asText).containsExactly("getSingleOrder");
    assertThat(next.body().path("errors").isMissingNode()).as(next.body().toString()).isTrue();
    assertThat(next.body().path("data").path("getSingleOrder").path("orderStatus").asText()).isEqualTo("SUCCESS");
    assertThat(stack.endpoint.runnerPid()).isNotEqualTo(firstPid);
  }

  private static void awaitLogged(String text) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (LOGGED.stream().noneMatch(message -> message.contains(text))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("nothing logged contains '" + text + "' within " + WAIT);
      }
      Thread.sleep(10);
    }
  }
}
