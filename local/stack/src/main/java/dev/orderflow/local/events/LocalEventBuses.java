package dev.orderflow.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.assembly.AssemblyException;
import dev.orderflow.local.assembly.AwsEnvironment;
import dev.orderflow.local.assembly.LocalService;
import dev.orderflow.local.assembly.PhysicalNames;
import dev.orderflow.local.assembly.Provisioning;
import dev.orderflow.local.gateway.AwsService;
import dev.orderflow.local.gateway.CallGateway;
import dev.orderflow.local.gateway.Caller;
import dev.orderflow.local.gateway.ServiceException;
import dev.orderflow.local.assembly.ReferenceRegistry;
import dev.orderflow.local.assembly.Resource;
import dev.orderflow.local.assembly.TemplateResolver;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.event.ruler.Machine;

/**
 * A stack's EventBridge event buses and rules, run locally. Each custom bus
 * ({@code AWS::Events::EventBus}) and the {@code default} bus take events through
 * {@link #putEvents}; each enabled rule ({@code AWS::Events::Rule}) whose {@code EventPattern}
 * matches an event (on Event Ruler, EventBridge's own matcher) sends it to each of its targets, with
 * the target's {@code Input}, {@code InputPath} or {@code InputTransformer} applied. Targets are SQS
 * queues, SNS topics, Step Functions state machines, Lambda functions, other event buses and AppSync
 * APIs ({@code AppSyncParameters.GraphQLOperation}, called as the target's role through IAM).
 *
 * <p>Deliveries run on one thread, in the order the events were put. A failed delivery is retried
 * by the target's {@code RetryPolicy} (185 attempts and 24 hours by default, as EventBridge), with
 * waits from 100 milliseconds doubling to 5 seconds (shorter than EventBridge's, to keep local runs
 * quick), and then sent to the target's {@code DeadLetterConfig} queue when it has one.
 */
public final class LocalEventBuses implements LocalService, AwsService {

  /** The CloudFormation type of an event bus. */
  public static final String BUS_TYPE = "AWS::Events::EventBus";
  /** The CloudFormation type of a rule. */
  public static final String RULE_TYPE = "AWS::Events::Rule";
  private static final System.Logger LOG = System.getLogger(LocalEventBuses.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DEFAULT_BUS = "default";
  private static final Set<String> RULE_PROPERTIES = Set.of("Name", "Description", "EventBusName", "EventPattern",
      "State", "Targets", "RoleArn", "Tags");
  private static final Set<String> TARGET_PROPERTIES = Set.of("Id", "Arn", "RoleArn", "Input", "InputPath",
      "InputTransformer", "DeadLetterConfig", "RetryPolicy", "AppSyncParameters", "SqsParameters");

  private final CallGateway gateway;
  private final Clock clock;
  private TemplateResolver resolver;
  private ReferenceRegistry registry;
  private AwsEnvironment env;
  private final Map<String, Bus> buses = new LinkedHashMap<>();
  private final ScheduledExecutorService deliveries;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final List<String> failures = new CopyOnWriteArrayList<>();

  private record Bus(String name, String arn, List<Rule> rules) {
  }

  private record Rule(String logicalId, String name, String arn, boolean enabled, Machine pattern,
      List<Target> targets, String patternText, String state) {
  }

  private enum Kind {
    QUEUE, TOPIC, STATE_MACHINE, FUNCTION, EVENT_BUS, APPSYNC
  }

  private record Target(String id, Kind kind, String arn, String roleArn, String input,
      List<Object> inputPath, InputTransformer transformer, String deadLetterArn, int maxRetries,
      Duration maxAge, String graphqlOperation) {
  }

  /**
   * Buses and rules whose targets are called through a gateway.
   *
   * @param gateway the path to the targets
   * @param clock the time of events
   */
  public LocalEventBuses(CallGateway gateway, Clock clock) {
    this.gateway = gateway;
    this.clock = clock;
    this.deliveries = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "eventbridge-deliveries");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public Set<String> resourceTypes() {
    return Set.of(BUS_TYPE, RULE_TYPE);
  }

  /**
   * Creates the stack's buses (and the {@code default} bus) and registers what the buses' and the
   * rules' {@code Ref} and {@code Fn::GetAtt} give; the rules themselves are read at
   * {@link #start()}, once their targets are provisioned.
   */
  @Override
  public void provision(Provisioning stack) {
    this.resolver = stack.resolver();
    this.registry = stack.registry();
    this.env = stack.environment();
    addBus(DEFAULT_BUS);
    for (Resource r : stack.resources(Set.of(BUS_TYPE))) {
      JsonNode p = resolver.properties(r.logicalId());
      if (!p.path("Name").isTextual()) {
        throw new AssemblyException(r.logicalId() + " (" + BUS_TYPE + "): property Name is required");
      }
      if (p.has("EventSourceName")) {
        throw new AssemblyException(r.logicalId() + " (" + BUS_TYPE + "): property EventSourceName (a partner"
            + " event source) cannot run locally");
      }
      Bus bus = addBus(p.get("Name").asText());
      registry.register(r.logicalId(), bus.name(), Map.of("Arn", bus.arn(), "Name", bus.name()));
    }
    for (Resource r : stack.resources(Set.of(RULE_TYPE))) {
      // Only the name and bus now: the targets are read at start, once every service is provisioned.
      JsonNode p = JSON.createObjectNode();
      for (String property : List.of("Name", "EventBusName")) {
        if (r.properties().has(property)) {
          ((ObjectNode) p).set(property, resolver.property(r.logicalId(), property));
        }
      }
      Bus bus = bus(p.path("EventBusName").asText(DEFAULT_BUS));
      String name = ruleName(r.logicalId(), p);
      String ref = bus.name().equals(DEFAULT_BUS) ? name : bus.name() + "|" + name;
      registry.register(r.logicalId(), ref, Map.of("Arn", ruleArn(bus, name)));
    }
  }

  @Override
  public void start() {
    createRules();
  }

  @Override
  public List<String> busy() {
    return idle() ? List.of() : List.of("event deliveries on their way");
  }

  @Override
  public String prefix() {
    return "events";
  }

  /** The buses that PutEvents' entries name. */
  @Override
  public List<String> resources(String operation, JsonNode request) {
    List<String> arns = new ArrayList<>();
    for (JsonNode entry : request.path("Entries")) {
      Bus bus = busOrNull(entry.path("EventBusName").asText(DEFAULT_BUS));
      if (bus != null && !arns.contains(bus.arn())) {
        arns.add(bus.arn());
      }
    }
    return arns;
  }

  @Override
  public JsonNode call(Caller caller, String operation, JsonNode request) {
    if ("ListEventBuses".equals(operation)) {
      String prefix = request.path("NamePrefix").asText("");
      ObjectNode answer = JSON.createObjectNode();
      var list = answer.putArray("EventBuses");
      buses.values().stream().filter(bus -> bus.name().startsWith(prefix))
          .forEach(bus -> list.addObject().put("Name", bus.name()).put("Arn", bus.arn()));
      return answer;
    }
    if ("ListRules".equals(operation)) {
      Bus bus = busOrNull(request.path("EventBusName").asText(DEFAULT_BUS));
      if (bus == null) {
        throw new ServiceException("events", "ResourceNotFoundException", 400, "Event bus "
            + request.path("EventBusName").asText() + " does not exist.");
      }
      String prefix = request.path("NamePrefix").asText("");
      ObjectNode answer = JSON.createObjectNode();
      var list = answer.putArray("Rules");
      bus.rules().stream().filter(rule -> rule.name().startsWith(prefix))
          .forEach(rule -> list.addObject().put("Name", rule.name()).put("Arn", rule.arn())
              .put("EventPattern", rule.patternText()).put("State", rule.state()).put("EventBusName", bus.name()));
      return answer;
    }
    if (!"PutEvents".equals(operation)) {
      throw new ServiceException("events", "UnknownOperationException", 400,
          "the local EventBridge service answers ListEventBuses, ListRules and PutEvents, not " + operation);
    }
    List<PutEventsEntry> entries = new ArrayList<>();
    for (JsonNode e : request.path("Entries")) {
      JsonNode detail = e.path("Detail");
      List<String> resources = new ArrayList<>();
      e.path("Resources").forEach(r -> resources.add(r.asText()));
      Instant time = null;
      if (e.path("Time").isTextual()) {
        try {
          time = Instant.parse(e.get("Time").asText());
        } catch (java.time.format.DateTimeParseException ignored) {
          // EventBridge takes the current time for a time it cannot read
        }
      } else if (e.path("Time").isNumber()) {
        time = Instant.ofEpochMilli((long) (e.get("Time").asDouble() * 1000));
      }
      entries.add(new PutEventsEntry(e.path("EventBusName").asText(null), e.path("Source").asText(null),
          e.path("DetailType").asText(null), detail.isMissingNode() || detail.isNull() ? null
          : detail.isTextual() ? detail.asText() : detail.toString(), resources, time));
    }
    if (entries.isEmpty() || entries.size() > 10) {
      throw new ServiceException("events", "ValidationException", 400,
          "1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length "
              + "less than or equal to 10 and greater than or equal to 1");
    }
    ObjectNode answer = JSON.createObjectNode();
    var out = answer.putArray("Entries");
    int failed = 0;
    for (PutEventsResult r : putEvents(entries)) {
      if (r.accepted()) {
        out.addObject().put("EventId", r.eventId());
      } else {
        failed++;
        out.addObject().put("ErrorCode", r.errorCode()).put("ErrorMessage", r.errorMessage());
      }
    }
    answer.put("FailedEntryCount", failed);
    return answer;
  }

  private Bus addBus(String name) {
    if (buses.containsKey(name)) {
      throw new AssemblyException("two event buses are named " + name);
    }
    Bus bus = new Bus(name, env.arn("events", "event-bus/" + name), new CopyOnWriteArrayList<>());
    buses.put(name, bus);
    return bus;
  }

  /** Reads the stack's rules, their targets now provisioned. */
  private void createRules() {
    for (Resource r : resolver.createdResources()) {
      if (r.type().equals(RULE_TYPE)) {
        Rule rule = readRule(r.logicalId(), resolver.properties(r.logicalId()));
        bus(resolver.properties(r.logicalId()).path("EventBusName").asText(DEFAULT_BUS)).rules().add(rule);
      }
    }
  }

  private String ruleName(String logicalId, JsonNode p) {
    return p.path("Name").isTextual() ? p.get("Name").asText()
        : PhysicalNames.generate(resolver.template().stackName(), logicalId, 64);
  }

  private String ruleArn(Bus bus, String name) {
    return env.arn("events", "rule/" + (bus.name().equals(DEFAULT_BUS) ? "" : bus.name() + "/") + name);
  }

  private Rule readRule(String logicalId, JsonNode p) {
    String where = logicalId + " (" + RULE_TYPE + ")";
    p.fieldNames().forEachRemaining(name -> {
      if (name.equals("ScheduleExpression")) {
        throw new AssemblyException(where + ": property ScheduleExpression: scheduled rules do not run locally;"
            + " only rules with an EventPattern do");
      }
      if (!RULE_PROPERTIES.contains(name)) {
        throw new AssemblyException(where + ": property " + name + " is not supported locally; supported are "
            + new java.util.TreeSet<>(RULE_PROPERTIES));
      }
    });
    String busName = p.path("EventBusName").asText(DEFAULT_BUS);
    Bus bus = busOrNull(busName);
    if (bus == null) {
      throw new AssemblyException(where + ": property EventBusName: no event bus " + busName + " in the stack;"
          + " the buses are " + buses.keySet());
    }
    String name = ruleName(logicalId, p);
    String arn = ruleArn(bus, name);
    String state = p.path("State").asText("ENABLED");
    if (!Set.of("ENABLED", "DISABLED", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS").contains(state)) {
      throw new AssemblyException(where + ": property State is '" + state + "'; allowed are ENABLED, DISABLED and"
          + " ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS");
    }
    JsonNode pattern = p.path("EventPattern");
    if (pattern.isMissingNode()) {
      throw new AssemblyException(where + ": property EventPattern is required locally (scheduled rules do not run)");
    }
    Machine machine = Machine.builder().build();
    try {
      machine.addRule(name, pattern.isTextual() ? pattern.asText() : pattern.toString());
    } catch (Exception e) {
      throw new AssemblyException(where + ": property EventPattern is not a valid event pattern (" + e.getMessage()
          + "): " + pattern);
    }
    List<Target> list = new ArrayList<>();
    int i = 0;
    for (JsonNode t : p.path("Targets")) {
      list.add(readTarget(t, where + ": property Targets[" + i++ + "]"));
    }
    return new Rule(logicalId, name, arn, !state.equals("DISABLED"), machine, List.copyOf(list),
        pattern.isTextual() ? pattern.asText() : pattern.toString(), state);
  }

  private Target readTarget(JsonNode t, String where) {
    t.fieldNames().forEachRemaining(name -> {
      if (!TARGET_PROPERTIES.contains(name)) {
        throw new AssemblyException(where + "." + name + " is not supported locally; supported are "
            + new java.util.TreeSet<>(TARGET_PROPERTIES));
      }
    });
    String arn = t.path("Arn").asText("");
    Kind kind = kindOf(arn);
    if (kind == null) {
      throw new AssemblyException(where + ".Arn: " + arn + " is not a target that runs locally (SQS queue, SNS topic,"
          + " Step Functions state machine, Lambda function, event bus, AppSync API)");
    }
    int inputs = (t.has("Input") ? 1 : 0) + (t.has("InputPath") ? 1 : 0) + (t.has("InputTransformer") ? 1 : 0);
    if (inputs > 1) {
      throw new AssemblyException(where + ": Input, InputPath and InputTransformer exclude each other, but "
          + inputs + " are set");
    }
    String operation = null;
    if (kind == Kind.APPSYNC) {
      operation = t.path("AppSyncParameters").path("GraphQLOperation").asText(null);
      if (operation == null) {
        throw new AssemblyException(where + ".AppSyncParameters.GraphQLOperation is required for an AppSync target");
      }
      if (!t.path("RoleArn").isTextual()) {
        throw new AssemblyException(where + ".RoleArn is required for an AppSync target: AppSync is called as that role");
      }
    }
    JsonNode retry = t.path("RetryPolicy");
    int maxRetries = retry.path("MaximumRetryAttempts").asInt(185);
    Duration maxAge = Duration.ofSeconds(retry.path("MaximumEventAgeInSeconds").asLong(86_400));
    return new Target(t.path("Id").asText(), kind, arn, t.path("RoleArn").asText(null),
        t.path("Input").isMissingNode() ? null : t.get("Input").isTextual() ? t.get("Input").asText() : t.get("Input").toString(),
        t.has("InputPath") ? InputTransformer.JsonPaths.parse(t.get("InputPath").asText(), where + ".InputPath") : null,
        t.has("InputTransformer") ? new InputTransformer(t.get("InputTransformer"), where + ".InputTransformer") : null,
        t.path("DeadLetterConfig").path("Arn").asText(null), maxRetries, maxAge, operation);
  }

  private static Kind kindOf(String arn) {
    if (arn.matches("arn:[^:]+:sqs:.*")) {
      return Kind.QUEUE;
    }
    if (arn.matches("arn:[^:]+:sns:.*")) {
      return Kind.TOPIC;
    }
    if (arn.matches("arn:[^:]+:states:[^:]*:[^:]*:stateMachine:.*")) {
      return Kind.STATE_MACHINE;
    }
    if (arn.matches("arn:[^:]+:lambda:.*:function:.*")) {
      return Kind.FUNCTION;
    }
    if (arn.matches("arn:[^:]+:events:[^:]*:[^:]*:event-bus/.*")) {
      return Kind.EVENT_BUS;
    }
    if (arn.matches("arn:[^:]+:appsync:.*")) {
      return Kind.APPSYNC;
    }
    return null;
  }

  private Bus busOrNull(String nameOrArn) {
    String name = nameOrArn.contains(":event-bus/") ? nameOrArn.substring(nameOrArn.indexOf(":event-bus/") + 11)
        : nameOrArn;
    return buses.get(name);
  }

  private Bus bus(String nameOrArn) {
    Bus bus = busOrNull(nameOrArn);
    if (bus == null) {
      throw new IllegalArgumentException("no event bus " + nameOrArn + "; the buses are " + buses.keySet());
    }
    return bus;
  }

  /**
   * The ARN of a bus.
   *
   * @param nameOrArn the bus's name (or ARN); {@code default} for the default bus
   * @return its ARN
   * @throws IllegalArgumentException when the stack has no such bus
   */
  public String busArn(String nameOrArn) {
    return bus(nameOrArn).arn();
  }

  /**
   * Puts events on their buses, as {@code PutEvents} does: each accepted entry becomes an event
   * with a new id, matched against the bus's rules and delivered to their targets in the background.
   *
   * @param entries the entries, at most 10
   * @return one result per entry, in order
   * @throws IllegalArgumentException when there are more than 10 entries
   */
  public List<PutEventsResult> putEvents(List<PutEventsEntry> entries) {
    if (entries.size() > 10) {
      throw new IllegalArgumentException("PutEvents takes at most 10 entries, but " + entries.size() + " were given");
    }
    List<PutEventsResult> results = new ArrayList<>();
    for (PutEventsEntry entry : entries) {
      results.add(put(entry));
    }
    return results;
  }

  private PutEventsResult put(PutEventsEntry entry) {
    Bus bus = busOrNull(entry.eventBusName() == null ? DEFAULT_BUS : entry.eventBusName());
    if (bus == null) {
      return new PutEventsResult(null, "ResourceNotFoundException", "Event bus " + entry.eventBusName()
          + " does not exist.");
    }
    if (entry.source() == null || entry.source().isBlank() || entry.detailType() == null
        || entry.detailType().isBlank()) {
      return new PutEventsResult(null, "InvalidArgument", "Parameters Source and DetailType are required.");
    }
    JsonNode detail;
    try {
      detail = entry.detail() == null ? JSON.createObjectNode() : JSON.readTree(entry.detail());
    } catch (IOException e) {
      detail = null;
    }
    if (detail == null || !detail.isObject()) {
      return new PutEventsResult(null, "MalformedDetail", "Detail is malformed: it must be a JSON object.");
    }
    String id = UUID.randomUUID().toString();
    ObjectNode event = JSON.createObjectNode();
    event.put("version", "0");
    event.put("id", id);
    event.put("detail-type", entry.detailType());
    event.put("source", entry.source());
    event.put("account", env.accountId());
    event.put("time", (entry.time() == null ? clock.instant() : entry.time()).truncatedTo(ChronoUnit.SECONDS).toString());
    event.put("region", env.region());
    entry.resources().forEach(event.putArray("resources")::add);
    if (!event.has("resources")) {
      event.putArray("resources");
    }
    event.set("detail", detail);
    dispatch(bus, event);
    return new PutEventsResult(id, null, null);
  }

  private void dispatch(Bus bus, ObjectNode event) {
    String ingestion = clock.instant().toString();
    for (Rule rule : bus.rules()) {
      if (!rule.enabled() || !matches(rule, event)) {
        continue;
      }
      for (Target target : rule.targets()) {
        inFlight.incrementAndGet();
        Instant putAt = clock.instant();
        deliveries.execute(() -> deliver(rule, target, event, ingestion, putAt, 0));
      }
    }
  }

  private static boolean matches(Rule rule, JsonNode event) {
    try {
      return !rule.pattern().rulesForJSONEvent(event).isEmpty();
    } catch (RuntimeException e) {
      return false;
    }
  }

  private void deliver(Rule rule, Target target, ObjectNode event, String ingestion, Instant putAt, int attempt) {
    try {
      String input = input(rule, target, event, ingestion);
      call(rule, target, event, input);
      inFlight.decrementAndGet();
    } catch (RuntimeException e) {
      boolean tooOld = Duration.between(putAt, clock.instant()).compareTo(target.maxAge()) >= 0;
      if (attempt < target.maxRetries() && !tooOld) {
        long wait = Math.min(5_000, 100L << Math.min(attempt, 6));
        deliveries.schedule(() -> deliver(rule, target, event, ingestion, putAt, attempt + 1), wait,
            TimeUnit.MILLISECONDS);
        return;
      }
      String failure = "rule " + rule.logicalId() + " target " + target.id() + " (" + target.arn() + "): event "
          + event.path("id").asText() + " not delivered after " + (attempt + 1) + " attempt(s): " + e.getMessage();
      failures.add(failure);
      LOG.log(System.Logger.Level.WARNING, failure);
      if (target.deadLetterArn() != null) {
        try {
          // EventBridge sends to the dead-letter queue as itself: the queue's policy must allow the rule.
          gateway.call(Caller.service("events.amazonaws.com", rule.arn()), "sqs", "SendMessage",
              JSON.createObjectNode().put("QueueUrl", target.deadLetterArn()).put("MessageBody", event.toString()));
        } catch (RuntimeException dlq) {
          LOG.log(System.Logger.Level.WARNING, "the dead-letter queue " + target.deadLetterArn()
              + " did not take the event: " + dlq.getMessage());
        }
      }
      inFlight.decrementAndGet();
    }
  }

  private static String input(Rule rule, Target target, JsonNode event, String ingestion) {
    if (target.input() != null) {
      return target.input();
    }
    if (target.inputPath() != null) {
      JsonNode value = InputTransformer.JsonPaths.read(event, target.inputPath());
      return value.isMissingNode() ? "null" : value.toString();
    }
    if (target.transformer() != null) {
      return target.transformer().render(event, rule.arn(), rule.name(), ingestion);
    }
    return event.toString();
  }

  /** A target is called as its role, or as EventBridge itself when it has none (queues, topics, functions). */
  private void call(Rule rule, Target target, ObjectNode event, String input) {
    Caller caller = target.roleArn() != null ? Caller.role(target.roleArn(), rule.arn())
        : Caller.service("events.amazonaws.com", rule.arn());
    switch (target.kind()) {
      case QUEUE -> gateway.call(caller, "sqs", "SendMessage",
          JSON.createObjectNode().put("QueueUrl", target.arn()).put("MessageBody", input));
      case TOPIC -> gateway.call(caller, "sns", "Publish",
          JSON.createObjectNode().put("TopicArn", target.arn()).put("Message", input));
      case STATE_MACHINE -> gateway.call(caller, "states", "StartExecution",
          JSON.createObjectNode().put("stateMachineArn", target.arn()).put("input", input));
      case FUNCTION -> {
        ObjectNode request = JSON.createObjectNode().put("FunctionName", target.arn()).put("InvocationType", "Event");
        request.set("Payload", parse(input, "the event for a Lambda target"));
        JsonNode answer = gateway.call(caller, "lambda", "Invoke", request);
        // Asynchronous, as EventBridge invokes: the function's own error is not the rule's failure.
        if (answer.hasNonNull("FunctionError")) {
          LOG.log(System.Logger.Level.WARNING, "function " + target.arn() + " failed on an event: "
              + answer.path("Payload"));
        }
      }
      case EVENT_BUS -> {
        // The event travels as it is; with an input setting, the rendered input becomes its detail.
        Bus next = bus(target.arn());
        ObjectNode forwarded = event.deepCopy();
        if (target.input() != null || target.inputPath() != null || target.transformer() != null) {
          forwarded.set("detail", parse(input, "the input for an event bus target"));
        }
        dispatch(next, forwarded);
      }
      case APPSYNC -> {
        ObjectNode request = JSON.createObjectNode().put("apiArn", target.arn()).put("query", target.graphqlOperation());
        request.set("variables", parse(input, "the variables of an AppSync target"));
        JsonNode answer = gateway.call(caller, "appsync", "GraphQL", request);
        JsonNode errors = answer.path("errors");
        if (errors.isArray() && !errors.isEmpty()) {
          throw new IllegalStateException("AppSync answered errors: " + errors);
        }
      }
      default -> throw new IllegalStateException("target kind " + target.kind());
    }
  }

  private static JsonNode parse(String text, String what) {
    try {
      JsonNode node = JSON.readTree(text);
      if (node != null && node.isObject()) {
        return node;
      }
    } catch (IOException e) {
      // answered below
    }
    throw new IllegalArgumentException(what + " must be a JSON object, but was: " + text);
  }

  /**
   * Whether no delivery is waiting, running or due for a retry.
   *
   * @return true when idle
   */
  public boolean idle() {
    return inFlight.get() == 0;
  }

  /**
   * The deliveries that failed for good (retries spent or event too old), each naming the rule,
   * the target and the last error.
   *
   * @return the failures, oldest first
   */
  public List<String> failedDeliveries() {
    return List.copyOf(failures);
  }

  /** Stops delivering; events not yet delivered are dropped. */
  @Override
  public void close() {
    deliveries.shutdownNow();
  }
}
