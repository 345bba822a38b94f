package dev.orderflow.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.local.appsync.AppSyncEndpoint;
import dev.orderflow.local.appsync.LambdaInvoker;
import dev.orderflow.local.assembly.AssemblyException;
import dev.orderflow.local.assembly.AwsEnvironment;
import dev.orderflow.local.assembly.CloudAssembly;
import dev.orderflow.local.assembly.PhysicalNames;
import dev.orderflow.local.assembly.ReferenceRegistry;
import dev.orderflow.local.assembly.Resource;
import dev.orderflow.local.assembly.ResourceTypes;
import dev.orderflow.local.assembly.StackTemplate;
import dev.orderflow.local.assembly.TemplateResolver;
import dev.orderflow.local.dynamodb.DynamoDbEngine;
import dev.orderflow.local.events.EventTargets;
import dev.orderflow.local.events.LocalEventBuses;
import dev.orderflow.local.events.PutEventsEntry;
import dev.orderflow.local.events.PutEventsResult;
import dev.orderflow.local.lambda.InvokeResult;
import dev.orderflow.local.lambda.LambdaFunctionException;
import dev.orderflow.local.lambda.LambdaFunctions;
import dev.orderflow.local.pipes.LocalPipe;
import dev.orderflow.local.pipes.PipeOptions;
import dev.orderflow.local.pipes.PipeTargetException;
import dev.orderflow.local.pipes.PipeTargets;
import dev.orderflow.local.sns.LocalTopics;
import dev.orderflow.local.sns.OutboxEntry;
import dev.orderflow.local.sqs.LocalQueues;
import dev.orderflow.local.stepfunctions.ExecutionStatus;
import dev.orderflow.local.stepfunctions.ExecutionSummary;
import dev.orderflow.local.stepfunctions.StateMachineType;
import dev.orderflow.local.stepfunctions.StepFunctionsRunner;
import dev.orderflow.local.tables.LocalTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A synthesized stack running on this machine: its tables on the table engine, its queues on
 * ElasticMQ, its state machines on aws-local-stepfunctions, its Java Lambda functions from their
 * assets, its pipes and topics on our own runners. The cloud assembly ({@code cdk.out}) is the
 * only input.
 *
 * <pre>{@code
 * try (LocalSystem system = LocalSystem.start(Path.of("cdk.out"), "PizzaOrders")) {
 *   system.sendMessage("OrdersQueue1234", "{...}");
 *   system.awaitQuiet(Duration.ofSeconds(30));
 *   system.outbox();
 * }
 * }</pre>
 *
 * <p>Closing it frees every port, thread, process and temporary file it started. Several can run
 * side by side in one JVM.
 */
public final class LocalSystem implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(LocalSystem.class.getName());
  private static final Set<String> TABLE_TYPES = Set.of("AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable");
  private static final String STATE_MACHINE = "AWS::StepFunctions::StateMachine";
  private static final String PIPE = "AWS::Pipes::Pipe";
  private static final String GRAPHQL_API = "AWS::AppSync::GraphQLApi";
  /** The resource types that a local engine runs. */
  static final Set<String> TYPES = Set.of("AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable", LocalQueues.QUEUE_TYPE,
      LambdaFunctions.FUNCTION_TYPE, "AWS::SNS::Topic", "AWS::SNS::Subscription", STATE_MACHINE, PIPE, GRAPHQL_API,
      "AWS::AppSync::GraphQLSchema", "AWS::AppSync::DataSource", "AWS::AppSync::FunctionConfiguration",
      "AWS::AppSync::Resolver", "AWS::AppSync::ApiKey", LocalEventBuses.BUS_TYPE, LocalEventBuses.RULE_TYPE);

  private final ObjectMapper mapper = new ObjectMapper();
  private final StackTemplate template;
  private final TemplateResolver resolver;
  private final ReferenceRegistry registry;
  private final Path runDirectory;
  private final boolean ownRunDirectory;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final List<String> notEmulated;
  private DynamoDbEngine tables;
  private LambdaFunctions functions;
  private LocalTopics topics;
  private StepFunctionsRunner stepFunctions;
  private LocalQueues queues;
  private AppSyncEndpoint graphql;
  private LocalEventBuses events;
  private final List<LocalPipe> pipes = new ArrayList<>();
  private final Map<String, AtomicInteger> invocations =
      new ConcurrentHashMap<>();

  private LocalSystem(Builder builder) {
    this.template = CloudAssembly.read(builder.cloudAssembly).stack(builder.stackName);
    this.registry = new ReferenceRegistry(template, AwsEnvironment.DEFAULT);
    this.resolver = new TemplateResolver(template, registry, AwsEnvironment.DEFAULT, builder.parameters);
    List<Resource> created = resolver.createdResources();
    ResourceTypes.Classification classification = ResourceTypes.classify(created, TYPES);
    this.notEmulated = classification.notEmulatedSummary();
    try {
      this.ownRunDirectory = builder.runDirectory == null;
      this.runDirectory = ownRunDirectory ? Files.createTempDirectory("orderflow-local-") : builder.runDirectory;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a run directory", e);
    }
    boolean started = false;
    try {
      startServices(builder, created);
      started = true;
    } finally {
      if (!started) {
        close();
      }
    }
    builder.log.accept("Not emulated locally: " + String.join("; ", notEmulated));
  }

  /** Starts the stack {@code stackName} of the cloud assembly in {@code cloudAssembly} with the defaults. */
  public static LocalSystem start(Path cloudAssembly, String stackName) {
    return builder(cloudAssembly, stackName).start();
  }

  /** Settings for a run of a stack. */
  public static Builder builder(Path cloudAssembly, String stackName) {
    return new Builder(cloudAssembly, stackName);
  }

  private void startServices(Builder builder, List<Resource> created) {
    tables = DynamoDbEngine.start();
    closeables.add(tables);
    LocalTables localTables = new LocalTables(tables);
    for (Resource resource : created) {
      if (TABLE_TYPES.contains(resource.type())) {
        JsonNode properties = resolver.properties(resource.logicalId());
        String name = properties.hasNonNull("TableName") ? properties.get("TableName").asText()
            : PhysicalNames.generate(template.stackName(), resource.logicalId());
        LocalTables.Created table = localTables.create(resource.logicalId(), resource.type(), name, properties);
        registry.register(resource.logicalId(), table.tableName(), table.attributes());
      }
    }
    queues = LocalQueues.start(resolver, registry);
    closeables.add(queues);
    functions = LambdaFunctions.create(resolver, registry, Map.of());
    closeables.add(functions);
    if (created.stream().anyMatch(resource -> resource.type().equals(GRAPHQL_API))) {
      graphql = AppSyncEndpoint.builder(resolver, registry)
          .port(builder.graphqlPort)
          .clock(builder.graphqlClock)
          .tables(tables)
          // An HTTP data source that calls SQS reaches the local queues, so postOrder truly enqueues.
          .httpEndpoints(endpoint -> endpoint.startsWith("https://sqs.") ? queues.endpoint() : null)
          .lambda(this::invokeForGraphql)
          .directory(runDirectory.resolve("tls"))
          .start();
      closeables.add(graphql);
    }
    topics = new LocalTopics(runDirectory, queues::send, Clock.systemUTC());
    for (Resource resource : created) {
      if (resource.type().equals("AWS::SNS::Topic")) {
        JsonNode properties = resolver.properties(resource.logicalId());
        String name = properties.hasNonNull("TopicName") ? properties.get("TopicName").asText()
            : PhysicalNames.generate(template.stackName(), resource.logicalId());
        String arn = AwsEnvironment.DEFAULT.arn("sns", name);
        registry.register(resource.logicalId(), arn, Map.of("TopicArn", arn, "TopicName", name));
        topics.createTopic(resource.logicalId(), arn, properties);
      }
    }
    for (Resource resource : created) {
      if (resource.type().equals("AWS::SNS::Subscription")) {
        topics.subscribe(resource.logicalId(), resolver.properties(resource.logicalId()));
        registry.register(resource.logicalId(), resource.logicalId(), Map.of());
      }
    }
    // Buses before the state machines and pipes that name them; rules after the targets they name.
    events = LocalEventBuses.create(resolver, registry, new RuleTargets());
    closeables.add(events);
    Tasks tasks = new Tasks(tables, this::invoke, queues::send,
        (topicArn, subject, message) -> topics.publish(topicArn, subject, message), entries -> events.putEvents(entries));
    stepFunctions = StepFunctionsRunner.start(tasks, StepFunctionsRunner.Options.builder()
        .retryDelayScale(builder.retryDelayScale).build());
    closeables.add(stepFunctions);
    for (Resource resource : created) {
      if (resource.type().equals(STATE_MACHINE)) {
        startStateMachine(resource);
      }
    }
    events.createRules();
    SqsClient sqs = SqsClient.builder()
        .endpointOverride(queues.endpoint())
        .region(Region.of(AwsEnvironment.DEFAULT.region()))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
    closeables.add(sqs);
    PipeOptions options = PipeOptions.defaults().withRedeliveryDelay(builder.redeliveryDelay)
        .withSqsPollers(builder.sqsPollers);
    for (Resource resource : created) {
      if (resource.type().equals(PIPE)) {
        JsonNode properties = resolver.properties(resource.logicalId());
        String name = properties.hasNonNull("Name") ? properties.get("Name").asText()
            : PhysicalNames.generate(template.stackName(), resource.logicalId(), 64);
        LocalPipe pipe = LocalPipe.create(resource.logicalId(), name, properties, new Targets(), sqs, tables, options);
        registry.register(resource.logicalId(), name, Map.of("Arn", pipe.arn()));
        pipes.add(pipe);
        closeables.add(pipe);
      }
    }
    pipes.forEach(LocalPipe::start);
  }

  /** What the pipes call: the local state machines, topics, queues and functions. */
  private final class Targets implements PipeTargets {

    @Override
    public String startSyncExecution(String stateMachineArn, String input) throws PipeTargetException {
      ExecutionSummary summary;
      try {
        summary = stepFunctions.startSync(stateMachineArn, null, input);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PipeTargetException("Interrupted", "the local system is stopping");
      } catch (RuntimeException e) {
        throw new PipeTargetException("StepFunctions.InvalidRequest", e.getMessage());
      }
      if (summary.status() != ExecutionStatus.SUCCEEDED) {
        throw new PipeTargetException(summary.error() == null ? summary.status().name() : summary.error(),
            summary.cause());
      }
      return summary.output();
    }

    @Override
    public void startExecution(String stateMachineArn, String input) throws PipeTargetException {
      try {
        stepFunctions.start(stateMachineArn, null, input);
      } catch (RuntimeException e) {
        throw new PipeTargetException("StepFunctions.InvalidRequest", e.getMessage());
      }
    }

    @Override
    public void publish(String topicArn, String message) throws PipeTargetException {
      try {
        topics.publish(topicArn, null, message);
      } catch (RuntimeException e) {
        throw new PipeTargetException("SNS.NotFound", e.getMessage());
      }
    }

    @Override
    public void sendMessage(String queueArn, String body) throws PipeTargetException {
      try {
        queues.send(queueArn, body);
      } catch (RuntimeException e) {
        throw new PipeTargetException("SQS.SendMessageFailed", e.getMessage());
      }
    }

    @Override
    public String invokeFunction(String functionArn, String payload) throws PipeTargetException {
      InvokeResult result;
      try {
        count(functionArn);
        result = functions.invoke(functionArn, payload.getBytes(StandardCharsets.UTF_8));
      } catch (RuntimeException e) {
        throw new PipeTargetException("Lambda.ServiceException", e.getMessage());
      }
      String answer = new String(result.payload(), StandardCharsets.UTF_8);
      if (result.failed()) {
        throw new PipeTargetException(result.json().path("errorType").asText("Lambda.Unknown"), answer);
      }
      return answer;
    }

    @Override
    public void putEvent(String eventBusArn, String source, String detailType, String detail, List<String> resources,
        java.time.Instant time) throws PipeTargetException {
      PutEventsResult result;
      try {
        result = events.putEvents(List.of(new PutEventsEntry(eventBusArn, source, detailType, detail, resources,
            time))).get(0);
      } catch (RuntimeException e) {
        throw new PipeTargetException("EventBridge.InternalException", e.getMessage());
      }
      if (!result.accepted()) {
        throw new PipeTargetException("EventBridge." + result.errorCode(), result.errorMessage());
      }
    }

    @Override
    public String queueUrl(String queueArn) {
      return queues.urlOf(queueArn);
    }
  }

  /** What the rules' targets call: the local queues, topics, state machines, functions and GraphQL API. */
  private final class RuleTargets implements EventTargets {

    @Override
    public void sendMessage(String queueArn, String body) {
      queues.send(queueArn, body);
    }

    @Override
    public void publish(String topicArn, String message) {
      topics.publish(topicArn, null, message);
    }

    @Override
    public void startExecution(String stateMachineArn, String input) {
      stepFunctions.start(stateMachineArn, null, input);
    }

    @Override
    public void invokeFunction(String functionArn, String payload) {
      count(functionArn);
      // Asynchronous, as EventBridge invokes: the function's own error is not the rule's failure.
      InvokeResult result = functions.invoke(functionArn, payload.getBytes(StandardCharsets.UTF_8));
      if (result.failed()) {
        LOG.log(System.Logger.Level.WARNING, "function " + functionArn + " failed on an event: "
            + new String(result.payload(), StandardCharsets.UTF_8));
      }
    }

    @Override
    public JsonNode graphql(String apiArn, String roleArn, String operation, JsonNode variables) {
      AppSyncEndpoint api = LocalSystem.this.graphql().filter(endpoint -> endpoint.arn().equals(apiArn)).orElseThrow(
          () -> new IllegalStateException("no GraphQL API " + apiArn + " runs locally"));
      return api.executeAsIam(roleArn, operation, variables);
    }
  }

  private void startStateMachine(Resource resource) {
    JsonNode properties = resolver.properties(resource.logicalId());
    String definition;
    if (properties.has("DefinitionString")) {
      definition = properties.get("DefinitionString").asText();
    } else if (properties.has("Definition")) {
      definition = properties.get("Definition").toString();
    } else if (properties.has("DefinitionS3Location")) {
      try {
        definition = Files.readString(resolver.asset(resource.logicalId(), "DefinitionS3Location"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    } else {
      throw new AssemblyException(resource.logicalId() + " (" + STATE_MACHINE
          + "): it has no DefinitionString, Definition or DefinitionS3Location");
    }
    JsonNode substitutions = properties.path("DefinitionSubstitutions");
    for (var it = substitutions.fields(); it.hasNext(); ) {
      var entry = it.next();
      definition = definition.replace("${" + entry.getKey() + "}", entry.getValue().asText());
    }
    String name = properties.hasNonNull("StateMachineName") ? properties.get("StateMachineName").asText()
        : PhysicalNames.generate(template.stackName(), resource.logicalId());
    String arn = AwsEnvironment.DEFAULT.arn("states", "stateMachine:" + name);
    StateMachineType type = "EXPRESS".equals(properties.path("StateMachineType").asText("STANDARD"))
        ? StateMachineType.EXPRESS : StateMachineType.STANDARD;
    try {
      stepFunctions.register(arn, definition, type);
    } catch (RuntimeException e) {
      throw new AssemblyException(resource.logicalId() + " (" + STATE_MACHINE + "): property DefinitionString: "
          + e.getMessage(), e);
    }
    registry.register(resource.logicalId(), arn, Map.of("Arn", arn, "Name", name));
  }

  /** The stack's name. */
  public String stackName() {
    return template.stackName();
  }

  /** The table engine's endpoint (DynamoDB and DynamoDB Streams). */
  public URI dynamoDbEndpoint() {
    return tables.endpoint();
  }

  /** The table engine itself, for in-process calls and stream listeners. */
  public DynamoDbEngine tables() {
    return tables;
  }

  /**
   * What a resource's {@code Ref} gives locally: a table's name, a queue's URL, a topic's or a
   * state machine's ARN, a function's name.
   */
  public String physicalId(String logicalId) {
    return registry.ref(logicalId).map(Object::toString).orElseThrow(() -> new IllegalArgumentException(
        "stack " + template.stackName() + " has no resource " + logicalId + " that runs locally"));
  }

  /** The logical ids of the stack's resources of a type, e.g. {@code AWS::SQS::Queue}. */
  public List<String> logicalIds(String type) {
    return resolver.createdResources().stream().filter(r -> r.type().equals(type)).map(Resource::logicalId).toList();
  }

  private JsonNode invoke(String function, JsonNode payload) {
    count(function);
    return functions.invoke(function, payload);
  }

  private JsonNode invokeForGraphql(String function, JsonNode payload) {
    try {
      return invoke(function, payload);
    } catch (LambdaFunctionException e) {
      throw new LambdaInvoker.FunctionError(e.errorType(), e.errorMessage());
    }
  }

  private void count(String function) {
    invocations.computeIfAbsent(functions.function(function).logicalId(),
        id -> new AtomicInteger()).incrementAndGet();
  }

  /**
   * How many times the stack's state machines and pipes have invoked a function so far.
   *
   * @param function the function's logical id, name or ARN
   */
  public int invocations(String function) {
    var count = invocations.get(functions.function(function).logicalId());
    return count == null ? 0 : count.get();
  }

  /** The stack's GraphQL API, served locally as AppSync serves it; empty when the stack has none. */
  public Optional<AppSyncEndpoint> graphql() {
    return Optional.ofNullable(graphql);
  }

  /**
   * The PEM file of the certificate authority behind the GraphQL endpoint's TLS: what a client
   * trusts to reach it with {@code https://} or {@code wss://} (Node.js: {@code NODE_EXTRA_CA_CERTS}).
   * It is in the run directory and new at each start.
   *
   * @return the path; empty when the stack has no GraphQL API
   */
  public Optional<Path> certificate() {
    return graphql().map(AppSyncEndpoint::certificate);
  }

  /**
   * Puts events on the stack's event buses, as EventBridge's {@code PutEvents} does; the rules
   * that match deliver them to their targets in the background ({@link #awaitQuiet} waits for them).
   *
   * @param entries at most 10 entries
   * @return one result per entry: its event id, or why it was refused
   */
  public List<PutEventsResult> putEvents(List<PutEventsEntry> entries) {
    return events.putEvents(entries);
  }

  /** The stack's event buses and rules. */
  public LocalEventBuses eventBuses() {
    return events;
  }

  /** The SQS endpoint of the run's queues (ElasticMQ), for any SQS client. */
  public URI sqsEndpoint() {
    return queues.endpoint();
  }

  /**
   * Sends a message to a queue, as a producer (or the GraphQL API) would.
   *
   * @param queue the queue's logical id, URL or ARN
   * @return the message id
   */
  public String sendMessage(String queue, String body) {
    return queues.send(queue, body);
  }

  /**
   * How many messages a queue holds: visible, in flight (received, not yet deleted) and delayed.
   *
   * @param queue the queue's logical id, URL or ARN
   */
  public LocalQueues.MessageCounts queueCounts(String queue) {
    return queues.counts(queue);
  }

  /**
   * Waits until the system is quiet: no message waiting or in flight in a queue that a pipe
   * reads, no stream record on its way to a pipe, no batch in a pipe, no running execution;
   * and it stays so for a moment.
   *
   * @throws IllegalStateException when it is not quiet within the timeout, saying what is still busy
   */
  public void awaitQuiet(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int quietChecks = 0;
    String busy = "";
    while (System.nanoTime() < deadline) {
      busy = busy();
      quietChecks = busy.isEmpty() ? quietChecks + 1 : 0;
      if (quietChecks >= 4) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the local system to be quiet", e);
      }
    }
    throw new IllegalStateException("the local system is not quiet after " + timeout + ": " + busy);
  }

  private String busy() {
    List<String> busy = new ArrayList<>();
    if (!events.idle()) {
      busy.add("event deliveries on their way");
    }
    if (stepFunctions.running() > 0) {
      busy.add(stepFunctions.running() + " running execution(s)");
    }
    if (tables.pendingStreamRecords() > 0) {
      busy.add(tables.pendingStreamRecords() + " stream record(s) on their way");
    }
    for (LocalPipe pipe : pipes) {
      if (!pipe.idle()) {
        busy.add("pipe " + pipe.logicalId() + " has a batch");
      }
      if (pipe.sourceArn().startsWith("arn:aws:sqs:")) {
        LocalQueues.MessageCounts counts = queues.counts(pipe.sourceArn());
        if (counts.total() > 0) {
          busy.add(counts.total() + " message(s) in " + pipe.sourceArn());
        }
      }
    }
    return String.join(", ", busy);
  }

  /** Every message published to a topic and every delivery, in order. */
  public List<OutboxEntry> outbox() {
    return topics.outbox();
  }

  /** The emails delivered so far, in order. */
  public List<OutboxEntry> emails() {
    return topics.outbox().stream().filter(OutboxEntry::isEmail).toList();
  }

  /** The run's directory: the outbox file ({@code outbox.jsonl}) is there. */
  public Path runDirectory() {
    return runDirectory;
  }

  /** Every execution of the stack's state machines, in start order. */
  public List<ExecutionSummary> executions() {
    return stepFunctions.executions();
  }

  /** The resources that need no local engine (alarms, dashboards, logs, IAM, KMS), with why. */
  public List<String> notEmulated() {
    return notEmulated;
  }

  /** The template resolver of the run, for tools that read more of the stack. */
  public TemplateResolver resolver() {
    return resolver;
  }

  @Override
  public void close() {
    List<AutoCloseable> reversed = new ArrayList<>(closeables);
    Collections.reverse(reversed);
    closeables.clear();
    RuntimeException failure = null;
    for (AutoCloseable closeable : reversed) {
      try {
        closeable.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("the local system did not stop cleanly", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (ownRunDirectory && runDirectory != null) {
      try (Stream<Path> paths = Files.walk(runDirectory)) {
        paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      } catch (IOException e) {
        LOG.log(System.Logger.Level.WARNING, "could not delete " + runDirectory, e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Settings of a run; {@link #start()} starts it. */
  public static final class Builder {
    private final Path cloudAssembly;
    private final String stackName;
    private Path runDirectory;
    private Duration redeliveryDelay;
    private double retryDelayScale = 1.0;
    private int sqsPollers = PipeOptions.defaults().sqsPollers();
    private int graphqlPort;
    private Clock graphqlClock = Clock.systemUTC();
    private Map<String, String> parameters = Map.of();
    private Consumer<String> log = line -> LOG.log(System.Logger.Level.INFO, line);

    private Builder(Path cloudAssembly, String stackName) {
      this.cloudAssembly = Objects.requireNonNull(cloudAssembly, "cloudAssembly");
      this.stackName = Objects.requireNonNull(stackName, "stackName");
    }

    /**
     * Where the outbox file goes.
     *
     * @default a new temporary directory, deleted on close
     */
    public Builder runDirectory(Path runDirectory) {
      this.runDirectory = runDirectory;
      return this;
    }

    /**
     * After a pipe's target fails, make the batch's messages visible again after this delay
     * instead of the queue's visibility timeout: a local speed-up for tests of redelivery and
     * dead-letter queues. AWS has no such setting.
     *
     * @default none: messages reappear when their visibility timeout ends, as on AWS
     */
    public Builder redeliveryDelay(Duration redeliveryDelay) {
      this.redeliveryDelay = redeliveryDelay;
      return this;
    }

    /**
     * A factor (above 0, at most 1) applied to every Retry wait of the state machines: a local
     * speed-up for tests. AWS has no such setting.
     *
     * @default 1, the waits of the definition
     */
    public Builder retryDelayScale(double retryDelayScale) {
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
    public Builder sqsPollers(int sqsPollers) {
      if (sqsPollers < 1 || sqsPollers > 100) {
        throw new IllegalArgumentException("sqsPollers must be from 1 to 100, but " + sqsPollers + " was given");
      }
      this.sqsPollers = sqsPollers;
      return this;
    }

    /**
     * The port of the local GraphQL endpoint, when the stack has an AppSync API.
     *
     * @default 0, a free port
     */
    public Builder graphqlPort(int graphqlPort) {
      if (graphqlPort < 0 || graphqlPort > 65535) {
        throw new IllegalArgumentException("graphqlPort must be from 0 to 65535, but " + graphqlPort + " was given");
      }
      this.graphqlPort = graphqlPort;
      return this;
    }

    /**
     * The clock by which the local GraphQL endpoint judges API key expiry: a test moves it to see
     * a key expire.
     *
     * @default the system clock, UTC
     */
    public Builder graphqlClock(Clock graphqlClock) {
      this.graphqlClock = Objects.requireNonNull(graphqlClock, "graphqlClock");
      return this;
    }

    /**
     * Values of the template's parameters.
     *
     * @default none: each parameter takes its default
     */
    public Builder parameters(Map<String, String> parameters) {
      this.parameters = Map.copyOf(parameters);
      return this;
    }

    /**
     * Where the run's start-up lines go (what is not emulated).
     *
     * @default the JDK's System.Logger, at INFO
     */
    public Builder log(Consumer<String> log) {
      this.log = Objects.requireNonNull(log, "log");
      return this;
    }

    /** Starts the stack. */
    public LocalSystem start() {
      return new LocalSystem(this);
    }
  }
}
