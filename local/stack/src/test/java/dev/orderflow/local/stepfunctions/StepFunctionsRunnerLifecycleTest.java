package dev.orderflow.local.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** Starting and closing a runner: Node.js checked, and nothing left behind. */
// Counts the JVM's threads: nothing runs beside it.
@Isolated
class StepFunctionsRunnerLifecycleTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MACHINE = "arn:aws:states:eu-west-1:123456789012:stateMachine:Slow";

  @Test
  void closeEndsTheNodeProcessItsThreadsAndItsScriptAndAbortsWhatRuns() throws Exception {
    CountDownLatch taskStarted = new CountDownLatch(1);
    ScriptedTaskHandler handler = new ScriptedTaskHandler().on("Work", call -> {
      taskStarted.countDown();
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return JSON.createObjectNode();
    });
    List<Thread> before = runnerThreads();
    StepFunctionsRunner runner = StepFunctionsRunner.start(handler);
    runner.register(MACHINE, """
        {"StartAt": "Work", "States": {"Work": {"Type": "Task",
          "Resource": "arn:aws:states:::dynamodb:getItem", "TimeoutSeconds": 120, "End": true}}}
        """, StateMachineType.STANDARD);
    Execution execution = runner.start(MACHINE, "slow", "{}");
    assertThat(taskStarted.await(30, TimeUnit.SECONDS)).isTrue();
    ProcessHandle node = ProcessHandle.of(runner.nodePid()).orElseThrow();
    Path script = Path.of(Arrays.stream(node.info().arguments().orElseThrow()).filter(arg -> arg.endsWith(".cjs"))
        .findFirst().orElseThrow());
    assertThat(node.isAlive()).isTrue();
    assertThat(script).exists();
    List<Thread> started = runnerThreads().stream().filter(thread -> !before.contains(thread)).toList();
    assertThat(started).extracting(Thread::getName).anyMatch(name -> name.endsWith("-stdout"))
        .anyMatch(name -> name.contains("-task-"));

    runner.close();

    assertThat(node.isAlive()).isFalse();
    assertThat(script).doesNotExist();
    assertThat(started).noneMatch(Thread::isAlive);
    assertThat(execution.summary().status()).isEqualTo(ExecutionStatus.ABORTED);
    assertThat(runner.running()).isZero();
    assertThatThrownBy(() -> runner.start(MACHINE, "after-close", "{}"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void closingTwiceDoesNothingMore() {
    StepFunctionsRunner runner = StepFunctionsRunner.start(new ScriptedTaskHandler());

    runner.close();
    runner.close();

    assertThat(ProcessHandle.of(runner.nodePid()).filter(ProcessHandle::isAlive)).isEmpty();
  }

  @Test
  void twoRunnersRunSideBySideWithTheirOwnProcesses() throws Exception {
    String definition = """
        {"StartAt": "Answer", "States": {"Answer": {"Type": "Pass", "Parameters": {"n.$": "$.n"}, "End": true}}}
        """;
    try (StepFunctionsRunner first = StepFunctionsRunner.start(new ScriptedTaskHandler());
        StepFunctionsRunner second = StepFunctionsRunner.start(new ScriptedTaskHandler())) {
      first.register(MACHINE, definition, StateMachineType.EXPRESS);
      second.register(MACHINE, definition, StateMachineType.EXPRESS);

      ExecutionSummary one = first.startSync(MACHINE, null, "{\"n\": 1}");
      second.close();
      ExecutionSummary two = first.startSync(MACHINE, null, "{\"n\": 2}");

      assertThat(first.nodePid()).isNotEqualTo(second.nodePid());
      assertThat(one.output()).isEqualTo("{\"n\":1}");
      assertThat(two.output()).isEqualTo("{\"n\":2}");
      assertThat(first.executions()).hasSize(2);
      assertThat(second.executions()).isEmpty();
    }
  }

  @Test
  void saysWhatToInstallWhenNodeIsMissing() {
    StepFunctionsRunner.Options options = StepFunctionsRunner.Options.builder()
        .nodeExecutable("/no/such/dir/node").build();

    assertThatThrownBy(() -> StepFunctionsRunner.start(new ScriptedTaskHandler(), options))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Node.js was not found ('/no/such/dir/node' could not be run): install Node.js 22 or 24"
            + " (https://nodejs.org) and put it on the PATH to run Step Functions state machines locally");
  }

  @Test
  void refusesARetryDelayScaleOutsideZeroToOne() {
    assertThatThrownBy(() -> StepFunctionsRunner.Options.builder().retryDelayScale(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("retryDelayScale must be above 0 and at most 1, but 0.0 was provided");
  }

  private static List<Thread> runnerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().startsWith("orderflow-stepfunctions-") && thread.isAlive())
        .toList();
  }
}
