package dev.orderflow.local;

import dev.orderflow.local.appsync.AppSyncEndpoint;
import dev.orderflow.local.appsync.LocalGraphqlApis;
import dev.orderflow.local.assembly.CloudAssembly;
import dev.orderflow.local.assembly.Provisioning;
import dev.orderflow.local.assembly.ReferenceRegistry;
import dev.orderflow.local.assembly.Resource;
import dev.orderflow.local.assembly.ResourceTypes;
import dev.orderflow.local.assembly.StackTemplate;
import dev.orderflow.local.assembly.TemplateResolver;
import dev.orderflow.local.awsapi.AwsEndpoint;
import dev.orderflow.local.awsapi.ExecutionsView;
import dev.orderflow.local.bill.Bill;
import dev.orderflow.local.bill.BillView;
import dev.orderflow.local.bill.FinishedOrders;
import dev.orderflow.local.bill.GatewayMeter;
import dev.orderflow.local.bill.Meter;
import dev.orderflow.local.bill.Prices;
import dev.orderflow.local.console.Console;
import dev.orderflow.local.console.ConsolePages;
import dev.orderflow.local.dynamodb.DynamoDbEngine;
import dev.orderflow.local.events.LocalEventBuses;
import dev.orderflow.local.events.PutEventsEntry;
import dev.orderflow.local.events.PutEventsResult;
import dev.orderflow.local.gateway.CallGateway;
import dev.orderflow.local.iam.LocalPolicies;
import dev.orderflow.local.lambda.LocalFunctions;
import dev.orderflow.local.pipes.LocalPipes;
import dev.orderflow.local.sns.LocalTopics;
import dev.orderflow.local.sns.OutboxEntry;
import dev.orderflow.local.sqs.LocalQueues;
import dev.orderflow.local.stepfunctions.ExecutionSummary;
import dev.orderflow.local.stepfunctions.LocalStateMachines;
import dev.orderflow.local.stepfunctions.StepFunctionsRunner;
import dev.orderflow.local.tables.LocalTables;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A synthesized stack running on this machine, from its cloud assembly ({@code cdk.out}) alone:
 * each service of the stack on its local engine, every call between them through one gateway
 * that enforces the template's IAM policies.
 *
 * <pre>{@code
 * try (LocalSystem system = LocalSystem.start(Path.of("cdk.out"), "PizzaOrders")) {
 *   system.sendMessage("OrdersQueue1234", "{...}");
 *   system.awaitQuiet(Duration.ofSeconds(30));
 *   system.emails();
 * }
 * }</pre>
 *
 * <p>The composition root: it orders the services and wires them to the gateway; what a resource
 * type does is in its service. Closing frees every port, thread, process and temporary file.
 */
public final class LocalSystem implements AutoCloseable {

  private final StackTemplate template;
  private final TemplateResolver resolver;
  private final ReferenceRegistry registry;
  private final RunDirectory runDirectory;
  private final CallGateway gateway;
  private final Services services = new Services();
  private final List<String> notEmulated;
  private final LocalTables tables = new LocalTables();
  private final LocalQueues queues;
  private final LocalFunctions functions = new LocalFunctions();
  private final LocalTopics topics;
  private final LocalEventBuses buses;
  private final LocalStateMachines machines;
  private final LocalGraphqlApis graphql;
  private final Path dataDirectory;
  private final Meter meter = new Meter();
  private final Prices prices;
  private AwsEndpoint awsEndpoint;

  LocalSystem(LocalSystemBuilder settings) {
    template = CloudAssembly.read(settings.cloudAssembly()).stack(settings.stackName());
    registry = new ReferenceRegistry(template, settings.environment());
    resolver = new TemplateResolver(template, registry, settings.environment(), settings.parameters());
    runDirectory = RunDirectory.of(settings.runDirectory());
    gateway = new CallGateway(settings.iam(), settings.output());
    prices = settings.prices() == null ? Prices.defaults() : Prices.withOverrides(settings.prices());
    // The bill: calls between resources are metered as they pass the gateway, the rest where they happen.
    gateway.addListener(new GatewayMeter(meter));
    tables.meter(meter);
    functions.meter(meter);
    // Tables first: the engine is the one every other service may name. Then what the others call.
    services.add(tables);
    queues = services.add(new LocalQueues(settings.environment()));
    dataDirectory = settings.dataDirectory();
    if (dataDirectory != null) {
      // After the tables and queues it restores; closed after the services that use them, before them.
      try {
        services.add(RunData.open(dataDirectory, template.stackName(), settings.log(), tables, queues,
            this::stateMachines, settings.executionLimit()));
      } catch (RuntimeException e) {
        close();
        throw e;
      }
    }
    services.add(functions);
    topics = services.add(new LocalTopics(gateway, Clock.systemUTC(), dataDirectory != null));
    topics.meter(meter);
    buses = services.add(new LocalEventBuses(gateway, Clock.systemUTC()));
    machines = services.add(new LocalStateMachines(gateway, StepFunctionsRunner.Options.builder()
        .retryDelayScale(settings.retryDelayScale()).executionLimit(settings.executionLimit()).build()));
    machines.meter(meter);
    graphql = services.add(new LocalGraphqlApis(gateway, settings.graphqlPort(), settings.graphqlClock(),
        settings.allowOrigins(), settings.traceLimit()));
    graphql.meter(meter);
    services.add(new LocalPipes(gateway, tables::engine, settings.pipeOptions().withMeter(meter)));
    // Last: the policies name every other resource, whose ARNs are known once they are provisioned.
    services.add(new LocalPolicies(gateway, settings.iam(), settings.output()));
    notEmulated = ResourceTypes.classify(resolver.createdResources(), services.resourceTypes()).notEmulatedSummary();
    boolean started = false;
    try {
      services.provision(new Provisioning(resolver, registry, runDirectory.path()), gateway);
      // A Node.js runner that keeps dying must not leave the system half-dead: its owner is told.
      machines.runner().ifPresent(runner -> runner.onGiveUp(e -> settings.runnerGaveUp().accept(e.getMessage())));
      graphql.endpoint().ifPresent(api -> api.onRunnerGiveUp(e -> settings.runnerGaveUp().accept(e.getMessage())));
      ExecutionsView executions = new ExecutionsView() {
        @Override
        public com.fasterxml.jackson.databind.node.ArrayNode list(String stateMachineArn, String status, String contains) {
          return machines.executionList(stateMachineArn, status, contains);
        }

        @Override
        public Optional<com.fasterxml.jackson.databind.JsonNode> describe(String executionArn) {
          return machines.executionDetail(executionArn);
        }
      };
      // Before the services start, so that they see every table write.
      Console console = new Console(new Console.Sources(gateway, executions, graphql.requests(),
          () -> graphql.endpoint().map(AppSyncEndpoint::graphiqlUrl), topics::outbox));
      for (String tableName : tables.tableNames().values()) {
        tables.engine().addStreamListener(tableName, new FinishedOrders(meter));
      }
      graphql.endpoint().ifPresent(api -> api.bill(BillView.of(meter, () -> prices)));
      services.start();
      // After the services: the endpoint reaches them through the gateway only.
      awsEndpoint = AwsEndpoint.start(gateway, settings.awsPort(), executions, new ConsolePages(console),
          settings.allowOrigins());
      awsEndpoint.bill(BillView.of(meter, () -> prices));
      graphql.endpoint().ifPresent(api -> api.consoleUrl(consoleUrl()));
      started = true;
    } finally {
      if (!started) {
        close();
      }
    }
    settings.log().accept("Not emulated locally: " + String.join("; ", notEmulated));
  }

  /** Starts the stack {@code stackName} of the cloud assembly in {@code cloudAssembly} with the defaults. */
  public static LocalSystem start(Path cloudAssembly, String stackName) {
    return builder(cloudAssembly, stackName).start();
  }

  /** Settings for a run of a stack. */
  public static LocalSystemBuilder builder(Path cloudAssembly, String stackName) {
    return new LocalSystemBuilder(cloudAssembly, stackName);
  }

  /** The stack's name. */
  public String stackName() {
    return template.stackName();
  }

  /** The gateway every call between the stack's resources passes: its IAM denials, its listeners. */
  public CallGateway gateway() {
    return gateway;
  }

  /** The table engine itself, for in-process calls and stream listeners. */
  public DynamoDbEngine tables() {
    return tables.engine();
  }

  /**
   * The one endpoint where the AWS SDKs and CLI reach every local service unchanged (DynamoDB and
   * Streams, SQS, Step Functions, SNS, EventBridge), e.g. {@code http://127.0.0.1:41234}; also
   * {@code /_orderflow/executions}.
   */
  public URI awsEndpoint() {
    return awsEndpoint.uri();
  }

  /**
   * The local console, on the AWS endpoint's port, e.g. {@code http://127.0.0.1:41234/_orderflow/}: an
   * order's journey at {@code orders/{id}}, the tables, queues, workflows and outbox, and their JSON
   * under {@code api/}.
   */
  public URI consoleUrl() {
    return awsEndpoint.uri().resolve(ConsolePages.PATH);
  }

  /** The table engine's endpoint (DynamoDB and DynamoDB Streams). */
  public URI dynamoDbEndpoint() {
    return tables.engine().endpoint();
  }

  /** What a resource's {@code Ref} gives locally: a table's name, a queue's URL, a topic's ARN... */
  public String physicalId(String logicalId) {
    return registry.ref(logicalId).map(Object::toString).orElseThrow(() -> new IllegalArgumentException(
        "stack " + template.stackName() + " has no resource " + logicalId + " that runs locally"));
  }

  /** The logical ids of the stack's resources of a type, e.g. {@code AWS::SQS::Queue}. */
  public List<String> logicalIds(String type) {
    return resolver.createdResources().stream().filter(r -> r.type().equals(type)).map(Resource::logicalId).toList();
  }

  /** How many times a function (logical id, name or ARN) has been invoked by the stack's resources. */
  public int invocations(String function) {
    return functions.invocations(function);
  }

  /** The stack's GraphQL API, served locally as AppSync serves it; empty when the stack has none. */
  public Optional<AppSyncEndpoint> graphql() {
    return graphql.endpoint();
  }

  /**
   * The traces of the latest requests to the GraphQL endpoint, newest first (the query inspector's
   * record); empty when the stack has no API or tracing is off ({@code traceLimit(0)}).
   */
  public dev.orderflow.local.appsync.RequestTraces requests() {
    return graphql.requests();
  }

  /**
   * The credentials that IAM callers of the GraphQL endpoint sign with (any access key id, this
   * secret); empty when the stack has no API.
   */
  public Optional<dev.orderflow.local.appsync.AwsCredentials> awsCredentials() {
    return graphql().map(AppSyncEndpoint::awsCredentials);
  }

  /** The PEM file of the certificate authority behind the GraphQL endpoint's TLS port (new at each start). */
  public Optional<Path> certificate() {
    return graphql().map(AppSyncEndpoint::certificate);
  }

  /** Puts events (at most 10) on the stack's buses, as PutEvents does; matching rules deliver them. */
  public List<PutEventsResult> putEvents(List<PutEventsEntry> entries) {
    return buses.putEvents(entries);
  }

  /** The stack's event buses and rules. */
  public LocalEventBuses eventBuses() {
    return buses;
  }

  /** The SQS endpoint of the run's queues (ElasticMQ behind a port that answers errors in SQS's JSON), for any SQS client. */
  public URI sqsEndpoint() {
    return queues.endpoint();
  }

  /** Sends a message to a queue (logical id, URL or ARN), as a producer would; answers its id. */
  public String sendMessage(String queue, String body) {
    return queues.send(queue, body);
  }

  /** How many messages a queue (logical id, URL or ARN) holds: visible, in flight and delayed. */
  public LocalQueues.MessageCounts queueCounts(String queue) {
    return queues.counts(queue);
  }

  /**
   * Waits until nothing is on its way (a message in a pipe's queue, a stream record, a batch, an
   * execution, an event) and it stays so for a moment.
   *
   * @throws IllegalStateException when it is not quiet within the timeout, saying what is still busy
   */
  public void awaitQuiet(Duration timeout) {
    Quiet.await(timeout, services::busy);
  }

  /**
   * What the stack's work since the start (or the last {@link #resetBill()}) would cost on AWS:
   * each billable unit counted by AWS's rule as it happened, at the run's prices. Also served as
   * {@code GET /_orderflow/bill} on the GraphQL endpoint.
   */
  public Bill bill() {
    return meter.bill(prices);
  }

  /** Closes the bill's window: answers its bill, then counts from zero. */
  public Bill resetBill() {
    return BillView.of(meter, () -> prices).reset();
  }

  /** Every message published to a topic and every delivery, in order. */
  public List<OutboxEntry> outbox() {
    return topics.outbox();
  }

  /** The emails delivered so far, in order. */
  public List<OutboxEntry> emails() {
    return topics.outbox().stream().filter(OutboxEntry::isEmail).toList();
  }

  /**
   * The folder that keeps the stack's data between runs, when the builder named one: tables,
   * queues, executions and the outbox are read from it at start and saved to it at close.
   */
  public Optional<Path> dataDirectory() {
    return Optional.ofNullable(dataDirectory);
  }

  /** The run's directory: the outbox file ({@code outbox.jsonl}) is there; the data folder when there is one. */
  public Path runDirectory() {
    return runDirectory.path();
  }

  /**
   * The executions of the stack's state machines, in start order: the last {@code executionLimit}
   * (1000 unless set) and every one that still runs.
   */
  public List<ExecutionSummary> executions() {
    return machines.executions();
  }

  private LocalStateMachines stateMachines() {
    return machines;
  }

  /** The resources that need no local engine (alarms, dashboards, logs, KMS), with why. */
  public List<String> notEmulated() {
    return notEmulated;
  }

  /** The template resolver of the run, for tools that read more of the stack. */
  public TemplateResolver resolver() {
    return resolver;
  }

  /** Stops every service, the last provisioned first, then deletes the run directory it made. */
  @Override
  public void close() {
    try {
      if (awsEndpoint != null) {
        awsEndpoint.close();
      }
      services.close();
    } finally {
      runDirectory.close();
    }
  }
}
