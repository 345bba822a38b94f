package dev.orderflow.local.tables;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.assembly.AssemblyException;
import dev.orderflow.local.dynamodb.DynamoDbEngine;
import dev.orderflow.local.dynamodb.table.DynamoDbError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The template's DynamoDB tables ({@code AWS::DynamoDB::Table} and {@code AWS::DynamoDB::GlobalTable})
 * on the table engine: keys, attribute definitions, secondary indexes, stream and time to live.
 * Capacity, encryption, backups, replicas and tags have no local effect.
 */
public final class LocalTables {

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

  private final DynamoDbEngine engine;

  public LocalTables(DynamoDbEngine engine) {
    this.engine = engine;
  }

  /**
   * Creates one table from its resolved properties.
   *
   * @param logicalId the resource, for messages
   * @param type {@code AWS::DynamoDB::Table} or {@code AWS::DynamoDB::GlobalTable}
   * @param tableName the physical name: the TableName property, or one made for it
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
    if (stream.has("StreamViewType")) {
      request.putObject("StreamSpecification").put("StreamEnabled", true)
          .put("StreamViewType", stream.get("StreamViewType").asText());
    }
    ObjectNode description;
    try {
      description = (ObjectNode) engine.call("CreateTable", request).get("TableDescription");
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
    return new Created(tableName, description.path("TableArn").asText(),
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
}
