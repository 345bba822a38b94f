package dev.orderflow.local.stepfunctions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.node.NodeProcess;
import dev.orderflow.local.node.RunnerUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
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
 * <p>The Node.js side ships inside this jar; only Node.js 22 or 24 on the PATH is needed (20 runs,
 * with a warning). Its process is supervised: if it dies, the executions it ran end FAILED with
 * {@code States.Runtime} and a new process, with every state machine registered again, runs the
 * next ones; after 3 deaths within 30 seconds the runner gives up and tells {@link #onGiveUp}
 * listeners. {@link #close()} ends the Node.js process and every thread that the runner started.
 */
public final class StepFunctionsRunner implements AutoCloseable {

  /** Step Functions' timestamps always carry milliseconds, {@code .000} included. */
  private static final java.time.format.DateTimeFormatter MILLIS =
      new java.time.format.DateTimeFormatterBuilder().appendInstant(3).toFormatter();

  /**
   * A time of the context object ({@code $$.Execution.StartTime}) as Step Functions writes it: always
   * with milliseconds, {@code .000} included (Instant.toString drops them when they are zero).
   */
  static String contextTime(java.time.Instant time) {
    return MILLIS.format(time);
  }

  static final String SCRIPT_RESOURCE = "stepfunctions-runner.cjs";
  static final String RUNNER = "Step Functions runner";

  private static final System.Logger LOG = System.getLogger(StepFunctionsRunner.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger RUNNERS = new AtomicInteger();
  private static final Pattern STATE_MACHINE_ARN =
      Pattern.compile("arn:([^:]+):states:([^:]*):([^:]*):stateMachine:([^:]+)");

  private final TaskHandler handler;
  private final Options options;
  private final String threadPrefix;
  private final ExecutorService taskThreads;
  private final Map<String, StateMachine> machines = new ConcurrentHashMap<>();
  private final Map<String, Execution> executionsByArn = new ConcurrentHashMap<>();
  private final Queue<Thread> startedThreads = new ConcurrentLinkedQueue<>();
  private final NodeProcess node;

  // Guards the following: start order, STANDARD names, and the running count that awaitIdle waits on.
  private final Object lock = new Object();
  private final List<Execution> started = new ArrayList<>();
  private final Map<String, Execution> standardNames = new java.util.HashMap<>();
  private int running;
  private volatile boolean closed;

  private StepFunctionsRunner(TaskHandler handler, Options options) {
    this.handler = handler;
    this.options = options;
    this.threadPrefix = "orderflow-stepfunctions-" + RUNNERS.incrementAndGet();
    AtomicInteger taskThreadCount = new AtomicInteger();
    this.taskThreads = Executors.newCachedThreadPool(work -> {
      Thread thread = new Thread(work, threadPrefix + "-task-" + taskThreadCount.incrementAndGet());
      thread.setDaemon(true);
      // Kept for close(), which waits for them; those that ended after idling are let go.
      startedThreads.removeIf(ended -> ended.getState() == Thread.State.TERMINATED);
      startedThreads.add(thread);
      return thread;
    });
    try {
      this.node = NodeProcess.builder(RUNNER)
          .nodeExecutable(options.nodeExecutable())
          .scriptResource(StepFunctionsRunner.class, SCRIPT_RESOURCE)
          .purpose("run Step Functions state machines locally")
          .startTimeout(options.startTimeout())
          .threadPrefix(threadPrefix + "-node")
          .onMessage(this::receive)
          // A restarted process knows no state machine: register every one again before it runs any.
          .onStart(child -> machines.values().forEach(machine -> {
            String error = registrationError(child.call(registerMessage(machine.arn(), machine.definition())));
            if (error != null) {
              throw new IllegalStateException("the definition of " + machine.arn() + " is invalid: " + error);
            }
          }))
          .start();
    } catch (RuntimeException e) {
      taskThreads.shutdownNow();
      throw e;
    }
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
   * supervised Node.js process for it (see {@link #onGiveUp}).
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
    return new StepFunctionsRunner(handler, options);
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
    String error = registrationError(node.call(registerMessage(stateMachineArn, parsed), options.startTimeout()));
    if (error != null) {
      throw new IllegalArgumentException("the definition of " + stateMachineArn + " is invalid: " + error);
    }
    machines.put(stateMachineArn, new StateMachine(stateMachineArn, arn.group(1), arn.group(2), arn.group(3),
        arn.group(4), type, parsed));
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
        .put("StartTime", contextTime(execution.startDate()));
    context.putObject("StateMachine").put("Id", machine.arn()).put("Name", machine.name());
    CompletableFuture<JsonNode> done;
    try {
      done = node.callAsync(message);
    } catch (IllegalStateException e) {
      finish(execution, ExecutionStatus.FAILED, null, "States.Runtime", e.getMessage());
      throw e;
    }
    done.whenComplete((answer, failure) -> ended(execution, answer, failure));
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
   * The process id of the Node.js process that runs the executions now, for diagnostics.
   *
   * @return its pid
   */
  public long nodePid() {
    return node.pid();
  }

  /**
   * Tells {@code listener} when the Node.js process died so often (3 times within 30 seconds) that
   * it is not restarted again: from then on no execution can start, so the owner should stop the
   * whole system. Until then a process that dies is restarted with every state machine registered
   * again, and only the executions in flight end, {@link ExecutionStatus#FAILED} with error
   * {@code States.Runtime} and a cause that names the runner. Added after giving up, the listener is
   * told at once.
   *
   * @param listener runs once, on a thread of its own; it takes the error, whose message is one
   *     line naming the runner and why it gave up
   */
  public void onGiveUp(Consumer<RunnerUnavailableException> listener) {
    node.onGiveUp(listener);
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
    // Its input ends, then TERM, then KILL; the executions in flight end ABORTED as their calls fail.
    node.close();
    try {
      taskThreads.shutdownNow();
      taskThreads.awaitTermination(5, TimeUnit.SECONDS);
      // A pool reports termination just before its last threads exit: wait for them too.
      for (Thread thread : startedThreads) {
        thread.join(5_000);
      }
    } catch (InterruptedException e) {
      taskThreads.shutdownNow();
      Thread.currentThread().interrupt();
    }
    endAll(ExecutionStatus.ABORTED, "States.Runtime", "the " + RUNNER + " was closed");
  }

  void stop(Execution execution) {
    if (closed) {
      return;
    }
    try {
      node.send(JSON.createObjectNode().put("type", "stop").put("execution", execution.executionArn()));
    } catch (RunnerUnavailableException e) {
      // Its process has ended, and the execution with it.
    }
  }

  private ObjectNode registerMessage(String stateMachineArn, JsonNode definition) {
    ObjectNode message = JSON.createObjectNode()
        .put("type", "register")
        .put("machine", stateMachineArn)
        .put("retryDelayScale", options.retryDelayScale());
    message.set("definition", definition);
    return message;
  }

  private static String registrationError(JsonNode answer) {
    return answer.hasNonNull("error") ? answer.get("error").asText() : null;
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the " + RUNNER + " is closed");
    }
    node.requireAvailable();
  }

  private void receive(NodeProcess.Incoming incoming) {
    JsonNode message = incoming.message();
    if ("task".equals(message.path("type").asText())) {
      runTask(incoming);
    } else if ("event".equals(message.path("type").asText())) {
      Execution execution = executionsByArn.get(message.path("execution").asText());
      if (execution != null && message.get("event") instanceof ObjectNode event) {
        execution.record(event);
      }
    } else {
      LOG.log(System.Logger.Level.WARNING, "the " + RUNNER + " sent an unknown message: " + message);
    }
  }

  /** How an execution ended: its process's "done" message, or the failure of its process. */
  private void ended(Execution execution, JsonNode message, Throwable failure) {
    if (failure != null) {
      Throwable why = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
      if (closed) {
        finish(execution, ExecutionStatus.ABORTED, null, "States.Runtime", "the " + RUNNER + " was closed");
      } else {
        // As Step Functions fails an execution on an internal error: a pipe that waits for it retries the message.
        finish(execution, ExecutionStatus.FAILED, null, "States.Runtime", why.getMessage());
      }
      return;
    }
    ExecutionStatus status = ExecutionStatus.valueOf(message.path("status").asText());
    if (status == ExecutionStatus.ABORTED) {
      finish(execution, status, null, execution.stopError(), execution.stopCause());
    } else {
      finish(execution, status, status == ExecutionStatus.SUCCEEDED ? text(message.get("output")) : null,
          message.hasNonNull("error") ? message.get("error").asText() : null,
          message.hasNonNull("cause") ? message.get("cause").asText() : null);
    }
  }

  private void runTask(NodeProcess.Incoming incoming) {
    JsonNode message = incoming.message();
    long call = message.path("call").asLong();
    String executionArn = message.path("execution").asText();
    Execution execution = executionsByArn.get(executionArn);
    TaskCall task = new TaskCall(executionArn,
        execution != null ? execution.stateMachineArn() : "",
        message.path("state").asText(),
        message.path("resource").asText(),
        message.hasNonNull("input") ? message.get("input") : NullNode.getInstance());
    try {
      // The answer goes to the process that asked: one that ended meanwhile took its executions with
      // it, so nobody awaits it, and one started since never asked.
      taskThreads.execute(() -> incoming.reply(answer(call, task)));
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

  private static String text(JsonNode json) {
    try {
      return JSON.writeValueAsString(json == null ? NullNode.getInstance() : json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A registered state machine and how its executions are named. */
  private record StateMachine(String arn, String partition, String region, String account, String name,
      StateMachineType type, JsonNode definition) {

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
       * 20 or newer; 22 and 24 are the versions supported, and 20 is accepted with a warning.
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
