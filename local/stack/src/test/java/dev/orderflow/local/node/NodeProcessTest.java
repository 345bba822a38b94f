package dev.orderflow.local.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/** A supervised Node.js child: calls, its death and restart, giving up, its process group, closing. */
// Reads the shared NodeProcess logger and counts the JVM's threads: nothing runs beside it.
@Isolated
class NodeProcessTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(20);

  /** Answers echo, remembers loads, never answers hang, and sends a note that answers no call. */
  private static final String SCRIPT = """
      const { createInterface } = require('node:readline');
      const send = (message) => process.stdout.write(JSON.stringify(message) + '\\n');
      const loaded = [];
      process.on('SIGINT', () => {});
      createInterface({ input: process.stdin }).on('line', (line) => {
        const m = JSON.parse(line);
        if (m.op === 'echo') send({ id: m.id, echo: m.value });
        else if (m.op === 'load') { loaded.push(m.name); send({ id: m.id, ok: true }); }
        else if (m.op === 'loaded') send({ id: m.id, loaded });
        else if (m.op === 'note') send({ type: 'note', value: m.value });
        else if (m.op === 'reply') send({ type: 'replied', value: m.value });
        else if (m.op === 'hang') console.error('hanging on ' + m.id);
      }).on('close', () => process.exit(0));
      send({ type: 'ready', node: process.version });
      """;

  @TempDir
  Path directory;

  private final Logger log = Logger.getLogger(NodeProcess.class.getName());
  private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
  private final Handler collect = new Handler() {
    @Override
    public void publish(LogRecord record) {
      logged.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  };
  private final List<NodeProcess> started = new CopyOnWriteArrayList<>();

  @BeforeEach
  void listen() {
    log.addHandler(collect);
  }

  @AfterEach
  void closeAll() {
    started.forEach(NodeProcess::close);
    log.removeHandler(collect);
  }

  @Test
  void answersEachCallWithTheMessageThatCarriesItsId() {
    NodeProcess node = start(NodeProcess.builder("test runner"));

    JsonNode answer = node.call(request("echo").put("value", "hello"), WAIT);

    assertThat(answer.path("echo").asText()).isEqualTo("hello");
    assertThat(node.nodeVersion()).startsWith("v");
  }

  @Test
  void aCallInFlightFailsTypedAtOnceWhenTheChildIsKilledAndTheNextCallReachesARestartedChild() throws Exception {
    NodeProcess node = start(NodeProcess.builder("test runner")
        .onStart(child -> child.call(request("load").put("name", "module-a"))));
    long firstPid = node.pid();
    CompletableFuture<JsonNode> inFlight = node.callAsync(request("hang"));
    awaitLogged("hanging on");

    kill(firstPid);

    assertThatThrownBy(() -> inFlight.get(WAIT.toSeconds(), TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(RunnerUnavailableException.class, e -> {
          assertThat(e.reason()).isEqualTo(RunnerUnavailableException.Reason.ENDED);
          assertThat(e.runner()).isEqualTo("test runner");
        })
        .hasMessageStartingWith("the test runner (Node.js, pid " + firstPid + ") ended unexpectedly with exit code 137"
            + " (SIGKILL)");
    JsonNode next = node.call(request("echo").put("value", "again"), WAIT);
    JsonNode reloaded = node.call(request("loaded"), WAIT);

    assertThat(next.path("echo").asText()).isEqualTo("again");
    assertThat(node.pid()).isNotEqualTo(firstPid);
    assertThat(reloaded.path("loaded")).extracting(JsonNode::asText).containsExactly("module-a");
    assertThat(logged).filteredOn(r -> r.getLevel() == Level.SEVERE).singleElement()
        .extracting(LogRecord::getMessage).asString()
        .startsWith("the test runner (Node.js, pid " + firstPid + ") ended unexpectedly with exit code 137 (SIGKILL):"
            + " calls in flight failed; restarting it");
  }

  @Test
  void givesUpAfterThreeEndsWithinTheWindowTellsTheListenerOnceAndFailsCallsFast() throws Exception {
    NodeProcess node = start(NodeProcess.builder("test runner").restartLimit(3, Duration.ofMinutes(5)));
    CompletableFuture<RunnerUnavailableException> toldOnGiveUp = new CompletableFuture<>();
    List<RunnerUnavailableException> told = new CopyOnWriteArrayList<>();
    node.onGiveUp(e -> {
      told.add(e);
      toldOnGiveUp.complete(e);
    });

    killAndAwaitRestart(node);
    killAndAwaitRestart(node);
    kill(node.pid());
    RunnerUnavailableException gaveUp = toldOnGiveUp.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    long before = System.nanoTime();
    Throwable call = catchThrowable(() -> node.call(request("echo"), WAIT));
    Duration callTook = Duration.ofNanos(System.nanoTime() - before);
    CompletableFuture<RunnerUnavailableException> toldLate = new CompletableFuture<>();
    node.onGiveUp(toldLate::complete);

    assertThat(gaveUp.reason()).isEqualTo(RunnerUnavailableException.Reason.GAVE_UP);
    assertThat(gaveUp).hasMessageStartingWith("the test runner (Node.js) ended 3 times within 300 s (last, pid ")
        .hasMessageEndingWith(": exit code 137 (SIGKILL)), so it is not restarted again: restart the local system");
    assertThat(call).isInstanceOfSatisfying(RunnerUnavailableException.class,
        e -> assertThat(e.reason()).isEqualTo(RunnerUnavailableException.Reason.GAVE_UP))
        .hasMessage(gaveUp.getMessage());
    assertThat(callTook).isLessThan(Duration.ofSeconds(2));
    assertThat(toldLate.get(WAIT.toSeconds(), TimeUnit.SECONDS)).hasMessage(gaveUp.getMessage());
    assertThat(told).hasSize(1);
    assertThat(node.isAvailable()).isFalse();
  }

  @Test
  void endsOutsideTheWindowAreForgiven() throws Exception {
    NodeProcess node = start(NodeProcess.builder("test runner").restartLimit(2, Duration.ofMillis(1)));

    killAndAwaitRestart(node);
    killAndAwaitRestart(node);

    assertThat(node.isAvailable()).isTrue();
    assertThat(node.call(request("echo").put("value", "still here"), WAIT).path("echo").asText())
        .isEqualTo("still here");
  }

  @Test
  void runsTheChildInAProcessGroupOfItsOwnSoATerminalsCtrlCDoesNotReachIt() throws IOException {
    assumeThat(Path.of("/proc/self/stat")).exists();
    assumeThat(onPath("setsid")).isTrue();
    NodeProcess node = start(NodeProcess.builder("test runner"));

    long[] child = groupAndSession(node.pid());
    long[] jvm = groupAndSession(ProcessHandle.current().pid());

    assertThat(child[0]).isEqualTo(node.pid()).isNotEqualTo(jvm[0]);
    assertThat(child[1]).isEqualTo(node.pid()).isNotEqualTo(jvm[1]);
    // setsid replaced itself with Node.js: the pid that is supervised is Node.js's own.
    assertThat(ProcessHandle.of(node.pid()).orElseThrow().info().command().orElseThrow()).endsWith("node");
  }

  @Test
  void messagesThatAnswerNoCallGoToTheListenerWhichRepliesToTheirChild() throws Exception {
    CompletableFuture<JsonNode> replied = new CompletableFuture<>();
    NodeProcess node = start(NodeProcess.builder("test runner").onMessage(incoming -> {
      if ("note".equals(incoming.message().path("type").asText())) {
        incoming.reply(request("reply").put("value", incoming.message().path("value").asText() + " back"));
      } else {
        replied.complete(incoming.message());
      }
    }));

    node.send(request("note").put("value", "ping"));

    assertThat(replied.get(WAIT.toSeconds(), TimeUnit.SECONDS).path("value").asText()).isEqualTo("ping back");
  }

  @Test
  void closeEndsTheChildFailsCallsInFlightAsClosedAndRestartsNothing() throws Exception {
    NodeProcess node = start(NodeProcess.builder("test runner").threadPrefix("node-process-test-close"));
    ProcessHandle child = ProcessHandle.of(node.pid()).orElseThrow();
    CompletableFuture<JsonNode> inFlight = node.callAsync(request("hang"));
    List<Thread> threads = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("node-process-test-close")).toList();

    node.close();

    assertThat(child.isAlive()).isFalse();
    assertThat(threads).isNotEmpty().noneMatch(Thread::isAlive);
    assertThat(inFlight).isCompletedExceptionally();
    assertThatThrownBy(inFlight::join).cause().isInstanceOfSatisfying(RunnerUnavailableException.class,
        e -> assertThat(e.reason()).isEqualTo(RunnerUnavailableException.Reason.CLOSED));
    assertThatThrownBy(() -> node.send(request("echo"))).isInstanceOf(RunnerUnavailableException.class)
        .hasMessage("the test runner is closed");
    assertThat(logged).noneMatch(r -> r.getLevel() == Level.SEVERE);
  }

  @Test
  void aChildThatEndsWhileItStartsFailsTheStartWithWhatItPrinted() throws IOException {
    Path script = directory.resolve("broken.js");
    Files.writeString(script, "console.error('cannot find module aws-local-stepfunctions'); process.exit(3);\n");

    assertThatThrownBy(() -> NodeProcess.builder("test runner").script(script).start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the test runner's Node.js process did not start: it ended with exit code 3; Node.js printed:"
            + " cannot find module aws-local-stepfunctions");
  }

  private NodeProcess start(NodeProcess.Builder builder) {
    try {
      Path script = directory.resolve("runner.js");
      if (!Files.exists(script)) {
        Files.writeString(script, SCRIPT);
      }
      NodeProcess node = builder.script(script).startTimeout(WAIT).start();
      started.add(node);
      return node;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static ObjectNode request(String op) {
    return JSON.createObjectNode().put("op", op);
  }

  private static void kill(long pid) {
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
  }

  /** Kills the child, then waits for a call to be answered by the next one. */
  private static void killAndAwaitRestart(NodeProcess node) {
    long pid = node.pid();
    kill(pid);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        node.call(request("echo"), WAIT);
        if (node.pid() != pid) {
          return;
        }
      } catch (RunnerUnavailableException e) {
        // It reached the dead child: the next call goes to the new one.
      }
    }
    throw new AssertionError("the child was not restarted within " + WAIT);
  }

  private void awaitLogged(String text) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (logged.stream().noneMatch(r -> r.getMessage().contains(text))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("nothing logged contains '" + text + "' within " + WAIT);
      }
      Thread.sleep(10);
    }
  }

  /** Fields 5 (process group) and 6 (session) of /proc/<pid>/stat; the name before them may hold spaces. */
  private static long[] groupAndSession(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return new long[] {Long.parseLong(after[2]), Long.parseLong(after[3])};
  }

  private static boolean onPath(String command) {
    String path = System.getenv("PATH");
    return path != null && java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
  }
}
