package dev.orderflow.local.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.appsync.RequestTrace;
import dev.orderflow.local.appsync.RequestTraces;
import dev.orderflow.local.awsapi.ExecutionsView;
import dev.orderflow.local.gateway.CallGateway;
import dev.orderflow.local.gateway.Caller;
import dev.orderflow.local.gateway.ServiceException;
import dev.orderflow.local.sns.OutboxEntry;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the local console shows, as JSON: an order's journey through the stack, the tables, the
 * queues, the workflows' executions and the outbox. Everything is read through the call gateway as
 * the local user (the same calls that the AWS endpoint takes), from the executions kept, the
 * GraphQL endpoint's request traces and the SNS outbox; nothing here changes what it reads except
 * {@link #redrive}, which starts a message move task as {@code StartMessageMoveTask} does.
 */
public final class Console {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Pattern UUID = Pattern.compile(
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  /** How many table writes the console keeps for the journeys. */
  static final int WRITE_LIMIT = 5_000;
  private static final int PAGE_MAX = 100;
  /** How many of the latest posted orders the Orders view lists. */
  private static final int ORDERS_LISTED = 100;

  /**
   * What the console reads.
   *
   * @param gateway every AWS call goes through it, as the local user
   * @param executions the kept executions of every type
   * @param requests the GraphQL endpoint's request traces
   * @param traceBase the GraphQL endpoint's base URL, where a trace is served at
   *     {@code /_orderflow/requests/{id}}; empty when the stack has no API
   * @param outbox the SNS outbox, oldest first
   */
  public record Sources(CallGateway gateway, ExecutionsView executions, RequestTraces requests, Supplier<Optional<URI>> traceBase,
      Supplier<List<OutboxEntry>> outbox) {

    /** Checks that each source is given. */
    public Sources {
      Objects.requireNonNull(gateway, "gateway");
      Objects.requireNonNull(executions, "executions");
      Objects.requireNonNull(requests, "requests");
      Objects.requireNonNull(traceBase, "traceBase");
      Objects.requireNonNull(outbox, "outbox");
    }
  }

  private final Sources sources;
  private final TableWrites writes;
  private final Map<String, JsonNode> definitions = new ConcurrentHashMap<>();

  /**
   * A console over a running system; it starts recording table writes at once.
   *
   * @param sources what it reads
   */
  public Console(Sources sources) {
    this.sources = sources;
    this.writes = new TableWrites(WRITE_LIMIT, Clock.systemUTC());
    sources.gateway().addListener(writes);
  }

  // ---------------------------------------------------------------------------------------------
  // Orders

  /**
   * The latest orders posted through the GraphQL endpoint (at most 100), newest first: each
   * {@code postOrder} request whose answer carried an id.
   *
   * @return {@code {"orders": [{id, name, status, time, requestId}]}}
   */
  public ObjectNode orders() {
    ObjectNode out = NODES.objectNode();
    ArrayNode list = out.putArray("orders");
    List<JsonNode> tables = tableList();
    for (RequestTrace trace : sources.requests().all()) {
      if (list.size() == ORDERS_LISTED) {
        break;
      }
      trace.resolver("postOrder").ifPresent(resolver -> {
        JsonNode result = resolver.result();
        if (result != null && result.hasNonNull("id")) {
          String id = result.get("id").asText();
          list.addObject().put("id", id).put("name", result.path("name").asText(null))
              .put("status", orderRow(id, tables).map(row -> row.path("status").asText(null))
                  .orElse(result.path("orderStatus").asText(null)))
              .put("time", trace.time().toString()).put("requestId", trace.requestId());
        }
      });
    }
    return out;
  }

  /**
   * One order's journey: its row and status, the GraphQL requests that named it, the queue message
   * and the pipe batch that carried it, each execution that ran for it (with its graph, the path it
   * took and its history), the Lambda invocations of those executions, every table write that named
   * it with the stream record it made, and the emails and publications about it.
   *
   * @param orderId the order's id
   * @return the journey; {@code found} is false when nothing anywhere names the id
   */
  public ObjectNode journey(String orderId) {
    ObjectNode out = NODES.objectNode().put("id", orderId);
    Optional<ObjectNode> row = orderRow(orderId, tableList());
    out.put("status", row.map(r -> r.path("status").asText(null)).orElse(null));
    out.set("row", row.map(r -> r.get("item")).orElse(null));
    out.put("table", row.map(r -> r.path("table").asText()).orElse(null));

    ArrayNode requests = out.putArray("requests");
    for (RequestTrace trace : sources.requests().all()) {
      if (trace.toJson().toString().contains("\"" + orderId + "\"")) {
        ObjectNode summary = trace.toSummaryJson();
        summary.remove("query");
        summary.put("trace", traceUrl(trace.requestId()));
        requests.insert(0, summary);
      }
    }

    ArrayNode executions = out.putArray("executions");
    ArrayNode invocations = out.putArray("invocations");
    List<JsonNode> listed = new ArrayList<>();
    sources.executions().list(null, null, orderId).forEach(listed::add);
    Collections.reverse(listed);
    for (JsonNode item : listed) {
      sources.executions().describe(item.path("executionArn").asText()).ifPresent(execution -> {
        ObjectNode detail = execution(execution);
        executions.add(detail);
        if (!out.has("batch")) {
          carriedBy(orderId, execution).ifPresent(batch -> {
            out.set("message", batch.remove("message"));
            out.set("batch", batch);
          });
        }
        detail.path("visits").forEach(visit -> visit.path("tasks").forEach(task -> {
          if (task.path("resourceType").asText().equals("lambda")) {
            ObjectNode invocation = ((ObjectNode) task).deepCopy();
            invocation.put("state", visit.path("name").asText()).put("executionArn", detail.path("executionArn").asText());
            invocations.add(invocation);
          }
        }));
      });
    }
    if (!out.has("batch")) {
      out.putNull("message");
      out.putNull("batch");
    }

    out.set("writes", writesWithRecords(orderId, row.map(r -> r.path("table").asText()).orElse(null)));

    ArrayNode emails = out.putArray("emails");
    ArrayNode publications = out.putArray("publications");
    for (OutboxEntry entry : sources.outbox().get()) {
      if (entry.message() != null && entry.message().contains(orderId)) {
        if (entry.isEmail()) {
          emails.add(email(entry));
        } else if ("PUBLISHED".equals(entry.kind())) {
          publications.add(outboxJson(entry));
        }
      }
    }
    out.put("found", row.isPresent() || !requests.isEmpty() || !executions.isEmpty() || !emails.isEmpty());
    return out;
  }

  private String traceUrl(String requestId) {
    return sources.traceBase().get().map(base -> base.resolve("/_orderflow/requests/" + requestId).toString())
        .orElse(null);
  }

  /**
   * The row of an order: the first table keyed by one string attribute that holds an item with
   * this key.
   */
  private Optional<ObjectNode> orderRow(String id, List<JsonNode> tables) {
    for (JsonNode table : tables) {
      JsonNode keys = table.path("keySchema");
      if (keys.size() != 1) {
        continue;
      }
      String hash = keys.get(0).path("AttributeName").asText();
      ObjectNode request = NODES.objectNode().put("TableName", table.path("name").asText());
      request.putObject("Key").putObject(hash).put("S", id);
      JsonNode item = dynamodb("GetItem", request).path("Item");
      if (item.isObject() && !item.isEmpty()) {
        ObjectNode row = NODES.objectNode().put("table", table.path("name").asText());
        row.set("item", DynamoJson.plain(item));
        row.set("dynamodbJson", item);
        row.put("status", item.path("orderStatus").path("S").asText(null));
        return Optional.of(row);
      }
    }
    return Optional.empty();
  }

  /** The pipe batch that an execution's input is, with the message in it that names the order. */
  private static Optional<ObjectNode> carriedBy(String orderId, JsonNode execution) {
    JsonNode input;
    try {
      input = JSON.readTree(execution.path("input").asText("null"));
    } catch (IOException e) {
      return Optional.empty();
    }
    if (!input.isArray()) {
      return Optional.empty();
    }
    ObjectNode batch = NODES.objectNode().put("executionArn", execution.path("executionArn").asText())
        .put("executionName", execution.path("name").asText()).put("size", input.size());
    ArrayNode ids = batch.putArray("messageIds");
    JsonNode message = null;
    for (JsonNode record : input) {
      ids.add(record.path("messageId").asText());
      if (message == null && record.path("body").asText().contains(orderId)) {
        message = record;
      }
    }
    if (message == null) {
      return Optional.empty();
    }
    batch.put("eventSourceARN", message.path("eventSourceARN").asText(null));
    batch.set("message", message);
    return Optional.of(batch);
  }

  /** The kept writes naming the order, each with the stream record it made (the records in order). */
  private ArrayNode writesWithRecords(String orderId, String tableName) {
    ArrayNode out = NODES.arrayNode();
    List<JsonNode> records = new ArrayList<>();
    if (tableName != null) {
      streamRecords(tableName, orderId).path("records").forEach(records::add);
      Collections.reverse(records);
    }
    int next = 0;
    for (ObjectNode write : writes.naming(orderId)) {
      ObjectNode copy = write.deepCopy();
      boolean sameTable = tableName != null && tableName.equals(write.path("tableName").asText());
      if (write.path("applied").asBoolean() && sameTable && next < records.size()) {
        copy.set("streamRecord", records.get(next++));
      } else {
        copy.putNull("streamRecord");
      }
      out.add(copy);
    }
    // Records of writes made before the console kept any (an earlier run's data) still show.
    for (; next < records.size(); next++) {
      ObjectNode unmatched = NODES.objectNode().put("tableName", tableName).put("applied", true).putNull("caller")
          .putNull("operation");
      unmatched.set("streamRecord", records.get(next));
      out.add(unmatched);
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Workflows

  /**
   * The stack's state machines with how many kept executions of each are in each status.
   *
   * @return {@code {"stateMachines": [{stateMachineArn, name, type, counts: {SUCCEEDED: n, ...}}]}}
   */
  public ObjectNode workflows() {
    ObjectNode out = NODES.objectNode();
    ArrayNode list = out.putArray("stateMachines");
    ArrayNode all = sources.executions().list(null, null, null);
    if (!sources.gateway().serves("states")) {
      return out;
    }
    for (JsonNode machine : call("states", "ListStateMachines", NODES.objectNode()).path("stateMachines")) {
      ObjectNode item = list.addObject().put("stateMachineArn", machine.path("stateMachineArn").asText())
          .put("name", machine.path("name").asText()).put("type", machine.path("type").asText());
      ObjectNode counts = item.putObject("counts");
      all.forEach(e -> {
        if (e.path("stateMachineArn").asText().equals(machine.path("stateMachineArn").asText())) {
          String status = e.path("status").asText();
          counts.put(status, counts.path(status).asInt() + 1);
        }
      });
    }
    return out;
  }

  /**
   * Kept executions, newest first, as {@code /_orderflow/executions} lists them.
   *
   * @param stateMachineArn only this state machine's, or null
   * @param status only this status, or null
   * @param contains only those whose name, input or output holds this text, or null
   * @return {@code {"executions": [...]}}
   */
  public ObjectNode executions(String stateMachineArn, String status, String contains) {
    ObjectNode out = NODES.objectNode();
    out.set("executions", sources.executions().list(stateMachineArn, status, contains));
    return out;
  }

  /**
   * One execution, for drawing: DescribeExecution's fields, {@code events} (its history),
   * {@code graph} (its state machine's states laid out) and {@code visits} (the path it took).
   *
   * @param executionArn the execution's ARN
   * @return the execution, or empty when none is kept with that ARN
   */
  public Optional<ObjectNode> execution(String executionArn) {
    return sources.executions().describe(executionArn).map(this::execution);
  }

  private ObjectNode execution(JsonNode described) {
    ObjectNode out = described.deepCopy();
    String machine = described.path("stateMachineArn").asText();
    JsonNode definition = definitions.computeIfAbsent(machine, arn -> {
      try {
        return JSON.readTree(call("states", "DescribeStateMachine", NODES.objectNode().put("stateMachineArn", arn))
            .path("definition").asText("{}"));
      } catch (IOException | ServiceException e) {
        return NODES.objectNode();
      }
    });
    out.set("graph", WorkflowGraph.layout(definition));
    out.set("visits", ExecutionPath.visits(described.path("events")));
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Tables

  /**
   * The stack's tables.
   *
   * @return {@code {"tables": [{name, arn, keySchema, itemCount, streamArn}]}}
   */
  public ObjectNode tables() {
    ObjectNode out = NODES.objectNode();
    out.putArray("tables").addAll(tableList());
    return out;
  }

  private List<JsonNode> tableList() {
    List<JsonNode> tables = new ArrayList<>();
    if (!sources.gateway().serves("dynamodb")) {
      return tables;
    }
    for (JsonNode name : dynamodb("ListTables", NODES.objectNode()).path("TableNames")) {
      JsonNode table = dynamodb("DescribeTable", NODES.objectNode().put("TableName", name.asText())).path("Table");
      ObjectNode item = NODES.objectNode().put("name", name.asText()).put("arn", table.path("TableArn").asText())
          .put("itemCount", table.path("ItemCount").asLong()).put("streamArn", table.path("LatestStreamArn").asText(null));
      item.set("keySchema", table.path("KeySchema"));
      tables.add(item);
    }
    return tables;
  }

  /**
   * A page of a table's items: a Scan, or a Query for one partition key value.
   *
   * @param tableName the table
   * @param limit how many items at most (1 to 100)
   * @param nextToken where the page starts, as an earlier page gave it, or null
   * @param key a partition key value to query (a string, or a number when the key is one), or null
   * @return {@code {"items": [...], "nextToken": ...}}, each item in DynamoDB JSON
   */
  public ObjectNode items(String tableName, int limit, String nextToken, String key) {
    if (limit < 1 || limit > PAGE_MAX) {
      throw new IllegalArgumentException("limit must be from 1 to " + PAGE_MAX + ", but " + limit + " was given");
    }
    ObjectNode request = NODES.objectNode().put("TableName", tableName).put("Limit", limit);
    if (nextToken != null && !nextToken.isEmpty()) {
      try {
        request.set("ExclusiveStartKey", JSON.readTree(Base64.getUrlDecoder().decode(nextToken)));
      } catch (IOException | IllegalArgumentException e) {
        throw new IllegalArgumentException("nextToken must be one that an earlier page gave, but " + nextToken
            + " was given");
      }
    }
    String operation = "Scan";
    if (key != null && !key.isEmpty()) {
      operation = "Query";
      JsonNode table = dynamodb("DescribeTable", NODES.objectNode().put("TableName", tableName)).path("Table");
      String hash = table.path("KeySchema").get(0).path("AttributeName").asText();
      String type = "S";
      for (JsonNode definition : table.path("AttributeDefinitions")) {
        if (definition.path("AttributeName").asText().equals(hash)) {
          type = definition.path("AttributeType").asText("S");
        }
      }
      request.put("KeyConditionExpression", "#k = :v");
      request.putObject("ExpressionAttributeNames").put("#k", hash);
      request.putObject("ExpressionAttributeValues").putObject(":v").put(type, key);
    }
    JsonNode answer = dynamodb(operation, request);
    ObjectNode out = NODES.objectNode();
    out.set("items", answer.path("Items"));
    out.put("nextToken", answer.hasNonNull("LastEvaluatedKey") ? Base64.getUrlEncoder().withoutPadding()
        .encodeToString(answer.get("LastEvaluatedKey").toString().getBytes(StandardCharsets.UTF_8)) : null);
    return out;
  }

  /**
   * A table's stream records, newest first, read from the start of each shard as a new consumer
   * reads them.
   *
   * @param tableName the table
   * @param keyValue only the records whose key holds this value (a string or number), or null for all
   * @return {@code {"records": [...]}} in DynamoDB Streams' shape; empty when the table has no stream
   */
  public ObjectNode streamRecords(String tableName, String keyValue) {
    ObjectNode out = NODES.objectNode();
    ArrayNode records = out.putArray("records");
    String streamArn = dynamodb("DescribeTable", NODES.objectNode().put("TableName", tableName)).path("Table")
        .path("LatestStreamArn").asText(null);
    if (streamArn == null) {
      return out;
    }
    List<JsonNode> found = new ArrayList<>();
    JsonNode stream = dynamodb("DescribeStream", NODES.objectNode().put("StreamArn", streamArn)).path("StreamDescription");
    for (JsonNode shard : stream.path("Shards")) {
      String iterator = dynamodb("GetShardIterator", NODES.objectNode().put("StreamArn", streamArn)
          .put("ShardId", shard.path("ShardId").asText()).put("ShardIteratorType", "TRIM_HORIZON"))
          .path("ShardIterator").asText(null);
      while (iterator != null) {
        JsonNode page = dynamodb("GetRecords", NODES.objectNode().put("ShardIterator", iterator).put("Limit", 1000));
        page.path("Records").forEach(record -> {
          if (keyValue == null || keyMatches(record.path("dynamodb").path("Keys"), keyValue)) {
            found.add(record);
          }
        });
        iterator = page.path("Records").isEmpty() ? null : page.path("NextShardIterator").asText(null);
      }
    }
    found.sort(java.util.Comparator.comparing(
        (JsonNode r) -> new java.math.BigInteger(r.path("dynamodb").path("SequenceNumber").asText("0"))).reversed());
    records.addAll(found);
    return out;
  }

  private static boolean keyMatches(JsonNode keys, String value) {
    for (JsonNode attribute : keys) {
      for (JsonNode typed : attribute) {
        if (typed.asText().equals(value)) {
          return true;
        }
      }
    }
    return false;
  }

  // ---------------------------------------------------------------------------------------------
  // Queues

  /**
   * The stack's queues with their depths, each dead-letter queue with its sources.
   *
   * @return {@code {"queues": [{name, url, arn, visible, inFlight, delayed, deadLetterQueueArn,
   *     maxReceiveCount, isDeadLetterQueue, sourceQueueArns}]}}
   */
  public ObjectNode queues() {
    List<ObjectNode> queues = new ArrayList<>();
    for (JsonNode url : !sources.gateway().serves("sqs") ? NODES.arrayNode()
        : call("sqs", "ListQueues", NODES.objectNode()).path("QueueUrls")) {
      queues.add(queue(url.asText()));
    }
    for (ObjectNode queue : queues) {
      ArrayNode sourceArns = queue.putArray("sourceQueueArns");
      queues.stream().filter(other -> queue.path("arn").asText().equals(other.path("deadLetterQueueArn").asText()))
          .forEach(other -> sourceArns.add(other.path("arn").asText()));
      queue.put("isDeadLetterQueue", !sourceArns.isEmpty());
    }
    ObjectNode out = NODES.objectNode();
    out.putArray("queues").addAll(queues);
    return out;
  }

  /** A queue's depths and redrive policy. */
  private ObjectNode queue(String url) {
    ObjectNode request = NODES.objectNode().put("QueueUrl", url);
    request.putArray("AttributeNames").add("All");
    JsonNode attributes = call("sqs", "GetQueueAttributes", request).path("Attributes");
    ObjectNode queue = NODES.objectNode().put("name", url.substring(url.lastIndexOf('/') + 1)).put("url", url)
        .put("arn", attributes.path("QueueArn").asText())
        .put("visible", attributes.path("ApproximateNumberOfMessages").asInt())
        .put("inFlight", attributes.path("ApproximateNumberOfMessagesNotVisible").asInt())
        .put("delayed", attributes.path("ApproximateNumberOfMessagesDelayed").asInt());
    queue.putNull("deadLetterQueueArn");
    String redrive = attributes.path("RedrivePolicy").asText(null);
    if (redrive != null) {
      try {
        JsonNode policy = JSON.readTree(redrive);
        queue.put("deadLetterQueueArn", policy.path("deadLetterTargetArn").asText(null))
            .put("maxReceiveCount", policy.path("maxReceiveCount").asInt());
      } catch (IOException e) {
        // A policy that is not JSON names no dead-letter queue.
      }
    }
    return queue;
  }

  /**
   * Up to ten of a queue's visible messages, seen as ReceiveMessage sees them and left visible (the
   * look counts as a receive, as in AWS's console).
   *
   * @param queue the queue's name, URL or ARN
   * @return {@code {"messages": [{messageId, body, receiveCount, firstReceived, sent}]}}
   */
  public ObjectNode messages(String queue) {
    ObjectNode request = NODES.objectNode().put("QueueUrl", queueUrl(queue)).put("MaxNumberOfMessages", 10)
        .put("VisibilityTimeout", 0).put("WaitTimeSeconds", 0);
    request.putArray("MessageSystemAttributeNames").add("All");
    request.putArray("AttributeNames").add("All");
    ObjectNode out = NODES.objectNode();
    ArrayNode list = out.putArray("messages");
    for (JsonNode message : call("sqs", "ReceiveMessage", request).path("Messages")) {
      JsonNode attributes = message.path("Attributes");
      list.addObject().put("messageId", message.path("MessageId").asText()).put("body", message.path("Body").asText())
          .put("receiveCount", attributes.path("ApproximateReceiveCount").asInt())
          .put("firstReceived", millis(attributes.path("ApproximateFirstReceiveTimestamp").asText(null)))
          .put("sent", millis(attributes.path("SentTimestamp").asText(null)));
    }
    return out;
  }

  /**
   * Moves a dead-letter queue's messages back to their source queue, by {@code StartMessageMoveTask}
   * as the AWS endpoint takes it.
   *
   * @param queue the dead-letter queue's name, URL or ARN
   * @return StartMessageMoveTask's answer ({@code TaskHandle}) and the queue's ARN
   */
  public ObjectNode redrive(String queue) {
    ObjectNode request = NODES.objectNode().put("QueueUrl", queueUrl(queue));
    request.putArray("AttributeNames").add("QueueArn");
    String arn = call("sqs", "GetQueueAttributes", request).path("Attributes").path("QueueArn").asText();
    ObjectNode out = ((ObjectNode) call("sqs", "StartMessageMoveTask", NODES.objectNode().put("SourceArn", arn)))
        .deepCopy();
    out.put("sourceArn", arn);
    return out;
  }

  private String queueUrl(String queue) {
    if (queue.startsWith("http")) {
      return queue;
    }
    String name = queue.startsWith("arn:") ? queue.substring(queue.lastIndexOf(':') + 1) : queue;
    return call("sqs", "GetQueueUrl", NODES.objectNode().put("QueueName", name)).path("QueueUrl").asText();
  }

  private static String millis(String epochMillis) {
    if (epochMillis == null || epochMillis.isEmpty()) {
      return null;
    }
    return java.time.Instant.ofEpochMilli(Long.parseLong(epochMillis)).toString();
  }

  // ---------------------------------------------------------------------------------------------
  // Outbox

  /**
   * The outbox, newest first: every email and every publication, each with the order it names.
   *
   * @return {@code {"entries": [{kind, messageId, topicArn, protocol, to, subject, body, at, orderId}]}}
   */
  public ObjectNode outbox() {
    ObjectNode out = NODES.objectNode();
    ArrayNode list = out.putArray("entries");
    List<OutboxEntry> entries = new ArrayList<>(sources.outbox().get());
    Collections.reverse(entries);
    List<JsonNode> tables = tableList();
    entries.stream().filter(e -> e.isEmail() || "PUBLISHED".equals(e.kind())).forEach(e -> {
      ObjectNode item = e.isEmail() ? email(e) : outboxJson(e);
      item.put("orderId", orderIdIn(e.message(), tables));
      list.add(item);
    });
    return out;
  }

  /** The first id in a message that is the key of an order row. */
  private String orderIdIn(String message, List<JsonNode> tables) {
    if (message == null) {
      return null;
    }
    Matcher matcher = UUID.matcher(message);
    while (matcher.find()) {
      if (orderRow(matcher.group(), tables).isPresent()) {
        return matcher.group();
      }
    }
    return null;
  }

  private static ObjectNode email(OutboxEntry entry) {
    return outboxJson(entry).put("to", entry.endpoint());
  }

  private static ObjectNode outboxJson(OutboxEntry entry) {
    return NODES.objectNode().put("kind", entry.isEmail() ? "EMAIL" : entry.kind())
        .put("messageId", entry.messageId()).put("topicArn", entry.topicArn()).put("protocol", entry.protocol())
        .put("subject", entry.subject()).put("body", entry.message()).put("at", entry.at().toString());
  }

  // ---------------------------------------------------------------------------------------------

  private JsonNode dynamodb(String operation, JsonNode request) {
    return call("dynamodb", operation, request);
  }

  private JsonNode call(String service, String operation, JsonNode request) {
    return sources.gateway().call(Caller.USER, service, operation, request);
  }
}
