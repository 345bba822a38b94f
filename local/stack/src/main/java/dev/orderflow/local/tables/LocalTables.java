package dev.orderflow.local.tables;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.assembly.AssemblyException;
import dev.orderflow.local.assembly.LocalService;
import dev.orderflow.local.assembly.Provisioning;
import dev.orderflow.local.assembly.Resource;
import dev.orderflow.local.bill.Line;
import dev.orderflow.local.bill.Meter;
import dev.orderflow.local.dynamodb.DynamoDbEngine;
import dev.orderflow.local.dynamodb.DynamoDbError;
import dev.orderflow.local.gateway.AwsService;
import dev.orderflow.local.gateway.Caller;
import dev.orderflow.local.gateway.ServiceException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The template's DynamoDB tables ({@code AWS::DynamoDB::Table} and {@code AWS::DynamoDB::GlobalTable})
 * on the table engine: keys, attribute definitions, secondary indexes, stream and time to live.
 * Capacity, encryption, backups, replicas and tags have no local effect.
 *
 * <p>Through the gateway it answers DynamoDB's and DynamoDB Streams' operations, the engine's own.
 */
public final class LocalTables implements LocalService, AwsService {

  /** The resource types it runs. */
  public static final Set<String> TYPES = Set.of("AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable");

  /** What a created table gives to {@code Ref} and {@code Fn::GetAtt}. */
  public record Created(String tableName, String arn, String streamArn) {

    /** The attributes of {@code Fn::GetAtt}. */
    public Map<String, Object> attributes() {
      Map<String, Object> attributes = new LinkedHashMap<>();
      attributes.put("Arn", arn);
      if (streamArn != null) {
        attributes.put("StreamArn", streamArn);
      }
      return attributes;
    }
  }

  private static final Set<String> NO_LOCAL_EFFECT = Set.of("BillingMode", "ProvisionedThroughput",
      "PointInTimeRecoverySpecification", "SSESpecification", "Tags", "TableClass", "DeletionProtectionEnabled",
      "Replicas", "WriteProvisionedThroughputSettings", "WriteOnDemandThroughputSettings",
      "ContributorInsightsSpecification", "OnDemandThroughput", "WarmThroughput", "ResourcePolicy");
  private static final Set<String> APPLIED = Set.of("TableName", "AttributeDefinitions", "KeySchema",
      "GlobalSecondaryIndexes", "LocalSecondaryIndexes", "StreamSpecification", "TimeToLiveSpecification");

  private static final Set<String> STREAM_OPERATIONS = Set.of("ListStreams", "DescribeStream", "GetShardIterator",
      "GetRecords");

  /** The operations whose request units the bill counts, and on which line. */
  private static final Map<String, Line> METERED = Map.of("PutItem", Line.DYNAMODB_WRITE_UNITS,
      "UpdateItem", Line.DYNAMODB_WRITE_UNITS, "DeleteItem", Line.DYNAMODB_WRITE_UNITS,
      "BatchWriteItem", Line.DYNAMODB_WRITE_UNITS, "TransactWriteItems", Line.DYNAMODB_WRITE_UNITS,
      "GetItem", Line.DYNAMODB_READ_UNITS, "BatchGetItem", Line.DYNAMODB_READ_UNITS,
      "TransactGetItems", Line.DYNAMODB_READ_UNITS, "Query", Line.DYNAMODB_READ_UNITS, "Scan", Line.DYNAMODB_READ_UNITS);

  private final DynamoDbEngine engine;
  private volatile Meter meter = new Meter();
  private final boolean ownEngine;
  private String arnPrefix = "arn:aws:dynamodb:us-east-1:000000000000:table/";
  private final Map<String, String> tableNames = new LinkedHashMap<>();
  private Function<String, List<JsonNode>> keptItems = logicalId -> List.of();

  /** Tables on an engine of their own, started now and stopped by {@link #close()}. */
  public LocalTables() {
    this(DynamoDbEngine.start(), true);
  }

  /**
   * Tables on an engine that the caller owns.
   *
   * @param engine the engine
   */
  public LocalTables(DynamoDbEngine engine) {
    this(engine, false);
  }

  private LocalTables(DynamoDbEngine engine, boolean ownEngine) {
    this.engine = engine;
    this.ownEngine = ownEngine;
  }

  /** The table engine. */
  public DynamoDbEngine engine() {
    return engine;
  }

  @Override
  public Set<String> resourceTypes() {
    return TYPES;
  }

  @Override
  public void provision(Provisioning stack) {
    arnPrefix = stack.environment().arn("dynamodb", "table/");
    for (Resource resource : stack.resources(TYPES)) {
      Created table = create(resource.logicalId(), resource.type(), stack.physicalName(resource, "TableName", 255),
          stack.properties(resource));
      stack.registry().register(resource.logicalId(), table.tableName(), table.attributes());
      tableNames.put(resource.logicalId(), table.tableName());
    }
  }

  /**
   * Items that the tables {@link #provision} creates start with: for each table's logical id, the
   * items (DynamoDB JSON) kept from an earlier run. They are written before the table's stream is
   * turned on, so no stream record announces them.
   *
   * @param items the items of a logical id, or none
   */
  public void keptItems(Function<String, List<JsonNode>> items) {
    this.keptItems = items;
  }

  /**
   * The tables provisioned from the template.
   *
   * @return each table's name by its logical id, in template order
   */
  public Map<String, String> tableNames() {
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tableNames));
  }

  @Override
  public List<String> busy() {
    long pending = engine.pendingStreamRecords();
    return pending > 0 ? List.of(pending + " stream record(s) on their way") : List.of();
  }

  @Override
  public void close() {
    if (ownEngine) {
      engine.close();
    }
  }

  /**
   * Creates one table from its resolved properties.
   *
   * @param logicalId the resource, for messages
   * @param type {@code AWS::DynamoDB::Table} or {@code AWS::DynamoDB::GlobalTable}
   * @param tableName the physical name: the TableName property, or one made for it
   * @param properties the resource's resolved properties
   * @return what the table gives to {@code Ref} and {@code Fn::GetAtt}
   */
  public Created create(String logicalId, String type, String tableName, JsonNode properties) {
    List<String> unsupported = new ArrayList<>();
    properties.fieldNames().forEachRemaining(name -> {
      if (!APPLIED.contains(name) && !NO_LOCAL_EFFECT.contains(name)) {
        unsupported.add(name);
      }
    });
    if (!unsupported.isEmpty()) {
      throw new AssemblyException(logicalId + " (" + type + "): propert" + (unsupported.size() == 1 ? "y " : "ies ")
          + unsupported + " cannot run locally; supported: " + APPLIED + ", and without local effect: "
          + NO_LOCAL_EFFECT);
    }
    JsonNodeFactory json = JsonNodeFactory.instance;
    ObjectNode request = json.objectNode();
    request.put("TableName", tableName);
    request.put("BillingMode", "PAY_PER_REQUEST");
    request.set("AttributeDefinitions", properties.path("AttributeDefinitions"));
    request.set("KeySchema", properties.path("KeySchema"));
    copyIndexes(properties, request, "GlobalSecondaryIndexes");
    copyIndexes(properties, request, "LocalSecondaryIndexes");
    JsonNode stream = properties.path("StreamSpecification");
    List<JsonNode> kept = keptItems.apply(logicalId);
    ObjectNode streamSpecification = null;
    if (stream.has("StreamViewType")) {
      streamSpecification = json.objectNode().put("StreamEnabled", true)
          .put("StreamViewType", stream.get("StreamViewType").asText());
      if (kept.isEmpty()) {
        request.set("StreamSpecification", streamSpecification);
      }
    }
    ObjectNode description;
    try {
      description = (ObjectNode) engine.call("CreateTable", request).get("TableDescription");
      if (!kept.isEmpty()) {
        // Kept items are the table's state, not changes: the stream is turned on after them.
        for (JsonNode item : kept) {
          try {
            engine.call("PutItem", json.objectNode().put("TableName", tableName).set("Item", item));
          } catch (DynamoDbError e) {
            throw new AssemblyException(logicalId + " (" + type + "): an item kept from an earlier run does not fit"
                + " the table as the template defines it now (" + e.getMessage() + "); start with another data"
                + " folder, or remove the table's file from it to start the table empty", e);
          }
        }
        if (streamSpecification != null) {
          description = (ObjectNode) engine.call("UpdateTable", json.objectNode().put("TableName", tableName)
              .set("StreamSpecification", streamSpecification)).get("TableDescription");
        }
      }
      JsonNode ttl = properties.path("TimeToLiveSpecification");
      if (ttl.path("Enabled").asBoolean(false)) {
        ObjectNode ttlRequest = json.objectNode().put("TableName", tableName);
        ttlRequest.putObject("TimeToLiveSpecification").put("Enabled", true)
            .put("AttributeName", ttl.path("AttributeName").asText());
        engine.call("UpdateTimeToLive", ttlRequest);
      }
    } catch (DynamoDbError e) {
      throw new AssemblyException(logicalId + " (" + type + "): the table engine refused the table: " + e.getMessage(), e);
    }
    String arn = description.path("TableArn").asText();
    arnPrefix = arn.substring(0, arn.indexOf(":table/") + ":table/".length());
    return new Created(tableName, arn,
        description.hasNonNull("LatestStreamArn") ? description.get("LatestStreamArn").asText() : null);
  }

  private static void copyIndexes(JsonNode properties, ObjectNode request, String field) {
    JsonNode indexes = properties.path(field);
    if (!indexes.isArray() || indexes.isEmpty()) {
      return;
    }
    var array = request.putArray(field);
    for (JsonNode index : indexes) {
      ObjectNode copy = array.addObject();
      copy.set("IndexName", index.get("IndexName"));
      copy.set("KeySchema", index.get("KeySchema"));
      copy.set("Projection", index.has("Projection") ? index.get("Projection")
          : JsonNodeFactory.instance.objectNode().put("ProjectionType", "ALL"));
    }
  }

  @Override
  public String prefix() {
    return "dynamodb";
  }

  /** The tables (and index or stream) that a request names: every one is judged by IAM. */
  @Override
  public List<String> resources(String operation, JsonNode request) {
    Set<String> arns = new LinkedHashSet<>();
    if (request.hasNonNull("StreamArn")) {
      arns.add(request.get("StreamArn").asText());
    }
    addTable(arns, request);
    request.path("RequestItems").fieldNames().forEachRemaining(table -> arns.add(tableArn(table)));
    for (JsonNode item : request.path("TransactItems")) {
      item.fields().forEachRemaining(entry -> addTable(arns, entry.getValue()));
    }
    return List.copyOf(arns);
  }

  /**
   * A transaction needs the action of each of its items on that item's table: TransactWriteItems
   * is allowed by dynamodb:PutItem, UpdateItem, DeleteItem and ConditionCheckItem, TransactGetItems
   * by dynamodb:GetItem.
   */
  @Override
  public List<Permission> permissions(String operation, JsonNode request) {
    if (!operation.equals("TransactWriteItems") && !operation.equals("TransactGetItems")) {
      return AwsService.super.permissions(operation, request);
    }
    Set<Permission> permissions = new LinkedHashSet<>();
    for (JsonNode item : request.path("TransactItems")) {
      item.fields().forEachRemaining(entry -> {
        String action = switch (entry.getKey()) {
          case "Put" -> "PutItem";
          case "Update" -> "UpdateItem";
          case "Delete" -> "DeleteItem";
          case "ConditionCheck" -> "ConditionCheckItem";
          default -> "GetItem";
        };
        Set<String> tables = new LinkedHashSet<>();
        addTable(tables, entry.getValue());
        tables.forEach(table -> permissions.add(new Permission("dynamodb:" + action, table)));
      });
    }
    return List.copyOf(permissions);
  }

  private void addTable(Set<String> arns, JsonNode request) {
    if (request.hasNonNull("TableName")) {
      String table = tableArn(request.get("TableName").asText());
      arns.add(request.hasNonNull("IndexName") ? table + "/index/" + request.get("IndexName").asText() : table);
    }
  }

  private String tableArn(String nameOrArn) {
    return nameOrArn.startsWith("arn:") ? nameOrArn : arnPrefix + nameOrArn;
  }

  /**
   * Counts the request units of the stack's calls from now on into this meter.
   *
   * @param meter the bill's meter
   */
  public void meter(Meter meter) {
    this.meter = meter;
  }

  /**
   * Counts one table's consumed capacity: the table's share under the operation, each secondary
   * index's under {@code <operation> (index <name>)}, so the bill shows which writes reach an index.
   */
  private void count(Line line, String operation, JsonNode capacity) {
    double total = capacity.path("CapacityUnits").asDouble();
    double indexes = 0;
    for (String kind : List.of("GlobalSecondaryIndexes", "LocalSecondaryIndexes")) {
      Iterator<Map.Entry<String, JsonNode>> each = capacity.path(kind).fields();
      while (each.hasNext()) {
        Map.Entry<String, JsonNode> index = each.next();
        double units = index.getValue().path("CapacityUnits").asDouble();
        meter.count(line, units, operation + " (index " + index.getKey() + ")");
        indexes += units;
      }
    }
    meter.count(line, total - indexes, operation);
  }

  @Override
  public JsonNode call(Caller caller, String operation, JsonNode request) {
    if (STREAM_OPERATIONS.contains(operation)) {
      try {
        return engine.callStreams(operation, request);
      } catch (DynamoDbError e) {
        throw new ServiceException("dynamodb", e.type(), e.status(), e.getMessage(), e.extra());
      }
    }
    Line line = caller.judged() ? METERED.get(operation) : null;
    boolean asked = !"NONE".equals(request.path("ReturnConsumedCapacity").asText("NONE"));
    JsonNode sent = line == null || asked || !request.isObject() ? request
        : ((ObjectNode) request.deepCopy()).put("ReturnConsumedCapacity", "INDEXES");
    try {
      ObjectNode answer = engine.call(operation, sent);
      if (line != null) {
        // The engine's consumed capacity is the item sizes by DynamoDB's rules (BillingRules).
        JsonNode capacity = answer.path("ConsumedCapacity");
        for (JsonNode each : capacity.isArray() ? capacity : List.of(capacity)) {
          count(line, operation, each);
        }
        if (!asked) {
          answer.remove("ConsumedCapacity");
        }
      }
      return answer;
    } catch (DynamoDbError e) {
      if (line == Line.DYNAMODB_WRITE_UNITS && e.type().equals("ConditionalCheckFailedException")) {
        // A write that its condition refuses still consumes a write unit (our items are under 1 KB).
        meter.count(line, 1, operation + " (condition failed)");
      }
      throw new ServiceException("dynamodb", e.type(), e.status(), e.getMessage(), e.extra());
    }
  }
}
