package dev.orderflow.local.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.local.node.RunnerUnavailableException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The runner's Node.js process killed under it: what runs fails, what comes next runs, or it gives up. */
class StepFunctionsRunnerRestartTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String SLOW = "arn:aws:states:eu-west-1:123456789012:stateMachine:Slow";
  private static final String ECHO = "arn:aws:states:eu-west-1:123456789012:stateMachine:Echo";
  private static final String SLOW_DEFINITION = """
      {"StartAt": "Work", "States": {"Work": {"Type": "Task",
        "Resource": "arn:aws:states:::dynamodb:getItem", "TimeoutSeconds": 120, "End": true}}}
      """;
  private static final String ECHO_DEFINITION = """
      {"StartAt": "Answer", "States": {"Answer": {"Type": "Pass", "Parameters": {"n.$": "$.n"}, "End": true}}}
      """;

  @Test
  void anExecutionInFlightFailsWithStatesRuntimeNamingTheRunnerAndTheNextRunsOnARestartedProcess()
      throws Exception {
    CountDownLatch taskStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ScriptedTaskHandler handler = new ScriptedTaskHandler().on("Work", call -> {
      taskStarted.countDown();
      try {
        release.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return JSON.createObjectNode();
    });
    try (StepFunctionsRunner runner = StepFunctionsRunner.start(handler)) {
      runner.register(SLOW, SLOW_DEFINITION, StateMachineType.STANDARD);
      runner.register(ECHO, ECHO_DEFINITION, StateMachineType.EXPRESS);
      Execution inFlight = runner.start(SLOW, "in-flight", "{}");
      assertThat(taskStarted.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      long firstPid = runner.nodePid();

      ProcessHandle.of(firstPid).orElseThrow().destroyForcibly();
      ExecutionSummary failed = inFlight.await(WAIT);
      release.countDown();
      ExecutionSummary next = runner.startSync(ECHO, null, "{\"n\": 7}");

      assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
      assertThat(failed.error()).isEqualTo("States.Runtime");
      assertThat(failed.cause()).startsWith("the Step Functions runner (Node.js, pid " + firstPid
          + ") ended unexpectedly with exit code 137 (SIGKILL)");
      assertThat(next.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(next.output()).isEqualTo("{\"n\":7}");
      assertThat(runner.nodePid()).isNotEqualTo(firstPid);
      assertThat(runner.awaitIdle(WAIT)).isTrue();
    }
  }

  @Test
  void givesUpAfterItsProcessEndedThreeTimesAndTellsTheOwnerAndNoExecutionStartsAfter() throws Exception {
    try (StepFunctionsRunner runner = StepFunctionsRunner.start(new ScriptedTaskHandler())) {
      runner.register(ECHO, ECHO_DEFINITION, StateMachineType.EXPRESS);
      CompletableFuture<RunnerUnavailableException> gaveUp = new CompletableFuture<>();
      runner.onGiveUp(gaveUp::complete);

      killAndAwaitRestart(runner);
      killAndAwaitRestart(runner);
      ProcessHandle.of(runner.nodePid()).orElseThrow().destroyForcibly();
      RunnerUnavailableException told = gaveUp.get(WAIT.toSeconds(), TimeUnit.SECONDS);

      assertThat(told).hasMessageStartingWith("the Step Functions runner (Node.js) ended 3 times within 30 s");
      assertThatThrownBy(() -> runner.startSync(ECHO, null, "{\"n\": 1}"))
          .isInstanceOf(RunnerUnavailableException.class)
          .hasMessage(told.getMessage());
    }
  }

  /** Kills the process, then waits until an execution runs to its end on the next one. */
  private static void killAndAwaitRestart(StepFunctionsRunner runner) throws InterruptedException {
    long pid = runner.nodePid();
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      ExecutionSummary summary = runner.startSync(ECHO, null, "{\"n\": 1}");
      if (summary.status() == ExecutionStatus.SUCCEEDED && runner.nodePid() != pid) {
        return;
      }
    }
    throw new AssertionError("the runner's process was not restarted within " + WAIT);
  }
}
