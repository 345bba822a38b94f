package dev.orderflow.local.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.assembly.AssemblyException;
import dev.orderflow.local.assembly.LocalService;
import dev.orderflow.local.assembly.Provisioning;
import dev.orderflow.local.assembly.Resource;
import dev.orderflow.local.gateway.AwsService;
import dev.orderflow.local.gateway.Caller;
import dev.orderflow.local.gateway.CallGateway;
import dev.orderflow.local.gateway.ServiceException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The template's state machines ({@code AWS::StepFunctions::StateMachine}) on aws-local-stepfunctions.
 * Their Task states call the other services through the gateway as the state machine's role.
 * Through the gateway it answers Step Functions' {@code StartExecution} and {@code StartSyncExecution}.
 */
public final class LocalStateMachines implements LocalService, AwsService {

  /** The resource type it runs. */
  public static final String TYPE = "AWS::StepFunctions::StateMachine";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final CallGateway gateway;
  private final StepFunctionsRunner.Options options;
  private final Map<String, String> roles = new ConcurrentHashMap<>();
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
    return request.hasNonNull("stateMachineArn") ? List.of(request.get("stateMachineArn").asText()) : List.of();
  }

  @Override
  public JsonNode call(Caller caller, String operation, JsonNode request) {
    String arn = request.path("stateMachineArn").asText("");
    String name = request.hasNonNull("name") ? request.get("name").asText() : null;
    String input = request.hasNonNull("input") ? request.get("input").asText() : null;
    if (runner == null) {
      throw new ServiceException("states", "StateMachineDoesNotExist", 400, "State Machine Does Not Exist: '" + arn + "'");
    }
    try {
      switch (operation) {
        case "StartExecution": {
          Execution execution = runner.start(arn, name, input);
          ExecutionSummary summary = execution.summary();
          return MAPPER.createObjectNode().put("executionArn", summary.executionArn())
              .put("startDate", summary.startDate().toEpochMilli() / 1000.0);
        }
        case "StartSyncExecution":
          return describe(runner.startSync(arn, name, input));
        default:
          throw new ServiceException("states", "UnknownOperationException", 400,
              "the local Step Functions service answers StartExecution and StartSyncExecution, not " + operation);
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
