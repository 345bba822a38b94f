package dev.orderflow.local.dynamodb.operation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.dynamodb.stream.TableStream;
import dev.orderflow.local.dynamodb.DynamoDbError;
import dev.orderflow.local.dynamodb.table.KeySchema;
import dev.orderflow.local.dynamodb.table.SecondaryIndex;
import dev.orderflow.local.dynamodb.table.Table;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** CreateTable, DescribeTable, UpdateTable, DeleteTable, ListTables and time to live. */
final class TableOperations {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.-]+");
  private static final List<String> VIEW_TYPES = List.of("NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY");

  private final Database database;

  TableOperations(Database database) {
    this.database = database;
  }

  ObjectNode createTable(JsonNode request) {
    checkCreateTable(request);
    String name = tableName(request);
    Map<String, String> definitions = attributeDefinitions(request.get("AttributeDefinitions"));
    KeySchema keySchema = keySchema(request.get("KeySchema"), definitions, "KeySchema");
    String billingMode = Requests.oneOf(request, "BillingMode", "billingMode", "PROVISIONED",
        List.of("PROVISIONED", "PAY_PER_REQUEST"));
    JsonNode throughput = request.get("ProvisionedThroughput");
    checkThroughput(billingMode, throughput, "the table");

    Set<String> used = new HashSet<>(keySchema.types().keySet());
    List<SecondaryIndex> indexes = new ArrayList<>();
    Set<String> indexNames = new HashSet<>();
    JsonNode localIndexes = request.get("LocalSecondaryIndexes");
    if (localIndexes != null && !localIndexes.isNull()) {
      if (!keySchema.hasSortKey()) {
        throw DynamoDbError.invalidParameter(
            "Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex");
      }
      for (JsonNode index : localIndexes) {
        SecondaryIndex local = index(index, false, definitions, keySchema, billingMode);
        if (!local.keySchema().partitionKey().equals(keySchema.partitionKey()) || !local.keySchema().hasSortKey()) {
          throw DynamoDbError.invalidParameter("Index KeySchema does not have the same leading hash key as table KeySchema for index: "
              + local.name() + ". index hash key: " + local.keySchema().partitionKey() + ", table hash key: "
              + keySchema.partitionKey());
        }
        addIndex(indexes, indexNames, local, used);
      }
    }
    JsonNode globalIndexes = request.get("GlobalSecondaryIndexes");
    if (globalIndexes != null && !globalIndexes.isNull()) {
      for (JsonNode index : globalIndexes) {
        addIndex(indexes, indexNames, index(index, true, definitions, keySchema, billingMode), used);
      }
    }
    if (!used.containsAll(definitions.keySet()) || used.size() != definitions.size()) {
      throw DynamoDbError.invalidParameter("Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions");
    }
    if (database.tables.containsKey(name)) {
      throw DynamoDbError.resourceInUse("Table already exists: " + name);
    }

    Table table = new Table(name, database.tableArn(name), keySchema, definitions, database.clock.instant());
    table.billingMode(billingMode);
    table.settings().put("TableId", UUID.randomUUID().toString());
    copySetting(request, table, "ProvisionedThroughput");
    copySetting(request, table, "SSESpecification");
    copySetting(request, table, "TableClass");
    copySetting(request, table, "DeletionProtectionEnabled");
    copySetting(request, table, "Tags");
    indexes.forEach(table::addIndex);
    database.tables.put(name, table);
    database.track(table);
    JsonNode stream = request.get("StreamSpecification");
    if (stream != null && !stream.isNull()) {
      streamSpecification(table, stream, true);
    }
    return description(table, "CREATING", "TableDescription");
  }

  ObjectNode describeTable(JsonNode request) {
    return description(database.describedTable(Requests.required(request, "TableName", "tableName")), "ACTIVE", "Table");
  }

  ObjectNode updateTable(JsonNode request) {
    checkUpdateTable(request);
    Table table = database.describedTable(Requests.required(request, "TableName", "tableName"));
    Map<String, String> definitions = new LinkedHashMap<>(table.attributeDefinitions());
    JsonNode newDefinitions = request.get("AttributeDefinitions");
    if (newDefinitions != null && !newDefinitions.isNull()) {
      attributeDefinitions(newDefinitions).forEach((attribute, type) -> {
        String known = definitions.putIfAbsent(attribute, type);
        if (known != null && !known.equals(type)) {
          throw DynamoDbError.invalidParameter("Cannot change the type of attribute " + attribute
              + " from " + known + " to " + type);
        }
      });
    }
    String billingMode = Requests.oneOf(request, "BillingMode", "billingMode", table.billingMode(),
        List.of("PROVISIONED", "PAY_PER_REQUEST"));
    if (request.has("BillingMode") || request.has("ProvisionedThroughput")) {
      JsonNode throughput = request.has("ProvisionedThroughput") ? request.get("ProvisionedThroughput")
          : billingMode.equals(table.billingMode()) ? null : request.get("ProvisionedThroughput");
      if (!(billingMode.equals("PROVISIONED") && throughput == null && billingMode.equals(table.billingMode()))) {
        checkThroughput(billingMode, throughput, "the table");
      }
      Object current = table.settings().get("ProvisionedThroughput");
      if (throughput != null && !throughput.isNull() && current instanceof JsonNode now
          && billingMode.equals(table.billingMode()) && !request.has("GlobalSecondaryIndexUpdates")
          && now.path("ReadCapacityUnits").asLong() == throughput.path("ReadCapacityUnits").asLong()
          && now.path("WriteCapacityUnits").asLong() == throughput.path("WriteCapacityUnits").asLong()) {
        throw DynamoDbError.validation("The provisioned throughput for the table will not change. The requested value "
            + "equals the current value. Current ReadCapacityUnits provisioned for the table: "
            + now.path("ReadCapacityUnits").asLong() + ". Requested ReadCapacityUnits: "
            + throughput.path("ReadCapacityUnits").asLong() + ". Current WriteCapacityUnits provisioned for the table: "
            + now.path("WriteCapacityUnits").asLong() + ". Requested WriteCapacityUnits: "
            + throughput.path("WriteCapacityUnits").asLong() + ". Refer to the Amazon DynamoDB Developer Guide for "
            + "current limits and how to request higher limits.");
      }
      table.billingMode(billingMode);
      if (throughput != null) {
        table.settings().put("ProvisionedThroughput", throughput);
      } else if (billingMode.equals("PAY_PER_REQUEST")) {
        table.settings().remove("ProvisionedThroughput");
      }
    }
    JsonNode updates = request.get("GlobalSecondaryIndexUpdates");
    if (updates != null && !updates.isNull()) {
      // One index created or deleted per call (UpdateTable's GlobalSecondaryIndexUpdates,
      // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTable.html).
      int changes = 0;
      for (JsonNode update : updates) {
        changes += update.has("Create") || update.has("Delete") ? 1 : 0;
      }
      if (changes > 1) {
        throw new DynamoDbError("LimitExceededException", 400,
            "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table", null);
      }
      for (JsonNode update : updates) {
        if (update.has("Create")) {
          SecondaryIndex index = index(update.get("Create"), true, definitions, table.keySchema(), billingMode);
          if (table.indexes().containsKey(index.name())) {
            throw DynamoDbError.invalidParameter("Index already exists: " + index.name());
          }
          definitions.keySet().retainAll(usedAttributes(table, index));
          table.attributeDefinitions().clear();
          table.attributeDefinitions().putAll(definitions);
          table.addIndex(index);
        } else if (update.has("Delete")) {
          String indexName = Requests.required(update.get("Delete"), "IndexName", "indexName");
          SecondaryIndex index = table.indexes().get(indexName);
          if (index == null || !index.global()) {
            throw DynamoDbError.resourceNotFound("Requested resource not found: Index: " + indexName + " not found");
          }
          table.removeIndex(indexName);
          table.attributeDefinitions().keySet().retainAll(usedAttributes(table, null));
        } else if (update.has("Update")) {
          String indexName = Requests.required(update.get("Update"), "IndexName", "indexName");
          JsonNode indexThroughput = update.get("Update").path("ProvisionedThroughput");
          if (indexThroughput.path("ReadCapacityUnits").asLong() > 1_000_000_000_000L
              || indexThroughput.path("WriteCapacityUnits").asLong() > 1_000_000_000_000L) {
            // Past the bounds, DynamoDB blocks the index update before it looks for the index.
            throw DynamoDbError.validation("This operation cannot be performed with given input values. Please "
                + "contact DynamoDB service team for more info: Action Blocked: IndexUpdate");
          }
          if (!table.indexes().containsKey(indexName)) {
            throw DynamoDbError.resourceNotFound("Requested resource not found: Index: " + indexName + " not found");
          }
        }
      }
    }
    JsonNode stream = request.get("StreamSpecification");
    if (stream != null && !stream.isNull()) {
      streamSpecification(table, stream, false);
    }
    if (request.has("DeletionProtectionEnabled")) {
      table.settings().put("DeletionProtectionEnabled", request.get("DeletionProtectionEnabled"));
    }
    if (request.has("TableClass")) {
      table.settings().put("TableClass", request.get("TableClass"));
    }
    return description(table, "UPDATING", "TableDescription");
  }

  ObjectNode deleteTable(JsonNode request) {
    Table table = database.describedTable(Requests.required(request, "TableName", "tableName"));
    Object protection = table.settings().get("DeletionProtectionEnabled");
    if (protection instanceof JsonNode node && node.asBoolean()) {
      throw DynamoDbError.validation("Resource cannot be deleted as it is currently protected against deletion. "
          + "Disable deletion protection first.");
    }
    ObjectNode description = description(table, "DELETING", "TableDescription");
    database.tables.remove(table.name());
    TableStream stream = database.currentStreams.remove(table.name());
    if (stream != null) {
      stream.disable();
    }
    return description;
  }

  ObjectNode listTables(JsonNode request) {
    String start = Requests.text(request, "ExclusiveStartTableName");
    int limit = request.has("Limit") ? request.get("Limit").asInt() : 100;
    if (limit < 1 || limit > 100) {
      throw DynamoDbError.validation("1 validation error detected: Value '" + limit
          + "' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100");
    }
    List<String> names = new ArrayList<>();
    for (String name : database.tables.keySet()) {
      if (start == null || name.compareTo(start) > 0) {
        names.add(name);
      }
    }
    ObjectNode response = JSON.objectNode();
    ArrayNode list = response.putArray("TableNames");
    names.stream().limit(limit).forEach(list::add);
    if (names.size() > limit) {
      response.put("LastEvaluatedTableName", names.get(limit - 1));
    }
    return response;
  }

  ObjectNode updateTimeToLive(JsonNode request) {
    Table table = database.describedTable(Requests.required(request, "TableName", "tableName"));
    JsonNode specification = request.get("TimeToLiveSpecification");
    if (specification == null || specification.isNull()) {
      throw DynamoDbError.validation("1 validation error detected: Value null at 'timeToLiveSpecification' "
          + "failed to satisfy constraint: Member must not be null");
    }
    String attribute = Requests.required(specification, "AttributeName", "timeToLiveSpecification.attributeName");
    boolean enabled = specification.path("Enabled").asBoolean(false);
    if (enabled && table.ttlAttribute() != null) {
      throw DynamoDbError.validation("TimeToLive is already enabled");
    }
    if (!enabled && table.ttlAttribute() == null) {
      throw DynamoDbError.validation("TimeToLive is already disabled");
    }
    if (!enabled && !attribute.equals(table.ttlAttribute())) {
      throw DynamoDbError.validation("TimeToLive is active on a different AttributeName: current AttributeName is "
          + table.ttlAttribute());
    }
    table.ttlAttribute(enabled ? attribute : null);
    ObjectNode response = JSON.objectNode();
    response.putObject("TimeToLiveSpecification").put("AttributeName", attribute).put("Enabled", enabled);
    return response;
  }

  ObjectNode describeTimeToLive(JsonNode request) {
    Table table = database.describedTable(Requests.required(request, "TableName", "tableName"));
    ObjectNode response = JSON.objectNode();
    ObjectNode description = response.putObject("TimeToLiveDescription");
    if (table.ttlAttribute() == null) {
      description.put("TimeToLiveStatus", "DISABLED");
    } else {
      description.put("TimeToLiveStatus", "ENABLED");
      description.put("AttributeName", table.ttlAttribute());
    }
    return response;
  }

  private void streamSpecification(Table table, JsonNode specification, boolean creating) {
    boolean enabled = specification.path("StreamEnabled").asBoolean(false);
    TableStream current = database.currentStreams.get(table.name());
    if (enabled) {
      String viewType = Requests.text(specification, "StreamViewType");
      if (viewType == null) {
        throw DynamoDbError.validation("One or more parameter values were invalid: StreamViewType must be specified when StreamEnabled is true");
      }
      if (!VIEW_TYPES.contains(viewType)) {
        throw DynamoDbError.validation("1 validation error detected: Value '" + viewType
            + "' at 'streamSpecification.streamViewType' failed to satisfy constraint: Member must satisfy enum value set: "
            + VIEW_TYPES);
      }
      if (current != null && current.enabled()) {
        throw DynamoDbError.validation("Table already has an enabled stream: " + current.arn());
      }
      TableStream stream = new TableStream(table.arn(), table.name(), table.keySchema(), viewType,
          database.clock.instant(), database.region);
      database.streams.put(stream.arn(), stream);
      database.currentStreams.put(table.name(), stream);
    } else if (!creating) {
      if (current == null || !current.enabled()) {
        throw DynamoDbError.validation("Table does not have an enabled stream to disable: " + table.name());
      }
      current.disable();
    }
  }

  private ObjectNode description(Table table, String status, String field) {
    ObjectNode description = JSON.objectNode();
    ArrayNode definitions = description.putArray("AttributeDefinitions");
    table.attributeDefinitions().forEach((attribute, type) ->
        definitions.addObject().put("AttributeName", attribute).put("AttributeType", type));
    description.put("TableName", table.name());
    description.set("KeySchema", keySchemaJson(table.keySchema()));
    description.put("TableStatus", status);
    description.put("CreationDateTime", table.created().toEpochMilli() / 1000.0);
    description.set("ProvisionedThroughput", throughput(table.settings().get("ProvisionedThroughput")));
    description.put("TableSizeBytes", table.sizeBytes());
    description.put("ItemCount", table.items().size());
    description.put("TableArn", table.arn());
    description.put("TableId", (String) table.settings().get("TableId"));
    if (table.billingMode().equals("PAY_PER_REQUEST")) {
      description.putObject("BillingModeSummary").put("BillingMode", "PAY_PER_REQUEST")
          .put("LastUpdateToPayPerRequestDateTime", table.created().toEpochMilli() / 1000.0);
    }
    ArrayNode globals = JSON.arrayNode();
    ArrayNode locals = JSON.arrayNode();
    for (SecondaryIndex index : table.indexes().values()) {
      ObjectNode entry = (index.global() ? globals : locals).addObject();
      entry.put("IndexName", index.name());
      entry.set("KeySchema", keySchemaJson(index.keySchema()));
      ObjectNode projection = entry.putObject("Projection").put("ProjectionType", index.projectionType());
      if (!index.nonKeyAttributes().isEmpty()) {
        ArrayNode nonKey = projection.putArray("NonKeyAttributes");
        index.nonKeyAttributes().forEach(nonKey::add);
      }
      if (index.global()) {
        entry.put("IndexStatus", "ACTIVE");
        entry.set("ProvisionedThroughput", throughput(table.settings().get("ProvisionedThroughput:" + index.name())));
      }
      entry.put("IndexSizeBytes", index.sizeBytes());
      entry.put("ItemCount", index.itemCount());
      entry.put("IndexArn", table.arn() + "/index/" + index.name());
    }
    if (!globals.isEmpty()) {
      description.set("GlobalSecondaryIndexes", globals);
    }
    if (!locals.isEmpty()) {
      description.set("LocalSecondaryIndexes", locals);
    }
    TableStream stream = database.currentStreams.get(table.name());
    if (stream != null) {
      ObjectNode specification = description.putObject("StreamSpecification");
      specification.put("StreamEnabled", stream.enabled());
      if (stream.enabled()) {
        specification.put("StreamViewType", stream.viewType());
      }
      description.put("LatestStreamLabel", stream.label());
      description.put("LatestStreamArn", stream.arn());
    }
    Object sse = table.settings().get("SSESpecification");
    if (sse instanceof JsonNode node && node.path("Enabled").asBoolean(false)) {
      ObjectNode sseDescription = description.putObject("SSEDescription");
      sseDescription.put("Status", "ENABLED");
      sseDescription.put("SSEType", node.path("SSEType").asText("KMS"));
      if (node.has("KMSMasterKeyId")) {
        sseDescription.put("KMSMasterKeyArn", node.get("KMSMasterKeyId").asText());
      }
    }
    Object tableClass = table.settings().get("TableClass");
    if (tableClass instanceof JsonNode node) {
      description.putObject("TableClassSummary").put("TableClass", node.asText());
    }
    Object protection = table.settings().get("DeletionProtectionEnabled");
    description.put("DeletionProtectionEnabled", protection instanceof JsonNode node && node.asBoolean());
    ObjectNode response = JSON.objectNode();
    response.set(field, description);
    return response;
  }

  private static ObjectNode throughput(Object configured) {
    ObjectNode throughput = JSON.objectNode();
    throughput.put("NumberOfDecreasesToday", 0);
    JsonNode node = configured instanceof JsonNode json ? json : null;
    throughput.put("ReadCapacityUnits", node == null ? 0 : node.path("ReadCapacityUnits").asLong());
    throughput.put("WriteCapacityUnits", node == null ? 0 : node.path("WriteCapacityUnits").asLong());
    return throughput;
  }

  private static ArrayNode keySchemaJson(KeySchema keySchema) {
    ArrayNode array = JSON.arrayNode();
    array.addObject().put("AttributeName", keySchema.partitionKey()).put("KeyType", "HASH");
    if (keySchema.hasSortKey()) {
      array.addObject().put("AttributeName", keySchema.sortKey()).put("KeyType", "RANGE");
    }
    return array;
  }

  private static void copySetting(JsonNode request, Table table, String field) {
    JsonNode value = request.get(field);
    if (value != null && !value.isNull()) {
      table.settings().put(field, value);
    }
  }

  private static String tableName(JsonNode request) {
    String name = Requests.required(request, "TableName", "tableName");
    if (name.length() < 3 || name.length() > 255) {
      throw DynamoDbError.validation("1 validation error detected: Value '" + name
          + "' at 'tableName' failed to satisfy constraint: Member must have length "
          + (name.length() < 3 ? "greater than or equal to 3" : "less than or equal to 255"));
    }
    if (!NAME.matcher(name).matches()) {
      throw DynamoDbError.validation("1 validation error detected: Value '" + name
          + "' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
    }
    return name;
  }

  /**
   * CreateTable's checks across its members, in the order DynamoDB makes them once every member
   * meets its own constraints: throughput against the billing mode, then the table's key schema
   * against the attribute definitions, then each local and each global secondary index.
   */
  private static void checkCreateTable(JsonNode request) {
    String billingMode = request.path("BillingMode").asText("PROVISIONED");
    JsonNode throughput = request.get("ProvisionedThroughput");
    if (billingMode.equals("PAY_PER_REQUEST")) {
      if (present(throughput)) {
        throw DynamoDbError.invalidParameter(
            "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
      }
    } else {
      if (!present(throughput) || throughput.path("ReadCapacityUnits").asLong(0) == 0
          || throughput.path("WriteCapacityUnits").asLong(0) == 0) {
        throw DynamoDbError.invalidParameter(
            "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
      }
      withinBounds(throughput, "ReadCapacityUnits");
      withinBounds(throughput, "WriteCapacityUnits");
    }
    List<String> definitions = names(request.get("AttributeDefinitions"));
    JsonNode keySchema = request.get("KeySchema");
    List<String> keys = names(keySchema);
    if (keys.size() > definitions.size()) {
      throw DynamoDbError.validation("Invalid KeySchema: Some index key attribute have no definition");
    }
    checkKeySchema(keySchema, definitions);
    JsonNode local = request.get("LocalSecondaryIndexes");
    JsonNode global = request.get("GlobalSecondaryIndexes");
    if (!present(local) && !present(global) && keys.size() != definitions.size()) {
      throw DynamoDbError.invalidParameter("Number of attributes in KeySchema does not exactly match number of "
          + "attributes defined in AttributeDefinitions");
    }
    Set<String> indexNames = new HashSet<>();
    if (present(local)) {
      if (local.isEmpty()) {
        throw DynamoDbError.invalidParameter("List of LocalSecondaryIndexes is empty");
      }
      if (keys.size() != 2) {
        throw DynamoDbError.invalidParameter(
            "Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex");
      }
      for (JsonNode index : local) {
        String indexName = index.path("IndexName").asText();
        JsonNode indexKey = index.get("KeySchema");
        checkKeySchema(indexKey, definitions);
        if (indexKey.size() != 2) {
          throw DynamoDbError.invalidParameter("Index KeySchema does not have a range key for index: " + indexName);
        }
        String indexHash = indexKey.get(0).path("AttributeName").asText();
        if (!indexHash.equals(keys.get(0))) {
          throw DynamoDbError.invalidParameter("Index KeySchema does not have the same leading hash key as table "
              + "KeySchema for index: " + indexName + ". index hash key: " + indexHash + ", table hash key: "
              + keys.get(0));
        }
        checkProjection(index.get("Projection"));
        uniqueIndexName(indexNames, indexName);
      }
      if (local.size() > 5) {
        throw DynamoDbError.invalidParameter("Number of LocalSecondaryIndexes exceeds per-table limit of 5");
      }
    }
    if (present(global)) {
      if (global.isEmpty()) {
        throw DynamoDbError.invalidParameter("List of GlobalSecondaryIndexes is empty");
      }
      for (JsonNode index : global) {
        String indexName = index.path("IndexName").asText();
        checkKeySchema(index.get("KeySchema"), definitions);
        checkProjection(index.get("Projection"));
        if (billingMode.equals("PAY_PER_REQUEST") && present(index.get("ProvisionedThroughput"))) {
          throw DynamoDbError.invalidParameter("ProvisionedThroughput should not be specified for index: " + indexName
              + " when BillingMode is PAY_PER_REQUEST");
        }
        uniqueIndexName(indexNames, indexName);
      }
      if (global.size() > 20) {
        throw DynamoDbError.invalidParameter("GlobalSecondaryIndex count exceeds the per-table limit of 20");
      }
    }
  }

  /** UpdateTable's checks across its members, before the table is looked up, as DynamoDB makes them. */
  private static void checkUpdateTable(JsonNode request) {
    JsonNode updates = request.get("GlobalSecondaryIndexUpdates");
    boolean changes = List.of("ProvisionedThroughput", "BillingMode", "StreamSpecification", "SSESpecification",
        "TableClass", "DeletionProtectionEnabled", "ReplicaUpdates", "OnDemandThroughput", "WarmThroughput",
        "MultiRegionConsistency").stream().anyMatch(request::hasNonNull);
    if (!changes && (!present(updates) || updates.isEmpty())) {
      throw DynamoDbError.validation("At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, "
          + "GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required");
    }
    JsonNode throughput = request.get("ProvisionedThroughput");
    if (request.path("BillingMode").asText().equals("PROVISIONED") && !present(throughput)) {
      throw DynamoDbError.invalidParameter("ProvisionedThroughput must be specified when BillingMode is PROVISIONED");
    }
    if (present(throughput)) {
      withinBounds(throughput, "ReadCapacityUnits");
      withinBounds(throughput, "WriteCapacityUnits");
    }
    if (present(updates)) {
      Set<String> names = new HashSet<>();
      for (JsonNode update : updates) {
        JsonNode action = present(update.get("Update")) ? update.get("Update")
            : present(update.get("Create")) ? update.get("Create") : update.get("Delete");
        if (!present(action)) {
          throw DynamoDbError.invalidParameter("One of GlobalSecondaryIndexUpdate.Update, "
              + "GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete must not be null");
        }
        String name = action.path("IndexName").asText();
        if (!names.add(name)) {
          throw DynamoDbError.invalidParameter(
              "Only one global secondary index update per index is allowed simultaneously. Index: " + name);
        }
      }
    }
  }

  private static boolean present(JsonNode node) {
    return node != null && !node.isNull();
  }

  /** The attribute names of a list of attribute definitions or key schema elements. */
  private static List<String> names(JsonNode elements) {
    List<String> names = new ArrayList<>();
    if (present(elements)) {
      elements.forEach(element -> names.add(element.path("AttributeName").asText()));
    }
    return names;
  }

  private static void withinBounds(JsonNode throughput, String member) {
    long units = throughput.path(member).asLong();
    if (units > 1_000_000_000_000L) {
      throw DynamoDbError.validation("Given value " + units + " for " + member + " is out of bounds");
    }
  }

  /** A key schema's attributes defined, its names distinct, a HASH element first and a RANGE one second. */
  private static void checkKeySchema(JsonNode keySchema, List<String> definitions) {
    List<String> keys = names(keySchema);
    if (!definitions.containsAll(keys)) {
      throw DynamoDbError.invalidParameter("Some index key attributes are not defined in AttributeDefinitions. Keys: "
          + keys + ", AttributeDefinitions: " + definitions);
    }
    if (keys.size() == 2 && keys.get(0).equals(keys.get(1))) {
      throw DynamoDbError.validation("Both the Hash Key and the Range Key element in the KeySchema have the same name");
    }
    if (!keySchema.get(0).path("KeyType").asText().equals("HASH")) {
      throw DynamoDbError.validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
    }
    if (keys.size() == 2 && !keySchema.get(1).path("KeyType").asText().equals("RANGE")) {
      throw DynamoDbError.validation("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
    }
  }

  private static void checkProjection(JsonNode projection) {
    JsonNode type = projection.get("ProjectionType");
    if (!present(type)) {
      throw DynamoDbError.invalidParameter("Unknown ProjectionType: null");
    }
    if (present(projection.get("NonKeyAttributes")) && !type.asText().equals("INCLUDE")) {
      throw DynamoDbError.invalidParameter("ProjectionType is " + type.asText() + ", but NonKeyAttributes is specified");
    }
  }

  private static void uniqueIndexName(Set<String> names, String name) {
    if (!names.add(name)) {
      throw DynamoDbError.invalidParameter("Duplicate index name: " + name);
    }
  }

  private static Map<String, String> attributeDefinitions(JsonNode node) {
    if (node == null || node.isNull() || !node.isArray()) {
      throw DynamoDbError.validation("1 validation error detected: Value null at 'attributeDefinitions' "
          + "failed to satisfy constraint: Member must not be null");
    }
    Map<String, String> definitions = new LinkedHashMap<>();
    for (JsonNode definition : node) {
      String name = Requests.required(definition, "AttributeName", "attributeDefinitions.member.attributeName");
      String type = Requests.oneOf(definition, "AttributeType", "attributeDefinitions.member.attributeType", null,
          List.of("B", "N", "S"));
      if (definitions.put(name, type) != null) {
        throw DynamoDbError.invalidParameter("Duplicate AttributeName in AttributeDefinitions: " + name);
      }
    }
    return definitions;
  }

  private static KeySchema keySchema(JsonNode node, Map<String, String> definitions, String where) {
    if (node == null || node.isNull() || !node.isArray() || node.isEmpty() || node.size() > 2) {
      throw DynamoDbError.validation("1 validation error detected: Value '" + node
          + "' at 'keySchema' failed to satisfy constraint: Member must have length less than or equal to 2"
          + " and greater than or equal to 1");
    }
    String partition = null;
    String sort = null;
    for (JsonNode element : node) {
      String name = Requests.required(element, "AttributeName", "keySchema.member.attributeName");
      String type = Requests.oneOf(element, "KeyType", "keySchema.member.keyType", null, List.of("HASH", "RANGE"));
      if (type.equals("HASH")) {
        if (partition != null) {
          throw DynamoDbError.invalidParameter("Too many hash keys specified.  All Dynamo DB tables must have exactly one hash key");
        }
        partition = name;
      } else {
        if (sort != null) {
          throw DynamoDbError.invalidParameter("Too many range keys specified");
        }
        sort = name;
      }
      if (!definitions.containsKey(name)) {
        throw DynamoDbError.invalidParameter("Some index key attributes are not defined in AttributeDefinitions. "
            + "Keys: [" + name + "], AttributeDefinitions: " + definitions.keySet());
      }
    }
    if (partition == null) {
      throw DynamoDbError.invalidParameter("No Hash Key specified in schema.  All Dynamo DB tables must have exactly one hash key");
    }
    if (node.get(0).path("KeyType").asText().equals("RANGE")) {
      throw DynamoDbError.invalidParameter("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
    }
    if (partition.equals(sort)) {
      throw DynamoDbError.invalidParameter("Both the Hash Key and the Range Key element in the KeySchema have the same name");
    }
    return new KeySchema(partition, definitions.get(partition), sort, sort == null ? null : definitions.get(sort));
  }

  private SecondaryIndex index(JsonNode node, boolean global, Map<String, String> definitions, KeySchema tableKey,
      String billingMode) {
    String name = Requests.required(node, "IndexName", "indexName");
    if (name.length() < 3 || name.length() > 255 || !NAME.matcher(name).matches()) {
      throw DynamoDbError.validation("1 validation error detected: Value '" + name
          + "' at 'indexName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"
          + " and have length between 3 and 255");
    }
    KeySchema keySchema = keySchema(node.get("KeySchema"), definitions, "KeySchema");
    JsonNode projection = node.get("Projection");
    if (projection == null || projection.isNull()) {
      throw DynamoDbError.validation("1 validation error detected: Value null at 'projection' failed to satisfy "
          + "constraint: Member must not be null");
    }
    String type = Requests.oneOf(projection, "ProjectionType", "projection.projectionType", "INCLUDE",
        List.of("ALL", "KEYS_ONLY", "INCLUDE"));
    List<String> nonKey = new ArrayList<>();
    JsonNode nonKeyNode = projection.get("NonKeyAttributes");
    if (nonKeyNode != null && !nonKeyNode.isNull()) {
      if (!type.equals("INCLUDE")) {
        throw DynamoDbError.invalidParameter("ProjectionType is " + type + ", but NonKeyAttributes is specified");
      }
      nonKeyNode.forEach(attribute -> nonKey.add(attribute.asText()));
    } else if (type.equals("INCLUDE")) {
      throw DynamoDbError.invalidParameter("ProjectionType is INCLUDE, but NonKeyAttributes is not specified");
    }
    if (global) {
      checkThroughput(billingMode, node.get("ProvisionedThroughput"), "index " + name);
    }
    return new SecondaryIndex(name, global, keySchema, tableKey, type, nonKey);
  }

  private static void addIndex(List<SecondaryIndex> indexes, Set<String> names, SecondaryIndex index, Set<String> used) {
    if (!names.add(index.name())) {
      throw DynamoDbError.invalidParameter("Duplicate index name: " + index.name());
    }
    indexes.add(index);
    used.addAll(index.keySchema().types().keySet());
  }

  private static Set<String> usedAttributes(Table table, SecondaryIndex extra) {
    Set<String> used = new HashSet<>(table.keySchema().types().keySet());
    table.indexes().values().forEach(index -> used.addAll(index.keySchema().types().keySet()));
    if (extra != null) {
      used.addAll(extra.keySchema().types().keySet());
    }
    return used;
  }

  private static void checkThroughput(String billingMode, JsonNode throughput, String what) {
    boolean given = throughput != null && !throughput.isNull();
    if (billingMode.equals("PROVISIONED") && !given) {
      throw DynamoDbError.invalidParameter("ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
    }
    if (billingMode.equals("PAY_PER_REQUEST") && given) {
      throw DynamoDbError.invalidParameter("Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
    }
    if (given && (throughput.path("ReadCapacityUnits").asLong(0) < 1 || throughput.path("WriteCapacityUnits").asLong(0) < 1)) {
      throw DynamoDbError.validation("One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits for "
          + what + " must be at least 1");
    }
  }
}
