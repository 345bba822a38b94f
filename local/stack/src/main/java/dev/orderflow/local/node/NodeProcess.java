package dev.orderflow.local.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One supervised Node.js child process running a script that speaks newline-delimited JSON: the
 * Java side writes one message per line on the child's standard input, the child answers one per
 * line on its standard output, and whatever it prints on standard error goes to the logger, with
 * the runner's name.
 *
 * <p><b>Protocol.</b> The child first prints {@code {"type":"ready","node":"<version>"}}. A call
 * ({@link #call}, {@link #callAsync}) gets a numeric {@code id}, and the first message that carries
 * the same {@code id} answers it. Every other message goes to the {@link Builder#onMessage message
 * listener}, which may reply to the child that sent it. The child is expected to exit when its
 * standard input ends.
 *
 * <p><b>Supervision.</b> When the child exits while the process is open, every call in flight
 * fails at once with a {@link RunnerUnavailableException} (reason {@code ENDED}), one line naming the
 * runner, its pid and its exit code or signal is logged, and a new child is started; the
 * {@link Builder#onStart start hook} runs on it (to load again what the old one had) before any
 * other call reaches it, and calls made meanwhile wait for it. If the child ends
 * {@link Builder#restartLimit as often as the limit} within the window, the process gives up: no
 * more restarts, every call fails at once with reason {@code GAVE_UP}, and the
 * {@link #onGiveUp give-up listeners} are told, so that the owner can stop the whole system.
 *
 * <p><b>Process group.</b> On Linux, where {@code setsid} is on the PATH, the child runs in a new
 * session (so a new process group, without a controlling terminal): the SIGINT that a terminal
 * sends to its foreground process group on Ctrl-C reaches the JVM, whose shutdown stops the
 * child in its own time, but not the child. {@code setsid} replaces itself with Node.js (a child
 * started by the JVM is never a process-group leader, so it does not fork): the child's pid is
 * Node.js's, and its standard streams are the pipes the JVM made. Elsewhere the child starts
 * plainly, in the JVM's process group; the bundled runner scripts ignore SIGINT for that case.
 *
 * <p>{@link #close()} ends the child's standard input, then sends TERM, then KILL, and joins every
 * thread that it started.
 */
public final class NodeProcess implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(NodeProcess.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int STDERR_LINES_KEPT = 20;
  private static final boolean SETSID = findSetsid();

  private enum State { STARTING, RUNNING, RESTARTING, GAVE_UP, CLOSED }

  private final String name;
  private final String threadPrefix;
  private final String nodeExecutable;
  private final List<String> nodeOptions;
  private final Path script;
  private final boolean ownScript;
  private final Duration startTimeout;
  private final Consumer<Incoming> onMessage;
  private final Consumer<Caller> onStart;
  private final System.Logger.Level stderrLevel;
  private final int restartLimit;
  private final Duration restartWindow;
  private final String version;
  private final AtomicLong ids = new AtomicLong();
  private final AtomicLong generations = new AtomicLong();
  private final Queue<Thread> threads = new ConcurrentLinkedQueue<>();
  private final Queue<Child> children = new ConcurrentLinkedQueue<>();
  private final List<Consumer<RunnerUnavailableException>> giveUpListeners = new CopyOnWriteArrayList<>();

  // Guards the following; waited on by calls while a child is restarted.
  private final Object lock = new Object();
  private final Deque<Long> deaths = new ArrayDeque<>();
  private State state = State.STARTING;
  private Child current;
  private RunnerUnavailableException gaveUp;

  private NodeProcess(Builder b, Path script, boolean ownScript, String version) {
    this.name = b.name;
    this.threadPrefix = b.threadPrefix != null ? b.threadPrefix
        : "orderflow-node-" + b.name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    this.nodeExecutable = b.nodeExecutable;
    this.nodeOptions = List.copyOf(b.nodeOptions);
    this.script = script;
    this.ownScript = ownScript;
    this.startTimeout = b.startTimeout;
    this.onMessage = b.onMessage;
    this.onStart = b.onStart;
    this.stderrLevel = b.stderrLevel;
    this.restartLimit = b.restartLimit;
    this.restartWindow = b.restartWindow;
    this.version = version;
  }

  /**
   * Settings for a supervised process.
   *
   * @param name the runner's name, used in every message and log line, such as {@code Step Functions
   *     runner}
   * @return a builder
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * Sends a message and waits for its answer.
   *
   * @param request the message; its {@code id} is set here
   * @param timeout how long to wait for the answer
   * @return the answer: the first message with the same {@code id}
   * @throws RunnerUnavailableException if the child ends before it answers, or the process gave up
   *     or is closed
   * @throws IllegalStateException if no answer comes within {@code timeout}, or the thread is
   *     interrupted
   */
  public JsonNode call(ObjectNode request, Duration timeout) {
    return await(callAsync(request), timeout);
  }

  /**
   * Sends a message and returns at once.
   *
   * @param request the message; its {@code id} is set here
   * @return completes with the answer (the first message with the same {@code id}), or with a
   *     {@link RunnerUnavailableException} as soon as the child that got the message ends
   * @throws RunnerUnavailableException if the process gave up or is closed
   */
  public CompletableFuture<JsonNode> callAsync(ObjectNode request) {
    Objects.requireNonNull(request, "request");
    return available().callAsync(request);
  }

  /**
   * Sends a message that needs no answer to the current child.
   *
   * @param message the message
   * @throws RunnerUnavailableException if the process gave up or is closed, or the child ended
   *     while the message was written
   */
  public void send(JsonNode message) {
    Objects.requireNonNull(message, "message");
    Child child = available();
    if (!child.write(message)) {
      throw child.endedError();
    }
  }

  /**
   * Fails fast if no call can be answered any more.
   *
   * @throws RunnerUnavailableException if the process gave up or is closed
   */
  public void requireAvailable() {
    synchronized (lock) {
      if (state == State.GAVE_UP) {
        throw gaveUpError();
      }
      if (state == State.CLOSED) {
        throw closedError();
      }
    }
  }

  /**
   * Adds a listener that is told, once, on a thread of its own, when the process gives up
   * restarting its child; added after that, it is told at once. A listener may close this process
   * or stop the whole system.
   *
   * @param listener takes the error that every call now fails with; its message is one line that
   *     names the runner and why it gave up
   */
  public void onGiveUp(Consumer<RunnerUnavailableException> listener) {
    Objects.requireNonNull(listener, "listener");
    RunnerUnavailableException already;
    synchronized (lock) {
      giveUpListeners.add(listener);
      already = gaveUp;
    }
    if (already != null) {
      tell(List.of(listener), already);
    }
  }

  /**
   * The runner's name.
   *
   * @return its name, such as {@code APPSYNC_JS runner}
   */
  public String name() {
    return name;
  }

  /**
   * The Node.js version, as the first start found it.
   *
   * @return such as {@code v22.11.0}
   */
  public String nodeVersion() {
    return version;
  }

  /**
   * The process id of the current child (of the last one, once the process gave up or is closed).
   *
   * @return its pid
   */
  public long pid() {
    synchronized (lock) {
      return current.process.pid();
    }
  }

  /**
   * Whether calls reach a child now, or will once a restart ends.
   *
   * @return {@code false} once the process gave up or is closed
   */
  public boolean isAvailable() {
    synchronized (lock) {
      return state == State.STARTING || state == State.RUNNING || state == State.RESTARTING;
    }
  }

  /**
   * Stops the child (its standard input ends; TERM after 5 seconds, KILL 2 seconds later), fails the
   * calls still in flight with reason {@code CLOSED}, joins the threads and deletes a script that it
   * extracted. Calling it again does nothing.
   */
  @Override
  public void close() {
    synchronized (lock) {
      if (state == State.CLOSED) {
        return;
      }
      state = State.CLOSED;
      lock.notifyAll();
    }
    for (Child child : children) {
      child.stop();
    }
    for (Thread thread : threads) {
      if (thread != Thread.currentThread()) {
        try {
          thread.join(5_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    RunnerUnavailableException closed = closedError();
    for (Child child : children) {
      child.fail(closed);
    }
    if (ownScript) {
      try {
        Files.deleteIfExists(script);
      } catch (IOException e) {
        LOG.log(System.Logger.Level.WARNING, "could not delete " + script + ": " + e.getMessage());
      }
    }
  }

  private static NodeProcess start(Builder b) {
    String version = NodeVersion.check(b.nodeExecutable, b.purpose).text();
    Path script = b.script != null ? b.script : extract(b.scriptOwner, b.scriptResource);
    NodeProcess process = new NodeProcess(b, script, b.script == null, version);
    Child first = null;
    try {
      first = process.launch();
      synchronized (process.lock) {
        if (process.state != State.STARTING) {
          throw process.closedError();
        }
        process.current = first;
        process.state = State.RUNNING;
      }
      return process;
    } catch (RuntimeException e) {
      if (first != null) {
        synchronized (process.lock) {
          process.current = first;
        }
      }
      process.close();
      throw e;
    }
  }

  /** Starts a child, waits for it to be ready and runs the start hook on it. */
  private Child launch() {
    Child child = new Child(generations.incrementAndGet());
    // Those that ended long ago need no stopping at close.
    children.removeIf(Child::hasEnded);
    children.add(child);
    try {
      child.start();
      child.awaitReady();
      onStart.accept(request -> await(child.callAsync(request), startTimeout));
      return child;
    } catch (RuntimeException e) {
      child.stop();
      throw e;
    }
  }

  /** The child that takes calls now; waits while one is restarted. */
  private Child available() {
    long deadline = System.nanoTime() + startTimeout.toNanos();
    synchronized (lock) {
      while (state == State.RESTARTING || state == State.STARTING) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new RunnerUnavailableException(name, RunnerUnavailableException.Reason.ENDED,
              "the " + name + " (Node.js) is being restarted and did not come back within " + startTimeout);
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for the " + name + " to restart", e);
        }
      }
      return switch (state) {
        case RUNNING -> current;
        case GAVE_UP -> throw gaveUpError();
        default -> throw closedError();
      };
    }
  }

  private JsonNode await(CompletableFuture<JsonNode> answer, Duration timeout) {
    try {
      return answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("the " + name + " failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      answer.cancel(false);
      throw new IllegalStateException("the " + name + " (Node.js) did not answer within " + timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      answer.cancel(false);
      throw new IllegalStateException("interrupted while waiting for the " + name, e);
    }
  }

  /** What the reader of a child does when the child's standard output ends. */
  private void ended(Child child) {
    String how = child.exitDescription();
    RunnerUnavailableException error = new RunnerUnavailableException(name, RunnerUnavailableException.Reason.ENDED,
        "the " + name + " (Node.js, pid " + child.pid() + ") ended unexpectedly with " + how + child.stderrTail());
    boolean closing;
    boolean restart;
    synchronized (lock) {
      closing = state == State.CLOSED;
      // Only the child that takes calls is restarted here; one that ends while it starts fails its start.
      restart = state == State.RUNNING && current == child;
      if (restart) {
        state = State.RESTARTING;
      }
    }
    child.ended(closing ? closedError() : error, how);
    if (restart) {
      restart(child, how);
    }
  }

  private void restart(Child dead, String how) {
    String last = how;
    long lastPid = dead.pid();
    while (true) {
      int recent = recordDeath();
      if (recent >= restartLimit) {
        giveUp(recent, lastPid, last);
        return;
      }
      LOG.log(System.Logger.Level.ERROR, "the " + name + " (Node.js" + (lastPid > 0 ? ", pid " + lastPid : "")
          + ") ended unexpectedly with "
          + last + ": calls in flight failed; restarting it (end " + recent + " within " + seconds(restartWindow)
          + "; it is given up at " + restartLimit + ")" + dead.stderrTail());
      Child next;
      try {
        next = launch();
      } catch (RuntimeException e) {
        if (isClosed()) {
          return;
        }
        last = "a failed restart (" + e.getMessage() + ")";
        lastPid = -1;
        continue;
      }
      synchronized (lock) {
        if (state == State.RESTARTING) {
          current = next;
          state = State.RUNNING;
          lock.notifyAll();
          LOG.log(System.Logger.Level.INFO, "the " + name + " runs again (Node.js, pid " + next.pid() + ")");
          return;
        }
      }
      next.stop();
      return;
    }
  }

  /** Records one end of a child; answers how many fell within the window. */
  private int recordDeath() {
    long now = System.nanoTime();
    synchronized (lock) {
      deaths.addLast(now);
      while (!deaths.isEmpty() && now - deaths.peekFirst() > restartWindow.toNanos()) {
        deaths.removeFirst();
      }
      return deaths.size();
    }
  }

  private void giveUp(int times, long lastPid, String last) {
    RunnerUnavailableException error = new RunnerUnavailableException(name, RunnerUnavailableException.Reason.GAVE_UP,
        "the " + name + " (Node.js) ended " + times + " times within " + seconds(restartWindow) + " (last"
            + (lastPid > 0 ? ", pid " + lastPid : "") + ": " + last + "), so it is not restarted again:"
            + " restart the local system");
    List<Consumer<RunnerUnavailableException>> listeners;
    synchronized (lock) {
      if (state != State.RESTARTING) {
        return;
      }
      state = State.GAVE_UP;
      gaveUp = error;
      lock.notifyAll();
      listeners = List.copyOf(giveUpListeners);
    }
    LOG.log(System.Logger.Level.ERROR, error.getMessage());
    tell(listeners, error);
  }

  private void tell(List<Consumer<RunnerUnavailableException>> listeners, RunnerUnavailableException error) {
    if (listeners.isEmpty()) {
      return;
    }
    // A thread of its own, not one that close() joins: a listener may close this process.
    Thread thread = new Thread(() -> listeners.forEach(listener -> {
      try {
        listener.accept(error);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "a give-up listener of the " + name + " failed", e);
      }
    }), threadName("gave-up"));
    thread.start();
  }

  private boolean isClosed() {
    synchronized (lock) {
      return state == State.CLOSED;
    }
  }

  /** A new exception for each call, so that each has its caller's stack trace. */
  private RunnerUnavailableException gaveUpError() {
    return new RunnerUnavailableException(name, RunnerUnavailableException.Reason.GAVE_UP, gaveUp.getMessage());
  }

  private RunnerUnavailableException closedError() {
    return new RunnerUnavailableException(name, RunnerUnavailableException.Reason.CLOSED,
        "the " + name + " is closed");
  }

  private String threadName(String role) {
    return threadPrefix + "-" + role;
  }

  private static String seconds(Duration duration) {
    return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
  }

  private static Path extract(Class<?> owner, String resource) {
    try (InputStream bundled = owner.getResourceAsStream(resource)) {
      if (bundled == null) {
        throw new IllegalStateException("the bundled script " + owner.getPackageName().replace('.', '/') + "/"
            + resource + " is missing from the class path: build orderflow-local with Maven, which bundles it");
      }
      int dot = resource.lastIndexOf('.');
      // Named after the resource, so that a process list tells the runners apart.
      Path file = Files.createTempFile("orderflow-" + (dot > 0 ? resource.substring(0, dot) : resource) + "-",
          dot > 0 ? resource.substring(dot) : ".js");
      Files.copy(bundled, file, StandardCopyOption.REPLACE_EXISTING);
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the bundled script " + resource + " to a temporary file", e);
    }
  }

  private static boolean findSetsid() {
    if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
      return false;
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "setsid"))) {
        return true;
      }
    }
    return false;
  }

  /** A call into a child that is being started, for the start hook. */
  @FunctionalInterface
  public interface Caller {

    /**
     * Sends a message to the child being started and waits for its answer.
     *
     * @param request the message; its {@code id} is set here
     * @return the answer
     * @throws RunnerUnavailableException if the child ends first
     */
    JsonNode call(ObjectNode request);
  }

  /** A message from a child that answers no call, with a way to reply to that child. */
  public static final class Incoming {

    private final Child from;
    private final JsonNode message;

    private Incoming(Child from, JsonNode message) {
      this.from = from;
      this.message = message;
    }

    /**
     * The message.
     *
     * @return the JSON that the child printed
     */
    public JsonNode message() {
      return message;
    }

    /**
     * Replies to the child that sent the message, never to one started after it ended.
     *
     * @param reply the message
     * @return {@code false} if that child has ended, so that nobody will read the reply
     */
    public boolean reply(JsonNode reply) {
      return from.write(reply);
    }
  }

  /** One Node.js child: its process, pipes, reader threads and the calls it has not answered. */
  private final class Child {

    private final long generation;
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final Deque<String> stderr = new ArrayDeque<>();
    private Process process;
    private Writer toNode;
    private Thread stdoutReader;
    private Thread stderrReader;
    // Guarded by this: once set, no call is added to pending.
    private RunnerUnavailableException endedError;

    Child(long generation) {
      this.generation = generation;
    }

    void start() {
      List<String> command = new ArrayList<>();
      if (SETSID) {
        command.add("setsid");
      }
      command.add(nodeExecutable);
      command.addAll(nodeOptions);
      command.add(script.toString());
      try {
        process = new ProcessBuilder(command).start();
      } catch (IOException e) {
        throw new IllegalStateException("could not start the " + name + " ('" + String.join(" ", command) + "'): "
            + e.getMessage(), e);
      }
      toNode = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
      stdoutReader = new Thread(this::readStdout, threadName(generation + "-stdout"));
      stderrReader = new Thread(this::readStderr, threadName(generation + "-stderr"));
      stdoutReader.setDaemon(true);
      stderrReader.setDaemon(true);
      threads.removeIf(thread -> thread.getState() == Thread.State.TERMINATED);
      threads.add(stdoutReader);
      threads.add(stderrReader);
      stdoutReader.start();
      stderrReader.start();
    }

    void awaitReady() {
      try {
        ready.get(startTimeout.toNanos(), TimeUnit.NANOSECONDS);
      } catch (ExecutionException e) {
        throw new IllegalStateException("the " + name + "'s Node.js process did not start: "
            + e.getCause().getMessage(), e.getCause());
      } catch (TimeoutException e) {
        throw new IllegalStateException("the " + name + "'s Node.js process did not start: it did not answer within "
            + startTimeout + stderrTail());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the " + name + " started", e);
      }
    }

    long pid() {
      return process.pid();
    }

    boolean hasEnded() {
      return process != null && !process.isAlive() && !stdoutReader.isAlive();
    }

    CompletableFuture<JsonNode> callAsync(ObjectNode request) {
      long id = ids.incrementAndGet();
      request.put("id", id);
      CompletableFuture<JsonNode> answer = new CompletableFuture<>();
      synchronized (this) {
        if (endedError != null) {
          answer.completeExceptionally(endedError);
          return answer;
        }
        pending.put(id, answer);
      }
      answer.whenComplete((value, error) -> pending.remove(id));
      // A failed write means the child is ending: its reader fails the call when it sees the end.
      write(request);
      return answer;
    }

    boolean write(JsonNode message) {
      String line;
      try {
        line = JSON.writeValueAsString(message);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("cannot write a message to the " + name + ": " + e.getMessage(), e);
      }
      synchronized (toNode) {
        try {
          toNode.write(line);
          toNode.write('\n');
          toNode.flush();
          return true;
        } catch (IOException e) {
          return false;
        }
      }
    }

    synchronized RunnerUnavailableException endedError() {
      return endedError != null ? endedError
          : new RunnerUnavailableException(name, RunnerUnavailableException.Reason.ENDED,
              "the " + name + " (Node.js, pid " + pid() + ") does not read its input any more" + stderrTail());
    }

    /** Fails every call in flight, and every later one, with {@code error}, and a start that waits. */
    void ended(RunnerUnavailableException error, String how) {
      fail(error);
      ready.completeExceptionally(new IllegalStateException("it ended with " + how + stderrTail()));
    }

    /** Fails every call in flight, and every later one, with {@code error}. */
    void fail(RunnerUnavailableException error) {
      List<CompletableFuture<JsonNode>> waiting;
      synchronized (this) {
        if (endedError == null) {
          endedError = error;
        }
        waiting = List.copyOf(pending.values());
        pending.clear();
      }
      waiting.forEach(answer -> answer.completeExceptionally(error));
    }

    void stop() {
      if (process == null) {
        return;
      }
      try {
        // The scripts exit when their input ends; TERM, then KILL, only for one that does not.
        synchronized (toNode) {
          toNode.close();
        }
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
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }

    String exitDescription() {
      int exit;
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          return "its output closed while it still ran";
        }
        exit = process.exitValue();
        // Give its last words on stderr a moment to reach the tail.
        stderrReader.join(1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "an unknown exit code";
      }
      // A process killed by a signal reports 128 + the signal's number.
      String signal = exit > 128 && exit <= 128 + 31 ? signalName(exit - 128) : null;
      return "exit code " + exit + (signal == null ? "" : " (" + signal + ")");
    }

    String stderrTail() {
      synchronized (stderr) {
        return stderr.isEmpty() ? "" : "; Node.js printed: " + String.join(" | ", stderr);
      }
    }

    private void readStdout() {
      try (BufferedReader lines =
          new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          if (!line.isBlank()) {
            receive(line);
          }
        }
      } catch (IOException | UncheckedIOException e) {
        // The child ended; handled below.
      }
      NodeProcess.this.ended(this);
    }

    private void receive(String line) {
      JsonNode message;
      try {
        message = JSON.readTree(line);
      } catch (JsonProcessingException e) {
        LOG.log(System.Logger.Level.WARNING, "the " + name + " printed a line that is not JSON: " + line);
        return;
      }
      if ("ready".equals(message.path("type").asText())) {
        ready.complete(null);
        return;
      }
      if (message.path("id").isIntegralNumber()) {
        CompletableFuture<JsonNode> answer = pending.remove(message.get("id").asLong());
        if (answer != null) {
          answer.complete(message);
          return;
        }
      }
      try {
        onMessage.accept(new Incoming(this, message));
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "the " + name + " sent a message that was not handled: " + line, e);
      }
    }

    private void readStderr() {
      try (BufferedReader lines =
          new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          LOG.log(stderrLevel, name + ": " + line);
          synchronized (stderr) {
            stderr.addLast(line);
            if (stderr.size() > STDERR_LINES_KEPT) {
              stderr.removeFirst();
            }
          }
        }
      } catch (IOException e) {
        // The child ended.
      }
    }
  }

  private static String signalName(int signal) {
    return switch (signal) {
      case 1 -> "SIGHUP";
      case 2 -> "SIGINT";
      case 3 -> "SIGQUIT";
      case 6 -> "SIGABRT";
      case 9 -> "SIGKILL";
      case 11 -> "SIGSEGV";
      case 13 -> "SIGPIPE";
      case 15 -> "SIGTERM";
      default -> "signal " + signal;
    };
  }

  /** Builds and starts a {@link NodeProcess}. */
  public static final class Builder {

    private final String name;
    private String threadPrefix;
    private String nodeExecutable = "node";
    private final List<String> nodeOptions = new ArrayList<>();
    private Path script;
    private Class<?> scriptOwner;
    private String scriptResource;
    private String purpose = "run the local system";
    private Duration startTimeout = Duration.ofSeconds(30);
    private Consumer<Incoming> onMessage = incoming -> LOG.log(System.Logger.Level.WARNING,
        "a message that answers no call: " + incoming.message());
    private Consumer<Caller> onStart = caller -> { };
    private System.Logger.Level stderrLevel = System.Logger.Level.WARNING;
    private int restartLimit = 3;
    private Duration restartWindow = Duration.ofSeconds(30);

    private Builder(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("name must name the runner, but it was blank");
      }
      this.name = name;
    }

    /**
     * The Node.js executable.
     *
     * @param nodeExecutable a command on the PATH or a path
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
     * The start of the names of the threads that the process starts, so that a runner's threads
     * share a prefix.
     *
     * @param threadPrefix the prefix
     * @return this builder
     * @default "orderflow-node-" and the name in lower case
     */
    public Builder threadPrefix(String threadPrefix) {
      this.threadPrefix = Objects.requireNonNull(threadPrefix, "threadPrefix");
      return this;
    }

    /**
     * Options for Node.js, written before the script, such as {@code --no-warnings}.
     *
     * @param options the options
     * @return this builder
     * @default none
     */
    public Builder nodeOptions(String... options) {
      nodeOptions.addAll(List.of(options));
      return this;
    }

    /**
     * The script to run, a file that the caller owns.
     *
     * @param script the script's path
     * @return this builder
     */
    public Builder script(Path script) {
      this.script = Objects.requireNonNull(script, "script");
      this.scriptResource = null;
      return this;
    }

    /**
     * The script to run, a class-path resource: it is copied to a temporary file at start and
     * deleted at close.
     *
     * @param owner the class that the resource's name is relative to
     * @param resource the resource's name
     * @return this builder
     */
    public Builder scriptResource(Class<?> owner, String resource) {
      this.scriptOwner = Objects.requireNonNull(owner, "owner");
      this.scriptResource = Objects.requireNonNull(resource, "resource");
      this.script = null;
      return this;
    }

    /**
     * What Node.js is needed for, for the line that says what to install.
     *
     * @param purpose completes "install Node.js ... to": such as {@code run Step Functions state
     *     machines locally}
     * @return this builder
     * @default "run the local system"
     */
    public Builder purpose(String purpose) {
      this.purpose = Objects.requireNonNull(purpose, "purpose");
      return this;
    }

    /**
     * How long a child may take to be ready, and each call of the start hook to be answered.
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
     * What to do with a message that answers no call. It runs on the reader thread, so it must not
     * wait for the child.
     *
     * @param onMessage takes the message
     * @return this builder
     * @default log a warning
     */
    public Builder onMessage(Consumer<Incoming> onMessage) {
      this.onMessage = Objects.requireNonNull(onMessage, "onMessage");
      return this;
    }

    /**
     * What to do on every new child, the first and every restarted one, before other calls reach
     * it: load what the runner needs. If it throws, the child counts as one that failed to start.
     *
     * @param onStart takes a caller bound to the new child
     * @return this builder
     * @default nothing
     */
    public Builder onStart(Consumer<Caller> onStart) {
      this.onStart = Objects.requireNonNull(onStart, "onStart");
      return this;
    }

    /**
     * The level at which the child's standard error is logged, one line per line.
     *
     * @param level the level
     * @return this builder
     * @default WARNING
     */
    public Builder stderrLevel(System.Logger.Level level) {
      this.stderrLevel = Objects.requireNonNull(level, "level");
      return this;
    }

    /**
     * When to stop restarting: once the child has ended {@code ends} times within {@code window}
     * (failed restarts included), the process gives up.
     *
     * @param ends 1 or more; 1 never restarts
     * @param window a positive duration
     * @return this builder
     * @default 3 ends within 30 seconds
     */
    public Builder restartLimit(int ends, Duration window) {
      if (ends < 1) {
        throw new IllegalArgumentException("ends must be 1 or more, but " + ends + " was provided");
      }
      Objects.requireNonNull(window, "window");
      if (window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException("window must be positive, but " + window + " was provided");
      }
      this.restartLimit = ends;
      this.restartWindow = window;
      return this;
    }

    /**
     * Checks the Node.js version (refused below 20, a one-line warning on 20), starts the child and
     * runs the start hook on it.
     *
     * @return the running process; close it when done
     * @throws IllegalStateException if Node.js is missing or too old (one line that says what to
     *     install), or the child does not start or its start hook fails
     */
    public NodeProcess start() {
      if (script == null && scriptResource == null) {
        throw new IllegalStateException("a NodeProcess needs a script: give script(...) or scriptResource(...)");
      }
      return NodeProcess.start(this);
    }
  }
}
