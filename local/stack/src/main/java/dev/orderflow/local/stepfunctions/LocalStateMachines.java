package dev.orderflow.local.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.assembly.AssemblyException;
import dev.orderflow.local.assembly.LocalService;
import dev.orderflow.local.assembly.Provisioning;
import dev.orderflow.local.assembly.Resource;
import dev.orderflow.local.bill.Line;
import dev.orderflow.local.bill.Meter;
import dev.orderflow.local.gateway.AwsService;
import dev.orderflow.local.gateway.Caller;
import dev.orderflow.local.gateway.CallGateway;
import dev.orderflow.local.gateway.ServiceException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The template's state machines ({@code AWS::StepFunctions::StateMachine}) on aws-local-stepfunctions.
 * Their Task states call the other services through the gateway as the state machine's role.
 * Through the gateway it answers Step Functions' {@code ListStateMachines},
 * {@code DescribeStateMachine}, {@code StartExecution}, {@code StartSyncExecution},
 * {@code ListExecutions}, {@code DescribeExecution}, {@code GetExecutionHistory} and
 * {@code StopExecution}; as on AWS, the last four refuse EXPRESS state machines with
 * {@code StateMachineTypeNotSupported}, while {@link #executionList} and {@link #executionDetail}
 * show every execution kept.
 */
public final class LocalStateMachines implements LocalService, AwsService {

  private volatile Meter meter = new Meter();

  /** The resource type it runs. */
  public static final String TYPE = "AWS::StepFunctions::StateMachine";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final CallGateway gateway;
  private final StepFunctionsRunner.Options options;
  private final Map<String, String> roles = new ConcurrentHashMap<>();
  private final Map<String, Machine> machines = new java.util.LinkedHashMap<>();
  private StepFunctionsRunner runner;
  private volatile List<ExecutionSummary> earlier = List.of();

  /**
   * State machines whose tasks call through a gateway.
   *
   * @param gateway the path to the services that tasks call
   * @param options the runner's settings
   */
  public LocalStateMachines(CallGateway gateway, StepFunctionsRunner.Options options) {
    this.gateway = gateway;
    this.options = options;
  }

  @Override
  public Set<String> resourceTypes() {
    return Set.of(TYPE);
  }

  @Override
  public void provision(Provisioning stack) {
    List<Resource> machines = stack.resources(Set.of(TYPE));
    if (machines.isEmpty()) {
      return;
    }
    runner = StepFunctionsRunner.start(new GatewayTasks(gateway, roles::get), options);
    for (Resource resource : machines) {
      JsonNode properties = stack.properties(resource);
      String definition = definition(stack, resource, properties);
      String name = stack.physicalName(resource, "StateMachineName", 80);
      String arn = stack.environment().arn("states", "stateMachine:" + name);
      StateMachineType type = "EXPRESS".equals(properties.path("StateMachineType").asText("STANDARD"))
          ? StateMachineType.EXPRESS : StateMachineType.STANDARD;
      try {
        runner.register(arn, definition, type);
      } catch (RuntimeException e) {
        throw new AssemblyException(resource.logicalId() + " (" + TYPE + "): property DefinitionString: "
            + e.getMessage(), e);
      }
      if (properties.hasNonNull("RoleArn")) {
        roles.put(arn, properties.get("RoleArn").asText());
      }
      synchronized (this.machines) {
        this.machines.put(arn, new Machine(arn, name, type, definition, properties.path("RoleArn").asText(null),
            Instant.now()));
      }
      stack.registry().register(resource.logicalId(), arn, Map.of("Arn", arn, "Name", name));
    }
  }

  private static String definition(Provisioning stack, Resource resource, JsonNode properties) {
    String definition;
    if (properties.has("DefinitionString")) {
      definition = properties.get("DefinitionString").asText();
    } else if (properties.has("Definition")) {
      definition = properties.get("Definition").toString();
    } else if (properties.has("DefinitionS3Location")) {
      try {
        definition = Files.readString(stack.resolver().asset(resource.logicalId(), "DefinitionS3Location"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    } else {
      throw new AssemblyException(resource.logicalId() + " (" + TYPE
          + "): it has no DefinitionString, Definition or DefinitionS3Location");
    }
    for (var it = properties.path("DefinitionSubstitutions").fields(); it.hasNext(); ) {
      var entry = it.next();
      definition = definition.replace("${" + entry.getKey() + "}", entry.getValue().asText());
    }
    return definition;
  }

  /** The runner, when the stack has state machines. */
  public Optional<StepFunctionsRunner> runner() {
    return Optional.ofNullable(runner);
  }

  /** Every execution so far, in start order: those of earlier runs kept in a data folder first. */
  public List<ExecutionSummary> executions() {
    List<ExecutionSummary> now = runner == null ? List.of() : runner.executions();
    return earlier.isEmpty() ? now : java.util.stream.Stream.concat(earlier.stream(), now.stream()).toList();
  }

  /**
   * The summaries of executions of earlier runs, which {@link #executions()} lists before this
   * run's. Only the summaries are kept: such an execution cannot be described or stopped.
   *
   * @param summaries the ended executions of earlier runs, in start order
   */
  public void keptExecutions(List<ExecutionSummary> summaries) {
    earlier = List.copyOf(summaries);
  }

  @Override
  public List<String> busy() {
    int running = runner == null ? 0 : runner.running();
    return running > 0 ? List.of(running + " running execution(s)") : List.of();
  }

  @Override
  public String prefix() {
    return "states";
  }

  @Override
  public List<String> resources(String operation, JsonNode request) {
    if (request.hasNonNull("executionArn")) {
      return List.of(request.get("executionArn").asText());
    }
    return request.hasNonNull("stateMachineArn") ? List.of(request.get("stateMachineArn").asText()) : List.of();
  }

  @Override
  public JsonNode call(Caller caller, String operation, JsonNode request) {
    String arn = request.path("stateMachineArn").asText("");
    String name = request.hasNonNull("name") ? request.get("name").asText() : null;
    String input = request.hasNonNull("input") ? request.get("input").asText() : null;
    if ("ListStateMachines".equals(operation)) {
      return listStateMachines(request);
    }
    if (runner == null && operation.startsWith("Start")) {
      throw new ServiceException("states", "StateMachineDoesNotExist", 400, "State Machine Does Not Exist: '" + arn + "'");
    }
    try {
      switch (operation) {
        case "DescribeStateMachine":
          return describeStateMachine(machine(arn));
        case "ListExecutions":
          return listExecutions(request);
        case "DescribeExecution":
          return describe(standardExecution(request).summary());
        case "GetExecutionHistory":
          return history(request, standardExecution(request));
        case "StopExecution":
          return stopExecution(request, standardExecution(request));
        case "StartExecution": {
          Execution execution = runner.start(arn, name, input);
          if (caller.judged()) {
            meterWhenDone(execution);
          }
          ExecutionSummary summary = execution.summary();
          return MAPPER.createObjectNode().put("executionArn", summary.executionArn())
              .put("startDate", summary.startDate().toEpochMilli() / 1000.0);
        }
        case "StartSyncExecution": {
          long start = System.nanoTime();
          ExecutionSummary summary = runner.startSync(arn, name, input);
          if (caller.judged()) {
            meter.expressExecuted(machineName(arn), System.nanoTime() - start);
          }
          return describe(summary);
        }
        default:
          throw new ServiceException("states", "UnknownOperationException", 400,
              "the local Step Functions service answers ListStateMachines, DescribeStateMachine, StartExecution, "
                  + "StartSyncExecution, ListExecutions, DescribeExecution, GetExecutionHistory and StopExecution, not "
                  + operation);
      }
    } catch (ExecutionAlreadyExistsException e) {
      throw new ServiceException("states", "ExecutionAlreadyExists", 400, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServiceException("states", "ServiceUnavailable", 503, "the local system is stopping");
    } catch (IllegalArgumentException e) {
      String message = String.valueOf(e.getMessage());
      String code = message.contains("is not registered") ? "StateMachineDoesNotExist"
          : message.contains("runs EXPRESS state machines only") ? "StateMachineTypeNotSupported"
          : "InvalidExecutionInput";
      throw new ServiceException("states", code, 400, e.getMessage());
    } catch (IllegalStateException e) {
      throw new ServiceException("states", "ServiceUnavailable", 503, e.getMessage());
    }
  }

  private Machine machine(String arn) {
    synchronized (machines) {
      Machine machine = machines.get(arn);
      if (machine == null) {
        throw new ServiceException("states", "StateMachineDoesNotExist", 400, "State Machine Does Not Exist: '" + arn + "'");
      }
      return machine;
    }
  }

  private static ServiceException typeNotSupported(String operation) {
    return new ServiceException("states", "StateMachineTypeNotSupported", 400,
        "This operation is not supported by this type of state machine: " + operation
            + " answers for STANDARD state machines only");
  }

  private ObjectNode listStateMachines(JsonNode request) {
    List<Machine> all;
    synchronized (machines) {
      all = List.copyOf(machines.values());
    }
    ObjectNode answer = MAPPER.createObjectNode();
    var list = answer.putArray("stateMachines");
    page(request, all.size(), 100, answer, i -> list.addObject().put("stateMachineArn", all.get(i).arn())
        .put("name", all.get(i).name()).put("type", all.get(i).type().name())
        .put("creationDate", seconds(all.get(i).created())));
    return answer;
  }

  private static ObjectNode describeStateMachine(Machine machine) {
    ObjectNode answer = MAPPER.createObjectNode()
        .put("stateMachineArn", machine.arn())
        .put("name", machine.name())
        .put("status", "ACTIVE")
        .put("definition", machine.definition())
        .put("type", machine.type().name())
        .put("creationDate", seconds(machine.created()));
    if (machine.roleArn() != null) {
      answer.put("roleArn", machine.roleArn());
    }
    answer.putObject("loggingConfiguration").put("level", "OFF").put("includeExecutionData", false);
    return answer;
  }

  /** The execution a request names, when its state machine is STANDARD, as the execution operations require. */
  private Execution standardExecution(JsonNode request) {
    String arn = request.path("executionArn").asText("");
    Optional<Execution> execution = runner == null ? Optional.empty() : runner.execution(arn);
    if (arn.contains(":express:") || execution.map(e -> typeOf(e.stateMachineArn()) == StateMachineType.EXPRESS)
        .orElse(false)) {
      throw typeNotSupported("this execution's state machine is EXPRESS;");
    }
    return execution.orElseThrow(() -> new ServiceException("states", "ExecutionDoesNotExist", 400,
        "Execution Does Not Exist: '" + arn + "'"));
  }

  private StateMachineType typeOf(String stateMachineArn) {
    synchronized (machines) {
      Machine machine = machines.get(stateMachineArn);
      return machine == null ? StateMachineType.STANDARD : machine.type();
    }
  }

  private ObjectNode listExecutions(JsonNode request) {
    Machine machine = machine(request.path("stateMachineArn").asText(""));
    if (machine.type() == StateMachineType.EXPRESS) {
      throw typeNotSupported("ListExecutions of " + machine.arn() + ", an EXPRESS state machine;");
    }
    String status = request.hasNonNull("statusFilter") ? request.get("statusFilter").asText() : null;
    List<ExecutionSummary> matching = new java.util.ArrayList<>(runner.startedExecutions().stream()
        .map(Execution::summary)
        .filter(e -> e.stateMachineArn().equals(machine.arn()))
        .filter(e -> status == null || e.status().name().equals(status))
        .toList());
    java.util.Collections.reverse(matching);
    ObjectNode answer = MAPPER.createObjectNode();
    var items = answer.putArray("executions");
    page(request, matching.size(), 100, answer, i -> items.add(listItem(matching.get(i))));
    return answer;
  }

  private static ObjectNode listItem(ExecutionSummary summary) {
    ObjectNode item = MAPPER.createObjectNode()
        .put("executionArn", summary.executionArn())
        .put("stateMachineArn", summary.stateMachineArn())
        .put("name", summary.name())
        .put("status", summary.status().name())
        .put("startDate", seconds(summary.startDate()));
    if (summary.stopDate() != null) {
      item.put("stopDate", seconds(summary.stopDate()));
    }
    return item;
  }

  private ObjectNode history(JsonNode request, Execution execution) {
    List<ObjectNode> events = new java.util.ArrayList<>(execution.events());
    String role = roles.get(execution.stateMachineArn());
    if (!events.isEmpty() && role != null && events.get(0).get("executionStartedEventDetails") instanceof ObjectNode d) {
      d.put("roleArn", role);
    }
    if (request.path("reverseOrder").asBoolean(false)) {
      java.util.Collections.reverse(events);
    }
    boolean data = request.path("includeExecutionData").asBoolean(true);
    ObjectNode answer = MAPPER.createObjectNode();
    var items = answer.putArray("events");
    page(request, events.size(), 100, answer, i -> items.add(data ? events.get(i) : withoutData(events.get(i))));
    return answer;
  }

  private static ObjectNode withoutData(ObjectNode event) {
    event.fields().forEachRemaining(field -> {
      if (field.getValue() instanceof ObjectNode details) {
        details.remove(List.of("input", "output", "parameters"));
      }
    });
    return event;
  }

  /** Adds the items of one page (maxResults, nextToken as Step Functions takes them) and the next token. */
  private static void page(JsonNode request, int size, int defaultPage, ObjectNode answer,
      java.util.function.IntConsumer add) {
    int max = request.path("maxResults").asInt(0);
    max = max <= 0 ? defaultPage : Math.min(max, 1000);
    int from = 0;
    if (request.hasNonNull("nextToken")) {
      try {
        from = Integer.parseInt(new String(java.util.Base64.getUrlDecoder().decode(request.get("nextToken").asText()),
            java.nio.charset.StandardCharsets.UTF_8).substring("from:".length()));
      } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
        throw new ServiceException("states", "InvalidToken", 400, "Invalid Token: '" + request.get("nextToken").asText()
            + "'");
      }
    }
    int to = Math.min(size, from + max);
    for (int i = from; i < to; i++) {
      add.accept(i);
    }
    if (to < size) {
      answer.put("nextToken", java.util.Base64.getUrlEncoder().withoutPadding()
          .encodeToString(("from:" + to).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
  }

  private static ObjectNode stopExecution(JsonNode request, Execution execution) throws InterruptedException {
    execution.stop(request.hasNonNull("error") ? request.get("error").asText() : null,
        request.hasNonNull("cause") ? request.get("cause").asText() : null);
    ExecutionSummary summary;
    try {
      summary = execution.await(java.time.Duration.ofSeconds(5));
    } catch (java.util.concurrent.TimeoutException e) {
      summary = execution.summary();
    }
    return MAPPER.createObjectNode().put("stopDate",
        seconds(summary.stopDate() == null ? Instant.now() : summary.stopDate()));
  }

  /**
   * The executions kept, of either type, newest first: ListExecutions' item fields and
   * {@code stateMachineArn}.
   *
   * @param stateMachineArn only this state machine's, or {@code null}
   * @param status only this status, or {@code null}
   * @param contains only those whose name, input, output, error or cause contains this text, or {@code null}
   * @return the executions
   */
  public ArrayNode executionList(String stateMachineArn, String status, String contains) {
    ArrayNode list = MAPPER.createArrayNode();
    if (runner == null) {
      return list;
    }
    List<Execution> kept = new java.util.ArrayList<>(runner.startedExecutions());
    java.util.Collections.reverse(kept);
    for (Execution execution : kept) {
      ExecutionSummary e = execution.summary();
      if ((stateMachineArn == null || e.stateMachineArn().equals(stateMachineArn))
          && (status == null || e.status().name().equalsIgnoreCase(status))
          && (contains == null || java.util.stream.Stream.of(e.name(), e.input(), e.output(), e.error(), e.cause())
              .anyMatch(text -> text != null && text.contains(contains)))) {
        list.add(listItem(e));
      }
    }
    return list;
  }

  /**
   * One execution kept, of either type: DescribeExecution's fields and its history as {@code events}.
   *
   * @param executionArn the execution's ARN
   * @return the execution, or empty when none is kept with that ARN
   */
  public Optional<JsonNode> executionDetail(String executionArn) {
    return (runner == null ? Optional.<Execution>empty() : runner.execution(executionArn)).map(execution -> {
      ObjectNode answer = describe(execution.summary());
      ArrayNode events = answer.putArray("events");
      execution.events().forEach(events::add);
      return answer;
    });
  }

  private static double seconds(Instant instant) {
    return instant.toEpochMilli() / 1000.0;
  }

  private record Machine(String arn, String name, StateMachineType type, String definition, String roleArn,
      Instant created) {
  }

  /**
   * Counts the bill's units from now on into this meter: Express executions and their duration,
   * Standard state transitions.
   *
   * @param meter the bill's meter
   */
  public void meter(Meter meter) {
    this.meter = meter;
  }

  /** An asynchronous execution is billed when it ends: Express by its duration, Standard by its transitions. */
  private void meterWhenDone(Execution execution) {
    long start = System.nanoTime();
    String machineName = machineName(execution.stateMachineArn());
    boolean express = typeOf(execution.stateMachineArn()) == StateMachineType.EXPRESS;
    execution.completion().whenComplete((summary, failure) -> {
      if (express) {
        meter.expressExecuted(machineName, System.nanoTime() - start);
      } else {
        long transitions = execution.events().stream()
            .filter(event -> event.path("type").asText().endsWith("StateEntered")).count();
        meter.count(Line.SFN_STANDARD_TRANSITIONS, transitions, machineName);
      }
    });
  }

  private static String machineName(String stateMachineArn) {
    return stateMachineArn.substring(stateMachineArn.lastIndexOf(':') + 1);
  }

  /** DescribeExecution's shape, which StartSyncExecution answers too. */
  static ObjectNode describe(ExecutionSummary summary) {
    ObjectNode answer = MAPPER.createObjectNode();
    answer.put("executionArn", summary.executionArn());
    answer.put("stateMachineArn", summary.stateMachineArn());
    answer.put("name", summary.name());
    answer.put("status", summary.status().name());
    answer.put("startDate", summary.startDate().toEpochMilli() / 1000.0);
    if (summary.stopDate() != null) {
      answer.put("stopDate", summary.stopDate().toEpochMilli() / 1000.0);
    }
    answer.put("input", summary.input());
    if (summary.output() != null) {
      answer.put("output", summary.output());
    }
    if (summary.error() != null) {
      answer.put("error", summary.error());
    }
    if (summary.cause() != null) {
      answer.put("cause", summary.cause());
    }
    return answer;
  }

  @Override
  public void close() {
    if (runner != null) {
      runner.close();
    }
  }
}
