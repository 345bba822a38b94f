package dev.orderflow.local.stepfunctions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs Step Functions state machines (Amazon States Language with JSONPath) on this machine, on
 * aws-local-stepfunctions in one long-lived Node.js process, with every Task state executed in Java
 * by a {@link TaskHandler}.
 *
 * <p>Register a definition with {@link #register(String, String, StateMachineType)}, then start
 * executions with {@link #start(String, String, String)} (like {@code StartExecution}) or
 * {@link #startSync(String, String, String)} (like {@code StartSyncExecution}). Executions run
 * side by side. {@code Retry} intervals, backoff and caps are honoured; {@link
 * Options.Builder#retryDelayScale(double)} shrinks them in proportion for tests.
 *
 * <p>The Node.js side ships inside this jar; only Node.js 20 or newer on the PATH is needed.
 * {@link #close()} ends the Node.js process and every thread that the runner started.
 */
public final class StepFunctionsRunner implements AutoCloseable {

  static final String SCRIPT_RESOURCE = "stepfunctions-runner.cjs";

  private static final System.Logger LOG = System.getLogger(StepFunctionsRunner.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger RUNNERS = new AtomicInteger();
  private static final Pattern STATE_MACHINE_ARN =
      Pattern.compile("arn:([^:]+):states:([^:]*):([^:]*):stateMachine:([^:]+)");
  private static final int STDERR_LINES_KEPT = 20;

  private final TaskHandler handler;
  private final Options options;
  private final String threadPrefix;
  private final Path script;
  private final Process process;
  private final Writer toNode;
  private final Thread stdoutReader;
  private final Thread stderrReader;
  private final ExecutorService taskThreads;
  private final CompletableFuture<String> ready = new CompletableFuture<>();
  private final Map<Long, CompletableFuture<String>> registrations = new ConcurrentHashMap<>();
  private final AtomicLong lastRegistration = new AtomicLong();
  private final Map<String, StateMachine> machines = new ConcurrentHashMap<>();
  private final Map<String, Execution> executionsByArn = new ConcurrentHashMap<>();
  private final Deque<String> recentStderr = new ArrayDeque<>();
  private final Queue<Thread> startedThreads = new ConcurrentLinkedQueue<>();

  // Guards the following: start order, STANDARD names, and the running count that awaitIdle waits on.
  private final Object lock = new Object();
  private final List<Execution> started = new ArrayList<>();
  private final Map<String, Execution> standardNames = new java.util.HashMap<>();
  private int running;
  private volatile boolean closed;
  private volatile String failure;

  private StepFunctionsRunner(TaskHandler handler, Options options) throws IOException {
    this.handler = handler;
    this.options = options;
    this.threadPrefix = "orderflow-stepfunctions-" + RUNNERS.incrementAndGet();
    this.script = extractScript();
    Process started;
    try {
      started = new ProcessBuilder(options.nodeExecutable(), script.toString()).start();
    } catch (IOException e) {
      Files.deleteIfExists(script);
      throw e;
    }
    this.process = started;
    this.toNode = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
    AtomicInteger taskThreadCount = new AtomicInteger();
    this.taskThreads = Executors.newCachedThreadPool(work -> {
      Thread thread = new Thread(work, threadPrefix + "-task-" + taskThreadCount.incrementAndGet());
      thread.setDaemon(true);
      // Kept for close(), which waits for them; those that ended after idling are let go.
      startedThreads.removeIf(ended -> ended.getState() == Thread.State.TERMINATED);
      startedThreads.add(thread);
      return thread;
    });
    this.stdoutReader = new Thread(this::readStdout, threadPrefix + "-stdout");
    this.stderrReader = new Thread(this::readStderr, threadPrefix + "-stderr");
    stdoutReader.setDaemon(true);
    stderrReader.setDaemon(true);
    stdoutReader.start();
    stderrReader.start();
  }

  /**
   * Starts a runner with default {@link Options}.
   *
   * @param handler executes every Task state
   * @return a running runner; close it when done
   * @throws IllegalStateException if Node.js is missing or too old (one line saying what to
   *     install), or its process does not start
   */
  public static StepFunctionsRunner start(TaskHandler handler) {
    return start(handler, Options.builder().build());
  }

  /**
   * Starts a runner: checks Node.js, extracts the bundled script to a temporary file and starts one
   * Node.js process for it.
   *
   * @param handler executes every Task state
   * @param options where Node.js is and how retries wait
   * @return a running runner; close it when done
   * @throws IllegalStateException if Node.js is missing or too old (one line saying what to
   *     install), or its process does not start
   */
  public static StepFunctionsRunner start(TaskHandler handler, Options options) {
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(options, "options");
    NodeRuntime.check(options.nodeExecutable());
    StepFunctionsRunner runner;
    try {
      runner = new StepFunctionsRunner(handler, options);
    } catch (IOException e) {
      throw new IllegalStateException("could not start Node.js ('" + options.nodeExecutable() + "'): " + e.getMessage(),
          e);
    }
    try {
      runner.ready.get(options.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
      return runner;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      runner.close();
      throw new IllegalStateException("interrupted while the Step Functions runner started", e);
    } catch (ExecutionException | TimeoutException e) {
      String why = e instanceof ExecutionException ? e.getCause().getMessage()
          : "it did not answer within " + options.startTimeout() + runner.stderrTail();
      runner.close();
      throw new IllegalStateException("the Step Functions runner's Node.js process did not start: " + why);
    }
  }

  /**
   * Registers a state machine, or replaces the definition of one registered before, like
   * {@code CreateStateMachine} and {@code UpdateStateMachine}. Executions that run already keep
   * the definition they started with.
   *
   * @param stateMachineArn {@code arn:<partition>:states:<region>:<account>:stateMachine:<name>}
   * @param definition the {@code DefinitionString}, JSON text with every intrinsic resolved
   * @param type STANDARD or EXPRESS, which decides how executions are named and may be started
   * @throws IllegalArgumentException if the ARN is malformed, the definition is not valid ASL, or a
   *     Task state's Resource is one the task handler does not support; the message names every
   *     state and resource at fault
   * @throws IllegalStateException if the runner is closed or its Node.js process has ended
   */
  public void register(String stateMachineArn, String definition, StateMachineType type) {
    Objects.requireNonNull(stateMachineArn, "stateMachineArn");
    Objects.requireNonNull(definition, "definition");
    Objects.requireNonNull(type, "type");
    requireOpen();
    Matcher arn = STATE_MACHINE_ARN.matcher(stateMachineArn);
    if (!arn.matches()) {
      throw new IllegalArgumentException("stateMachineArn '" + stateMachineArn
          + "' is not a state machine ARN: expected arn:<partition>:states:<region>:<account>:stateMachine:<name>");
    }
    JsonNode parsed;
    try {
      parsed = JSON.readTree(definition);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the definition of " + stateMachineArn + " is not valid JSON: "
          + e.getOriginalMessage());
    }
    List<String> problems = DefinitionCheck.problems(parsed, handler);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("state machine " + stateMachineArn + " cannot run locally: "
          + String.join("; ", problems));
    }
    long id = lastRegistration.incrementAndGet();
    CompletableFuture<String> answer = new CompletableFuture<>();
    registrations.put(id, answer);
    ObjectNode message = JSON.createObjectNode()
        .put("type", "register")
        .put("id", id)
        .put("machine", stateMachineArn)
        .put("retryDelayScale", options.retryDelayScale());
    message.set("definition", parsed);
    String error;
    try {
      send(message);
      error = answer.get(options.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while registering " + stateMachineArn, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("the Step Functions runner did not answer within " + options.startTimeout()
          + " while registering " + stateMachineArn + stderrTail());
    } finally {
      registrations.remove(id);
    }
    if (error != null) {
      throw new IllegalArgumentException("the definition of " + stateMachineArn + " is invalid: " + error);
    }
    machines.put(stateMachineArn, new StateMachine(stateMachineArn, arn.group(1), arn.group(2), arn.group(3),
        arn.group(4), type));
  }

  /**
   * Starts an execution and returns at once, like {@code StartExecution}.
   *
   * <p>For a STANDARD state machine the name is unique: starting again with the name of an
   * execution that still runs with an equal input returns that execution (an idempotent start);
   * with an execution that has ended, or that has another input, it fails with
   * {@link ExecutionAlreadyExistsException}. EXPRESS names need not be unique.
   *
   * @param stateMachineArn a registered state machine
   * @param executionName 1 to 80 characters as Step Functions allows them, or {@code null} for a
   *     generated UUID
   * @param input JSON text, or {@code null} for {@code {}}
   * @return the running execution
   * @throws IllegalArgumentException if the state machine is not registered, or the name or input is
   *     invalid
   * @throws ExecutionAlreadyExistsException if a STANDARD execution already has the name
   * @throws IllegalStateException if the runner is closed or its Node.js process has ended
   */
  public Execution start(String stateMachineArn, String executionName, String input) {
    Objects.requireNonNull(stateMachineArn, "stateMachineArn");
    requireOpen();
    StateMachine machine = machines.get(stateMachineArn);
    if (machine == null) {
      throw new IllegalArgumentException("state machine " + stateMachineArn
          + " is not registered: register its definition first (registered: " + machines.keySet() + ")");
    }
    String name = executionName == null ? UUID.randomUUID().toString() : ExecutionNames.require(executionName);
    String inputText = input == null ? "{}" : input;
    JsonNode inputJson;
    try {
      inputJson = JSON.readTree(inputText);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("input of execution '" + name + "' is not valid JSON: "
          + e.getOriginalMessage());
    }
    if (inputJson == null || inputJson.isMissingNode()) {
      throw new IllegalArgumentException("input of execution '" + name + "' is empty: give JSON text, such as {}");
    }
    Execution execution;
    synchronized (lock) {
      if (machine.type() == StateMachineType.STANDARD) {
        Execution existing = standardNames.get(machine.arn() + '\n' + name);
        if (existing != null) {
          if (!existing.isDone() && existing.inputJson().equals(inputJson)) {
            return existing;
          }
          throw new ExecutionAlreadyExistsException("execution '" + name + "' of " + machine.arn()
              + " already exists (" + existing.summary().status() + (existing.isDone() ? "" : ", with another input")
              + "): a STANDARD execution name can be reused only by a start with the same input while it runs",
              existing.executionArn());
        }
      }
      execution = new Execution(this, machine.executionArn(name), machine.arn(), name, inputText, inputJson,
          Instant.now());
      executionsByArn.put(execution.executionArn(), execution);
      started.add(execution);
      if (machine.type() == StateMachineType.STANDARD) {
        standardNames.put(machine.arn() + '\n' + name, execution);
      }
      running++;
      forgetOldest();
    }
    ObjectNode message = JSON.createObjectNode()
        .put("type", "start")
        .put("execution", execution.executionArn())
        .put("machine", machine.arn())
        .put("region", machine.region());
    message.set("input", inputJson);
    ObjectNode context = message.putObject("context");
    context.putObject("Execution")
        .put("Id", execution.executionArn())
        .put("Name", name)
        .put("StartTime", execution.startDate().toString());
    context.putObject("StateMachine").put("Id", machine.arn()).put("Name", machine.name());
    try {
      send(message);
    } catch (IllegalStateException e) {
      finish(execution, ExecutionStatus.FAILED, null, "States.Runtime", e.getMessage());
      throw e;
    }
    return execution;
  }

  /**
   * Runs an execution of an EXPRESS state machine to its end, like {@code StartSyncExecution}.
   *
   * @param stateMachineArn a registered EXPRESS state machine
   * @param executionName a name, or {@code null} for a generated UUID
   * @param input JSON text, or {@code null} for {@code {}}
   * @return the final summary: SUCCEEDED with its output, or FAILED, TIMED_OUT or ABORTED with
   *     error and cause
   * @throws IllegalArgumentException if the state machine is not registered or is STANDARD, or the
   *     name or input is invalid
   * @throws InterruptedException if the calling thread is interrupted while it waits
   * @throws IllegalStateException if the runner is closed or its Node.js process has ended
   */
  public ExecutionSummary startSync(String stateMachineArn, String executionName, String input)
      throws InterruptedException {
    StateMachine machine = machines.get(Objects.requireNonNull(stateMachineArn, "stateMachineArn"));
    if (machine != null && machine.type() != StateMachineType.EXPRESS) {
      throw new IllegalArgumentException("startSync runs EXPRESS state machines only, as StartSyncExecution does, but "
          + stateMachineArn + " is " + machine.type() + ": use start");
    }
    Execution execution = start(stateMachineArn, executionName, input);
    try {
      return execution.completion().toCompletableFuture().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("execution " + execution.executionArn() + " did not complete", e.getCause());
    }
  }

  /**
   * The execution with the given ARN, like {@code DescribeExecution}.
   *
   * @param executionArn an execution's ARN
   * @return the execution, or empty if this runner did not start it
   */
  public Optional<Execution> execution(String executionArn) {
    return Optional.ofNullable(executionsByArn.get(executionArn));
  }

  /**
   * The executions kept (at most {@link Options#executionLimit()} of them, and every one that
   * runs), in the order they started: each with its history.
   *
   * @return a snapshot of the executions
   */
  public List<Execution> startedExecutions() {
    synchronized (lock) {
      return List.copyOf(started);
    }
  }

  /** Keeps the ring of executions bounded: the oldest that have ended are forgotten. Holds the lock. */
  private void forgetOldest() {
    for (var it = started.iterator(); started.size() > options.executionLimit() && it.hasNext(); ) {
      Execution oldest = it.next();
      if (oldest.isDone()) {
        it.remove();
        executionsByArn.remove(oldest.executionArn());
        standardNames.remove(oldest.stateMachineArn() + '\n' + oldest.name(), oldest);
      }
    }
  }

  /**
   * Every execution this runner started, in the order they started.
   *
   * @return a snapshot of their summaries
   */
  public List<ExecutionSummary> executions() {
    synchronized (lock) {
      return started.stream().map(Execution::summary).toList();
    }
  }

  /**
   * How many executions run now.
   *
   * @return the number of executions that have not ended
   */
  public int running() {
    synchronized (lock) {
      return running;
    }
  }

  /**
   * Waits until no execution runs.
   *
   * @param timeout how long to wait at most
   * @return {@code true} if none runs, {@code false} if some still run after {@code timeout}
   * @throws InterruptedException if the waiting thread is interrupted
   */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (running > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
      return true;
    }
  }

  /**
   * The process id of the Node.js process, for diagnostics.
   *
   * @return its pid
   */
  public long nodePid() {
    return process.pid();
  }

  /**
   * Ends the Node.js process, the runner's threads and its temporary script file. Executions that
   * still run end {@link ExecutionStatus#ABORTED}. Calling it again does nothing.
   */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    try {
      // Node.js exits when its stdin ends; force it only if it does not.
      toNode.close();
    } catch (IOException e) {
      // Already gone.
    }
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroy();
        if (!process.waitFor(2, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      }
      taskThreads.shutdownNow();
      taskThreads.awaitTermination(5, TimeUnit.SECONDS);
      // A pool reports termination just before its last threads exit: wait for them too.
      for (Thread thread : startedThreads) {
        thread.join(5_000);
      }
      stdoutReader.join(5_000);
      stderrReader.join(5_000);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      taskThreads.shutdownNow();
      Thread.currentThread().interrupt();
    }
    endAll(ExecutionStatus.ABORTED, "States.Runtime", "the Step Functions runner was closed");
    registrations.values().forEach(answer ->
        answer.completeExceptionally(new IllegalStateException("the Step Functions runner was closed")));
    try {
      Files.deleteIfExists(script);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "could not delete " + script + ": " + e.getMessage());
    }
  }

  void stop(Execution execution) {
    if (closed || failure != null) {
      return;
    }
    send(JSON.createObjectNode().put("type", "stop").put("execution", execution.executionArn()));
  }

  private static Path extractScript() throws IOException {
    try (InputStream bundled = StepFunctionsRunner.class.getResourceAsStream(SCRIPT_RESOURCE)) {
      if (bundled == null) {
        throw new IllegalStateException("the bundled Step Functions runner script "
            + StepFunctionsRunner.class.getPackageName().replace('.', '/') + "/" + SCRIPT_RESOURCE
            + " is missing from the class path: build orderflow-local with Maven, which bundles it");
      }
      Path script = Files.createTempFile("orderflow-stepfunctions-", ".cjs");
      Files.copy(bundled, script, StandardCopyOption.REPLACE_EXISTING);
      script.toFile().deleteOnExit();
      return script;
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the Step Functions runner is closed");
    }
    if (failure != null) {
      throw new IllegalStateException(failure);
    }
  }

  private void send(JsonNode message) {
    String line;
    try {
      line = JSON.writeValueAsString(message);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write a message to the Step Functions runner: " + e.getMessage(), e);
    }
    synchronized (toNode) {
      try {
        toNode.write(line);
        toNode.write('\n');
        toNode.flush();
      } catch (IOException e) {
        throw new IllegalStateException(failure != null ? failure
            : "the Step Functions runner's Node.js process does not read its input any more: " + e.getMessage()
                + stderrTail());
      }
    }
  }

  private void readStdout() {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        try {
          receive(JSON.readTree(line));
        } catch (JsonProcessingException e) {
          LOG.log(System.Logger.Level.WARNING, "Step Functions runner printed a line that is not a message: " + line);
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.ERROR, "Step Functions runner message not handled: " + line, e);
        }
      }
    } catch (IOException | UncheckedIOException e) {
      // The process ended; handled below.
    }
    processEnded();
  }

  private void readStderr() {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        LOG.log(System.Logger.Level.WARNING, "node: " + line);
        synchronized (recentStderr) {
          recentStderr.addLast(line);
          if (recentStderr.size() > STDERR_LINES_KEPT) {
            recentStderr.removeFirst();
          }
        }
      }
    } catch (IOException e) {
      // The process ended.
    }
  }

  private void receive(JsonNode message) {
    switch (message.path("type").asText()) {
      case "ready" -> ready.complete(message.path("node").asText());
      case "registered" -> {
        CompletableFuture<String> answer = registrations.get(message.path("id").asLong());
        if (answer != null) {
          answer.complete(message.hasNonNull("error") ? message.get("error").asText() : null);
        }
      }
      case "task" -> runTask(message);
      case "event" -> {
        Execution execution = executionsByArn.get(message.path("execution").asText());
        if (execution != null && message.get("event") instanceof ObjectNode event) {
          execution.record(event);
        }
      }
      case "done" -> {
        Execution execution = executionsByArn.get(message.path("execution").asText());
        if (execution != null) {
          ExecutionStatus status = ExecutionStatus.valueOf(message.path("status").asText());
          if (status == ExecutionStatus.ABORTED) {
            finish(execution, status, null, execution.stopError(), execution.stopCause());
          } else {
            finish(execution, status, status == ExecutionStatus.SUCCEEDED ? text(message.get("output")) : null,
                message.hasNonNull("error") ? message.get("error").asText() : null,
                message.hasNonNull("cause") ? message.get("cause").asText() : null);
          }
        }
      }
      default -> LOG.log(System.Logger.Level.WARNING, "Step Functions runner sent an unknown message: " + message);
    }
  }

  private void runTask(JsonNode message) {
    long call = message.path("call").asLong();
    String executionArn = message.path("execution").asText();
    Execution execution = executionsByArn.get(executionArn);
    TaskCall task = new TaskCall(executionArn,
        execution != null ? execution.stateMachineArn() : "",
        message.path("state").asText(),
        message.path("resource").asText(),
        message.hasNonNull("input") ? message.get("input") : NullNode.getInstance());
    try {
      taskThreads.execute(() -> {
        ObjectNode reply = answer(call, task);
        try {
          send(reply);
        } catch (IllegalStateException e) {
          // Closed or ended meanwhile: its executions have ended already, nobody awaits the answer.
          if (!closed) {
            LOG.log(System.Logger.Level.WARNING, e.getMessage());
          }
        }
      });
    } catch (RejectedExecutionException e) {
      // The runner is closing; the execution ends ABORTED.
    }
  }

  private ObjectNode answer(long call, TaskCall task) {
    ObjectNode reply = JSON.createObjectNode().put("type", "result").put("call", call);
    try {
      JsonNode output = handler.execute(task);
      reply.set("output", output == null ? NullNode.getInstance() : output);
    } catch (TaskFailure failed) {
      reply.put("error", failed.error()).put("cause", failed.cause());
    } catch (RuntimeException | LinkageError e) {
      // A handler that throws anything else has a bug or met the unexpected: fail the state the way
      // Step Functions fails a task, and keep the stack trace for whoever reads the log.
      LOG.log(System.Logger.Level.WARNING, "task handler failed on state " + task.state() + " of "
          + task.executionArn(), e);
      reply.put("error", "States.TaskFailed").put("cause", e.toString());
    }
    return reply;
  }

  private void processEnded() {
    if (closed) {
      return;
    }
    int exit;
    try {
      exit = process.waitFor();
      stderrReader.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exit = -1;
    }
    failure = "the Step Functions runner's Node.js process ended unexpectedly (exit code " + exit + ")" + stderrTail();
    ready.completeExceptionally(new IllegalStateException(failure));
    registrations.values().forEach(answer -> answer.completeExceptionally(new IllegalStateException(failure)));
    endAll(ExecutionStatus.FAILED, "States.Runtime", failure);
  }

  private void endAll(ExecutionStatus status, String error, String cause) {
    List<Execution> unfinished;
    synchronized (lock) {
      unfinished = started.stream().filter(execution -> !execution.isDone()).toList();
    }
    unfinished.forEach(execution -> finish(execution, status, null, error, cause));
  }

  private void finish(Execution execution, ExecutionStatus status, String output, String error, String cause) {
    if (execution.complete(status, output, error, cause)) {
      synchronized (lock) {
        running--;
        lock.notifyAll();
      }
    }
  }

  private String stderrTail() {
    synchronized (recentStderr) {
      return recentStderr.isEmpty() ? "" : "; Node.js printed: " + String.join(" | ", recentStderr);
    }
  }

  private static String text(JsonNode json) {
    try {
      return JSON.writeValueAsString(json == null ? NullNode.getInstance() : json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A registered state machine and how its executions are named. */
  private record StateMachine(String arn, String partition, String region, String account, String name,
      StateMachineType type) {

    String executionArn(String executionName) {
      String prefix = "arn:" + partition + ":states:" + region + ":" + account + ":";
      return type == StateMachineType.STANDARD
          ? prefix + "execution:" + name + ":" + executionName
          : prefix + "express:" + name + ":" + executionName + ":" + UUID.randomUUID();
    }
  }

  /** How a {@link StepFunctionsRunner} starts Node.js and waits between retries. */
  public static final class Options {

    private final String nodeExecutable;
    private final double retryDelayScale;
    private final Duration startTimeout;
    private final int executionLimit;

    private Options(Builder builder) {
      this.nodeExecutable = builder.nodeExecutable;
      this.retryDelayScale = builder.retryDelayScale;
      this.startTimeout = builder.startTimeout;
      this.executionLimit = builder.executionLimit;
    }

    /**
     * How many executions, with their histories, are kept: past it, the oldest that has ended is
     * forgotten.
     *
     * @return the limit
     */
    public int executionLimit() {
      return executionLimit;
    }

    /**
     * A builder with the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
      return new Builder();
    }

    /**
     * The Node.js executable.
     *
     * @return a command on the PATH or a path
     */
    public String nodeExecutable() {
      return nodeExecutable;
    }

    /**
     * The factor applied to every retry wait.
     *
     * @return a factor above 0 and at most 1
     */
    public double retryDelayScale() {
      return retryDelayScale;
    }

    /**
     * How long starting Node.js, and registering a definition, may take.
     *
     * @return the longest wait
     */
    public Duration startTimeout() {
      return startTimeout;
    }

    /** Builds {@link Options}; every setting has a default. */
    public static final class Builder {

      private String nodeExecutable = "node";
      private double retryDelayScale = 1.0;
      private Duration startTimeout = Duration.ofSeconds(30);
      private int executionLimit = 1_000;

      private Builder() {
      }

      /**
       * How many executions, with their histories, the runner keeps: a ring, from which the oldest
       * execution that has ended is forgotten when a new one starts past the limit. Running
       * executions are always kept.
       *
       * @param executionLimit 1 or more
       * @return this builder
       * @default 1000
       */
      public Builder executionLimit(int executionLimit) {
        if (executionLimit < 1) {
          throw new IllegalArgumentException("executionLimit must be 1 or more, but " + executionLimit
              + " was provided");
        }
        this.executionLimit = executionLimit;
        return this;
      }

      /**
       * The Node.js executable to run: a command found on the PATH, or a path. It must be Node.js
       * 20 or newer; 22 and 24 are the versions supported.
       *
       * @param nodeExecutable the command or path
       * @return this builder
       * @default "node"
       */
      public Builder nodeExecutable(String nodeExecutable) {
        Objects.requireNonNull(nodeExecutable, "nodeExecutable");
        if (nodeExecutable.isBlank()) {
          throw new IllegalArgumentException("nodeExecutable must name a command or a path, but it was blank");
        }
        this.nodeExecutable = nodeExecutable;
        return this;
      }

      /**
       * Multiplies every {@code Retry} wait ({@code IntervalSeconds}, and {@code MaxDelaySeconds}
       * with it) by this factor, so that a test keeps a definition's backoff in proportion while it
       * waits less: 0.01 turns a 2 s interval into 20 ms. Task and execution timeouts and Wait
       * states are not scaled.
       *
       * @param retryDelayScale a factor above 0 and at most 1
       * @return this builder
       * @default 1.0 (the definition's own intervals)
       */
      public Builder retryDelayScale(double retryDelayScale) {
        if (!(retryDelayScale > 0 && retryDelayScale <= 1)) {
          throw new IllegalArgumentException(
              "retryDelayScale must be above 0 and at most 1, but " + retryDelayScale + " was provided");
        }
        this.retryDelayScale = retryDelayScale;
        return this;
      }

      /**
       * How long starting Node.js, and registering a definition, may take before the runner gives
       * up.
       *
       * @param startTimeout a positive duration
       * @return this builder
       * @default 30 seconds
       */
      public Builder startTimeout(Duration startTimeout) {
        Objects.requireNonNull(startTimeout, "startTimeout");
        if (startTimeout.isNegative() || startTimeout.isZero()) {
          throw new IllegalArgumentException("startTimeout must be positive, but " + startTimeout + " was provided");
        }
        this.startTimeout = startTimeout;
        return this;
      }

      /**
       * The options.
       *
       * @return options with the settings of this builder
       */
      public Options build() {
        return new Options(this);
      }
    }
  }
}
