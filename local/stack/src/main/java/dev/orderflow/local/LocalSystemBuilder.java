package dev.orderflow.local;

import dev.orderflow.local.assembly.AwsEnvironment;
import dev.orderflow.local.gateway.IamMode;
import dev.orderflow.local.pipes.PipeOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/** Settings of a run of a stack; {@link #start()} starts it. */
public final class LocalSystemBuilder {

  private static final System.Logger LOG = System.getLogger(LocalSystem.class.getName());

  private final Path cloudAssembly;
  private final String stackName;
  private Path runDirectory;
  private Path dataDirectory;
  private Duration redeliveryDelay;
  private double retryDelayScale = 1.0;
  private int sqsPollers = PipeOptions.defaults().sqsPollers();
  private int graphqlPort;
  private int awsPort;
  private int executionLimit = 1_000;
  private Clock graphqlClock = Clock.systemUTC();
  private java.util.List<String> allowOrigins = java.util.List.of();
  private int traceLimit = dev.orderflow.local.appsync.RequestTraces.DEFAULT_LIMIT;
  private Map<String, String> parameters = Map.of();
  private IamMode iam = IamMode.ENFORCE;
  private Consumer<String> log = line -> LOG.log(System.Logger.Level.INFO, line);
  private Consumer<String> output = System.out::println;
  private Consumer<String> runnerGaveUp;
  private Path prices;
  /** Whether log, output or onRunnerGaveUp was set: a run with callbacks of its own is never shared. */
  private boolean callbacksSet;

  LocalSystemBuilder(Path cloudAssembly, String stackName) {
    this.cloudAssembly = Objects.requireNonNull(cloudAssembly, "cloudAssembly");
    this.stackName = Objects.requireNonNull(stackName, "stackName");
  }

  /**
   * Where the outbox file goes.
   *
   * @default a new temporary directory, deleted on close
   */
  public LocalSystemBuilder runDirectory(Path runDirectory) {
    this.runDirectory = runDirectory;
    return this;
  }

  /**
   * A folder that keeps the stack's data between runs: every table's items, every queue's visible
   * messages, the summaries of the executions and the outbox are read from it at start and saved
   * to it at close, so a stop and a start lose nothing that was built up. It is made when it does
   * not exist; a folder that holds another stack's data is refused. The run's files (the outbox)
   * are written there too, so it is also the run directory.
   *
   * @param dataDirectory the folder, or null for none
   * @return this builder
   * @default none: everything is in memory, and gone at close
   */
  public LocalSystemBuilder dataDirectory(Path dataDirectory) {
    this.dataDirectory = dataDirectory;
    return this;
  }

  /**
   * After a pipe's target fails, make the batch's messages visible again after this delay
   * instead of the queue's visibility timeout: a local speed-up for tests of redelivery and
   * dead-letter queues. AWS has no such setting.
   *
   * @default none: messages reappear when their visibility timeout ends, as on AWS
   */
  public LocalSystemBuilder redeliveryDelay(Duration redeliveryDelay) {
    this.redeliveryDelay = redeliveryDelay;
    return this;
  }

  /**
   * A factor (above 0, at most 1) applied to every Retry wait of the state machines: a local
   * speed-up for tests. AWS has no such setting.
   *
   * @default 1, the waits of the definition
   */
  public LocalSystemBuilder retryDelayScale(double retryDelayScale) {
    if (!(retryDelayScale > 0 && retryDelayScale <= 1)) {
      throw new IllegalArgumentException("retryDelayScale must be above 0 and at most 1, but " + retryDelayScale
          + " was given");
    }
    this.retryDelayScale = retryDelayScale;
    return this;
  }

  /**
   * How many receives at a time each pipe with an SQS source keeps open: its concurrency, which
   * Pipes scales on its own on AWS.
   *
   * @default 5
   */
  public LocalSystemBuilder sqsPollers(int sqsPollers) {
    if (sqsPollers < 1 || sqsPollers > 100) {
      throw new IllegalArgumentException("sqsPollers must be from 1 to 100, but " + sqsPollers + " was given");
    }
    this.sqsPollers = sqsPollers;
    return this;
  }

  /**
   * Browser origins that the GraphQL endpoint serves besides the loopback ones ({@code http://} and
   * {@code https://} on {@code localhost}, {@code 127.0.0.1} and {@code [::1]}, any port); a
   * request with any other {@code Origin} is refused with 403.
   *
   * @param origins origins such as {@code https://dev.example.test:3000}: scheme, host, optional port
   * @return this builder
   * @default none: loopback origins only
   */
  public LocalSystemBuilder allowOrigins(java.util.Collection<String> origins) {
    java.util.List<String> checked = new java.util.ArrayList<>();
    for (String origin : origins) {
      checked.add(dev.orderflow.local.appsync.AppSyncEndpoint.checkOrigin(origin));
    }
    this.allowOrigins = java.util.List.copyOf(checked);
    return this;
  }

  /**
   * How many requests to the GraphQL endpoint the query inspector keeps (the latest; older traces
   * are dropped, so memory stays flat); 0 turns tracing off.
   *
   * @default 1,000
   */
  public LocalSystemBuilder traceLimit(int traceLimit) {
    if (traceLimit < 0) {
      throw new IllegalArgumentException("traceLimit must be 0 or more, but " + traceLimit + " was given");
    }
    this.traceLimit = traceLimit;
    return this;
  }

  int traceLimit() {
    return traceLimit;
  }

  /**
   * The port of the local GraphQL endpoint, when the stack has an AppSync API.
   *
   * @default 0, a free port
   */
  public LocalSystemBuilder graphqlPort(int graphqlPort) {
    if (graphqlPort < 0 || graphqlPort > 65535) {
      throw new IllegalArgumentException("graphqlPort must be from 0 to 65535, but " + graphqlPort + " was given");
    }
    this.graphqlPort = graphqlPort;
    return this;
  }

  /**
   * The port of the AWS endpoint, where the AWS SDKs and CLI reach the local services.
   *
   * @default 0, a free port
   */
  public LocalSystemBuilder awsPort(int awsPort) {
    if (awsPort < 0 || awsPort > 65535) {
      throw new IllegalArgumentException("awsPort must be from 0 to 65535, but " + awsPort + " was given");
    }
    this.awsPort = awsPort;
    return this;
  }

  /**
   * How many state machine executions, with their histories, are kept; past it the oldest that has
   * ended is forgotten.
   *
   * @default 1000
   */
  public LocalSystemBuilder executionLimit(int executionLimit) {
    if (executionLimit < 1) {
      throw new IllegalArgumentException("executionLimit must be 1 or more, but " + executionLimit + " was given");
    }
    this.executionLimit = executionLimit;
    return this;
  }

  /**
   * The clock by which the local GraphQL endpoint judges API key expiry: a test moves it to see
   * a key expire.
   *
   * @default the system clock, UTC
   */
  public LocalSystemBuilder graphqlClock(Clock graphqlClock) {
    this.graphqlClock = Objects.requireNonNull(graphqlClock, "graphqlClock");
    return this;
  }

  /**
   * Values of the template's parameters.
   *
   * @default none: each parameter takes its default
   */
  public LocalSystemBuilder parameters(Map<String, String> parameters) {
    this.parameters = Map.copyOf(parameters);
    return this;
  }

  /**
   * What happens to a call between the stack's resources that the template's IAM policies do not
   * allow: {@link IamMode#ENFORCE} denies it as AWS would, {@link IamMode#WARN} lets it through,
   * {@link IamMode#OFF} judges nothing. Every distinct denial is printed to {@link #output}.
   *
   * @default {@link IamMode#ENFORCE}
   */
  public LocalSystemBuilder iam(IamMode iam) {
    this.iam = Objects.requireNonNull(iam, "iam");
    return this;
  }

  /**
   * Where the run's start-up lines go (what is not emulated).
   *
   * @default the JDK's System.Logger, at INFO
   */
  public LocalSystemBuilder log(Consumer<String> log) {
    this.log = Objects.requireNonNull(log, "log");
    callbacksSet = true;
    return this;
  }

  /**
   * Where the lines a user must see while the system runs go: one per distinct IAM denial, and
   * the line that names a runner that stopped the system.
   *
   * @default standard output
   */
  public LocalSystemBuilder output(Consumer<String> output) {
    this.output = Objects.requireNonNull(output, "output");
    callbacksSet = true;
    return this;
  }

  /**
   * What happens when a Node.js runner (APPSYNC_JS or Step Functions) gives up, its child having
   * died again and again: every call to it fails from then on. The command line exits at once with
   * the line; a test may fail itself.
   *
   * @default the line goes to {@link #output}
   */
  public LocalSystemBuilder onRunnerGaveUp(Consumer<String> runnerGaveUp) {
    this.runnerGaveUp = Objects.requireNonNull(runnerGaveUp, "runnerGaveUp");
    callbacksSet = true;
    return this;
  }

  /**
   * A JSON file of prices that replace those the bill uses ({@link LocalSystem#bill()}): the shape
   * of the shipped {@code prices-us-east-1.json}, naming only the prices to change. Read at start;
   * a file that cannot be read or names an unknown price is refused, naming it.
   *
   * @param prices the file, or null for the shipped prices
   * @return this builder
   * @default the shipped us-east-1 list prices
   */
  public LocalSystemBuilder prices(Path prices) {
    this.prices = prices;
    return this;
  }

  Path prices() {
    return prices;
  }

  /** Starts the stack. */
  public LocalSystem start() {
    return new LocalSystem(this);
  }

  Path cloudAssembly() {
    return cloudAssembly;
  }

  /**
   * What two runs must have in common to be one shared run (see {@link LocalSystemExtension#shared}):
   * the same assembly and stack and equal settings. A builder with callbacks of its own (log,
   * output, runner given up) matches only itself, because its caller reads what they receive.
   */
  java.util.List<Object> sharingKey() {
    return java.util.Arrays.asList(cloudAssembly.toAbsolutePath().normalize(), stackName, runDirectory, dataDirectory,
        redeliveryDelay, retryDelayScale, sqsPollers, graphqlPort, awsPort, executionLimit, graphqlClock,
        allowOrigins, traceLimit, parameters, iam, prices, callbacksSet ? new Object() : null);
  }

  String stackName() {
    return stackName;
  }

  Path runDirectory() {
    if (dataDirectory != null && runDirectory != null && !runDirectory.equals(dataDirectory)) {
      throw new IllegalArgumentException("runDirectory " + runDirectory + " and dataDirectory " + dataDirectory
          + " differ: with a data folder the run's files are kept in it; give one of the two");
    }
    return dataDirectory != null ? dataDirectory : runDirectory;
  }

  Path dataDirectory() {
    return dataDirectory;
  }

  double retryDelayScale() {
    return retryDelayScale;
  }

  int graphqlPort() {
    return graphqlPort;
  }

  int awsPort() {
    return awsPort;
  }

  int executionLimit() {
    return executionLimit;
  }

  Clock graphqlClock() {
    return graphqlClock;
  }

  java.util.List<String> allowOrigins() {
    return allowOrigins;
  }

  Map<String, String> parameters() {
    return parameters;
  }

  IamMode iam() {
    return iam;
  }

  Consumer<String> log() {
    return log;
  }

  Consumer<String> output() {
    return output;
  }

  Consumer<String> runnerGaveUp() {
    return runnerGaveUp != null ? runnerGaveUp : output;
  }

  AwsEnvironment environment() {
    return AwsEnvironment.DEFAULT;
  }

  PipeOptions pipeOptions() {
    return PipeOptions.defaults().withRedeliveryDelay(redeliveryDelay).withSqsPollers(sqsPollers);
  }
}
