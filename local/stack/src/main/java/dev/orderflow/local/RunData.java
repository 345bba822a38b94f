package dev.orderflow.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.assembly.LocalService;
import dev.orderflow.local.assembly.Provisioning;
import dev.orderflow.local.dynamodb.DynamoDbEngine;
import dev.orderflow.local.sqs.LocalQueues;
import dev.orderflow.local.sqs.QueueSettings;
import dev.orderflow.local.stepfunctions.ExecutionStatus;
import dev.orderflow.local.stepfunctions.ExecutionSummary;
import dev.orderflow.local.stepfunctions.LocalStateMachines;
import dev.orderflow.local.tables.LocalTables;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A data folder that keeps a stack's state between runs: every table's items
 * ({@code tables/<logical id>.jsonl}), every queue's visible messages ({@code queues/<logical id>.jsonl}),
 * the summaries of the executions ({@code executions.jsonl}) and, written by the topics as they go,
 * the outbox ({@code outbox.jsonl}). {@code stack.json} names the stack the folder belongs to.
 *
 * <p>A service among the others: placed after the tables and queues, it restores the queues once
 * they are provisioned and the executions once every service is, and it saves when it closes,
 * after the services that read or write the data (pipes, state machines) have stopped and before
 * the queues and tables do. Every file is written beside its place and then moved there, so a
 * crash leaves the earlier file whole.
 */
final class RunData implements LocalService {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String MARKER = "stack.json";

  private final Path folder;
  private final Consumer<String> log;
  private final LocalTables tables;
  private final LocalQueues queues;
  private final Supplier<LocalStateMachines> machines;
  private final int executionLimit;
  private boolean restored;

  private RunData(Path folder, Consumer<String> log, LocalTables tables, LocalQueues queues,
      Supplier<LocalStateMachines> machines, int executionLimit) {
    this.executionLimit = executionLimit;
    this.folder = folder;
    this.log = log;
    this.tables = tables;
    this.queues = queues;
    this.machines = machines;
  }

  /**
   * Opens the data folder of a stack, making it when it does not exist, and hands the tables the
   * items they start with; of the executions of earlier runs, the latest {@code executionLimit} are kept.
   *
   * @throws IllegalArgumentException when the folder holds another stack's data, or is not empty
   *     and holds no data at all
   */
  static RunData open(Path folder, String stackName, Consumer<String> log, LocalTables tables, LocalQueues queues,
      Supplier<LocalStateMachines> machines, int executionLimit) {
    try {
      Files.createDirectories(folder);
      Path marker = folder.resolve(MARKER);
      if (Files.isRegularFile(marker)) {
        String owner = MAPPER.readTree(marker.toFile()).path("stack").asText("");
        if (!owner.equals(stackName)) {
          throw new IllegalArgumentException("the data folder " + folder + " holds the data of the stack " + owner
              + ", not of " + stackName + ": give " + stackName + " a folder of its own");
        }
      } else {
        try (Stream<Path> entries = Files.list(folder)) {
          if (entries.findAny().isPresent()) {
            throw new IllegalArgumentException("the data folder " + folder + " is not empty and holds no stack's"
                + " data: give a new or an empty folder");
          }
        }
        ObjectNode stack = MAPPER.createObjectNode().put("stack", stackName).put("format", 1);
        write(marker, List.of(stack));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the data folder " + folder + ": " + e.getMessage(), e);
    }
    RunData data = new RunData(folder, log, tables, queues, machines, executionLimit);
    tables.keptItems(logicalId -> read(data.folder.resolve("tables").resolve(logicalId + ".jsonl")));
    return data;
  }

  Path folder() {
    return folder;
  }

  @Override
  public Set<String> resourceTypes() {
    return Set.of();
  }

  /** The queues and tables are provisioned: messages are sent again; kept tables the template lacks are named. */
  @Override
  public void provision(Provisioning stack) {
    for (String logicalId : kept("tables")) {
      if (!tables.tableNames().containsKey(logicalId)) {
        log.accept("data: the table " + logicalId + " kept in " + folder + " is no longer in the stack; its items"
            + " are left unread");
      }
    }
    Set<String> queueIds = queues.logicalIds();
    for (String logicalId : kept("queues")) {
      if (!queueIds.contains(logicalId)) {
        log.accept("data: the queue " + logicalId + " kept in " + folder + " is no longer in the stack; its"
            + " messages are left unread");
        continue;
      }
      for (JsonNode message : read(folder.resolve("queues").resolve(logicalId + ".jsonl"))) {
        queues.sendAgain(logicalId, message);
      }
    }
  }

  /** Every service is provisioned: the state machines list the executions of earlier runs. */
  @Override
  public void start() {
    List<ExecutionSummary> summaries = new ArrayList<>();
    for (JsonNode line : read(folder.resolve("executions.jsonl"))) {
      summaries.add(summary(line));
    }
    // As many as the run keeps of its own: the latest, so the file does not grow from run to run.
    machines.get().keptExecutions(summaries.subList(Math.max(0, summaries.size() - executionLimit), summaries.size()));
    restored = true;
  }

  /** Saves the tables, queues and executions; nothing when the run did not start, so the kept data stays whole. */
  @Override
  public void close() {
    if (!restored) {
      return;
    }
    restored = false;
    DynamoDbEngine engine = tables.engine();
    tables.tableNames().forEach((logicalId, tableName) ->
        write(folder.resolve("tables").resolve(logicalId + ".jsonl"), scan(engine, tableName)));
    // Sources before their dead-letter queues (created first): a message that a last receive moves is kept there.
    List<QueueSettings> sourcesFirst = new ArrayList<>(queues.queues());
    java.util.Collections.reverse(sourcesFirst);
    for (QueueSettings queue : sourcesFirst) {
      List<JsonNode> messages = queues.takeVisible(queue.logicalId());
      write(folder.resolve("queues").resolve(queue.logicalId() + ".jsonl"), messages);
    }
    write(folder.resolve("executions.jsonl"), machines.get().executions().stream().map(RunData::json).toList());
  }

  private static List<JsonNode> scan(DynamoDbEngine engine, String tableName) {
    List<JsonNode> items = new ArrayList<>();
    JsonNode lastKey = null;
    do {
      ObjectNode request = MAPPER.createObjectNode().put("TableName", tableName);
      if (lastKey != null) {
        request.set("ExclusiveStartKey", lastKey);
      }
      ObjectNode page = engine.call("Scan", request);
      page.path("Items").forEach(items::add);
      lastKey = page.hasNonNull("LastEvaluatedKey") ? page.get("LastEvaluatedKey") : null;
    } while (lastKey != null);
    return items;
  }

  private static JsonNode json(ExecutionSummary summary) {
    // An execution still running at the stop ended with it.
    boolean cut = summary.status() == ExecutionStatus.RUNNING;
    ObjectNode line = MAPPER.createObjectNode();
    line.put("executionArn", summary.executionArn());
    line.put("stateMachineArn", summary.stateMachineArn());
    line.put("name", summary.name());
    line.put("status", cut ? ExecutionStatus.ABORTED.name() : summary.status().name());
    line.put("input", summary.input());
    line.put("output", summary.output());
    line.put("error", cut ? "States.Runtime" : summary.error());
    line.put("cause", cut ? "the local system stopped while it ran" : summary.cause());
    line.put("startDate", summary.startDate().toString());
    line.put("stopDate", cut ? Instant.now().toString() : String.valueOf(summary.stopDate()));
    return line;
  }

  private static ExecutionSummary summary(JsonNode line) {
    return new ExecutionSummary(line.path("executionArn").asText(), line.path("stateMachineArn").asText(),
        line.path("name").asText(), ExecutionStatus.valueOf(line.path("status").asText()),
        line.path("input").asText(), text(line, "output"), text(line, "error"), text(line, "cause"),
        Instant.parse(line.path("startDate").asText()),
        line.hasNonNull("stopDate") && !"null".equals(line.get("stopDate").asText())
            ? Instant.parse(line.get("stopDate").asText()) : null);
  }

  private static String text(JsonNode line, String field) {
    return line.hasNonNull(field) ? line.get(field).asText() : null;
  }

  /** The logical ids that a sub-folder keeps files of. */
  private Set<String> kept(String kind) {
    Set<String> ids = new TreeSet<>();
    Path sub = folder.resolve(kind);
    if (!Files.isDirectory(sub)) {
      return ids;
    }
    try (Stream<Path> files = Files.list(sub)) {
      files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".jsonl"))
          .forEach(name -> ids.add(name.substring(0, name.length() - ".jsonl".length())));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the data folder " + sub + ": " + e.getMessage(), e);
    }
    return ids;
  }

  /** The JSON lines of a file; none when it does not exist. */
  private static List<JsonNode> read(Path file) {
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    List<JsonNode> lines = new ArrayList<>();
    try (Stream<String> text = Files.lines(file, StandardCharsets.UTF_8)) {
      for (String line : (Iterable<String>) text::iterator) {
        if (!line.isBlank()) {
          lines.add(MAPPER.readTree(line));
        }
      }
    } catch (IOException | UncheckedIOException e) {
      throw new IllegalStateException("the data file " + file + " cannot be read: " + e.getMessage(), e);
    }
    return lines;
  }

  /** Writes the lines beside the file, then moves them in its place: a crash leaves the earlier file whole. */
  private static void write(Path file, List<? extends JsonNode> lines) {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.createDirectories(file.getParent());
      try (BufferedWriter out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
        for (JsonNode line : lines) {
          out.write(MAPPER.writeValueAsString(line));
          out.write('\n');
        }
      }
      try {
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the data file " + file + ": " + e.getMessage(), e);
    }
  }
}
