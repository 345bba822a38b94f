package dev.orderflow.local.dynamodb.operation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.dynamodb.expression.Condition;
import dev.orderflow.local.dynamodb.expression.ExpressionAttributes;
import dev.orderflow.local.dynamodb.expression.KeyCondition;
import dev.orderflow.local.dynamodb.expression.Projection;
import dev.orderflow.local.dynamodb.table.AttributeValue;
import dev.orderflow.local.dynamodb.table.AttributeValues;
import dev.orderflow.local.dynamodb.DynamoDbError;
import dev.orderflow.local.dynamodb.table.ItemKey;
import dev.orderflow.local.dynamodb.table.KeySchema;
import dev.orderflow.local.dynamodb.table.SecondaryIndex;
import dev.orderflow.local.dynamodb.table.Table;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/** Query and Scan: pages bounded by Limit and 1 MB, a filter applied after the limit, counts and Select. */
final class ReadOperations {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final long PAGE_BYTES = 1024 * 1024;
  private static final List<String> SELECTS =
      List.of("ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES", "SPECIFIC_ATTRIBUTES", "COUNT");

  private final Database database;

  ReadOperations(Database database) {
    this.database = database;
  }

  ObjectNode query(JsonNode request) {
    // What needs no table is checked first, as DynamoDB does.
    String tableName = Requests.required(request, "TableName", "tableName");
    String keyText = Requests.text(request, "KeyConditionExpression");
    JsonNode legacyKeys = request.get("KeyConditions");
    if (keyText == null && (legacyKeys == null || legacyKeys.isNull())) {
      throw DynamoDbError.validation("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
    }
    String filterText = Requests.text(request, "FilterExpression");
    String projectionText = Requests.text(request, "ProjectionExpression");
    Projection legacyProjection = attributesToGet(request, keyText, filterText, projectionText);
    ExpressionAttributes attributes = Requests.attributes(request, true);
    KeyCondition.Prepared prepared = keyText == null ? null : KeyCondition.prepare(keyText, attributes);
    Condition filter = filterText == null ? null : Condition.parse(filterText, attributes, "FilterExpression");
    Projection projection = projectionText == null ? legacyProjection : Projection.parse(projectionText, attributes);
    attributes.checkAllUsed();
    List<KeyCondition.Leaf> leaves = prepared != null ? prepared.leaves() : legacyLeaves(legacyKeys);
    startValues(request);
    Source source = source(request, tableName);
    KeySchema keys = source.keySchema();
    Map<String, AttributeValue> startItem = startItem(request);
    StartKeys.check(startItem, source.table().keySchema(), source.index(), StartKeys.Stage.PARTITION, false);
    KeyCondition keyCondition = KeyCondition.bind(leaves, keys.partitionKey(), keys.sortKey(), keys.types());
    StartKeys.check(startItem, source.table().keySchema(), source.index(), StartKeys.Stage.SORT, false);
    Items.checkKeyValueSizes(keyCondition.partitionValue(),
        keyCondition.hasSortCondition() ? keyCondition.sortValues() : List.of());
    Items.checkScalarKeys(source.table(), projection);
    if (filter != null) {
      for (String name : filter.topLevelNames()) {
        if (keys.isKey(name)) {
          throw DynamoDbError.validation("Filter Expression can only contain non-primary key attributes: "
              + "Primary key attribute: " + name);
        }
      }
    }
    String select = select(request, source, projection != null);
    Items.checkScalarKeys(source.table(), filter);
    StartKeys.check(startItem, source.table().keySchema(), source.index(), StartKeys.Stage.TABLE, false);
    int limit = limit(request);
    boolean forward = Requests.bool(request, "ScanIndexForward", true);

    AttributeValue partition = keyCondition.partitionValue();
    ItemKey start = startKey(startItem, source);
    if (start != null) {
      // A starting key is only valid inside the range that the key condition selects.
      AttributeValue startPartition = startItem.get(keys.partitionKey());
      if (keyCondition.hasSortCondition() && !keyCondition.matchesSortKey(startItem.get(keys.sortKey()))) {
        throw DynamoDbError.validation("The provided starting key does not match the range key predicate");
      }
      if (AttributeValues.compareKeys(startPartition, partition) != 0 || "=".equals(keyCondition.sortOperator())) {
        throw DynamoDbError.validation(keyCondition.hasSortCondition()
            ? "The query can return at most one row and cannot be restarted"
            : "The provided starting key is outside query boundaries based on provided conditions");
      }
    }
    NavigableMap<ItemKey, Map<String, AttributeValue>> range =
        source.entries().subMap(ItemKey.first(partition), true, ItemKey.last(partition), true);
    if (start != null) {
      range = forward ? range.tailMap(start, false) : range.headMap(start, false);
    }
    if (!forward) {
      range = range.descendingMap();
    }
    return page(request, source, range, keyCondition, filter, projection, select, limit);
  }

  /** The legacy KeyConditions as key conditions; their values and numbers were checked before. */
  private static List<KeyCondition.Leaf> legacyLeaves(JsonNode keyConditions) {
    List<KeyCondition.Leaf> leaves = new java.util.ArrayList<>();
    for (java.util.Iterator<Map.Entry<String, JsonNode>> fields = keyConditions.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      List<AttributeValue> values = new java.util.ArrayList<>();
      field.getValue().path("AttributeValueList").forEach(value -> values.add(AttributeValues.value(value)));
      leaves.add(KeyCondition.legacyLeaf(field.getKey(), field.getValue().path("ComparisonOperator").asText(),
          values));
    }
    return leaves;
  }

  ObjectNode scan(JsonNode request) {
    String tableName = Requests.required(request, "TableName", "tableName");
    String filterText = Requests.text(request, "FilterExpression");
    String projectionText = Requests.text(request, "ProjectionExpression");
    Projection legacyProjection = attributesToGet(request, null, filterText, projectionText);
    ExpressionAttributes attributes = Requests.attributes(request, filterText != null || projectionText != null);
    Condition filter = filterText == null ? null : Condition.parse(filterText, attributes, "FilterExpression");
    Projection projection = projectionText == null ? legacyProjection : Projection.parse(projectionText, attributes);
    attributes.checkAllUsed();
    startValues(request);
    Source source = source(request, tableName);
    Map<String, AttributeValue> startItem = startItem(request);
    StartKeys.check(startItem, source.table().keySchema(), source.index(), StartKeys.Stage.PARTITION, true);
    StartKeys.check(startItem, source.table().keySchema(), source.index(), StartKeys.Stage.SORT, true);
    String select = select(request, source, projection != null);
    StartKeys.check(startItem, source.table().keySchema(), source.index(), StartKeys.Stage.TABLE, true);
    Items.checkScalarKeys(source.table(), projection);
    int limit = limit(request);
    JsonNode segmentNode = request.get("Segment");
    JsonNode totalNode = request.get("TotalSegments");
    NavigableMap<ItemKey, Map<String, AttributeValue>> range = source.entries();
    ItemKey start = startKey(startItem, source);
    if ((segmentNode == null) != (totalNode == null)) {
      throw DynamoDbError.validation("The TotalSegments parameter is required but was not present in the request when Segment parameter is present");
    }
    if (totalNode != null) {
      int total = totalNode.asInt();
      int segment = segmentNode.asInt();
      if (total < 1 || total > 1_000_000) {
        throw DynamoDbError.validation("1 validation error detected: Value '" + total + "' at 'totalSegments' "
            + "failed to satisfy constraint: Member must have value less than or equal to 1000000 and greater than or equal to 1");
      }
      if (segment < 0 || segment >= total) {
        throw DynamoDbError.validation("The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: "
            + segment + " is not less than TotalSegments: " + total);
      }
      ItemKey from = ItemKey.segmentStart(segment, total);
      range = segment + 1 < total ? range.subMap(from, true, ItemKey.segmentStart(segment + 1, total), false) : range.tailMap(from, true);
      if (start != null && start.segment(total) != segment) {
        throw DynamoDbError.validation("The provided starting key is invalid: Invalid ExclusiveStartKey. Please use "
            + "ExclusiveStartKey with correct Segment. TotalSegments: " + total + " Segment: " + segment);
      }
    }
    Items.checkScalarKeys(source.table(), filter);
    if (start != null) {
      range = range.tailMap(start, false);
    }
    return page(request, source, range, null, filter, projection, select, limit);
  }

  private ObjectNode page(JsonNode request, Source source, NavigableMap<ItemKey, Map<String, AttributeValue>> range,
      KeyCondition keyCondition, Condition filter, Projection projection, String select, int limit) {
    ObjectNode response = JSON.objectNode();
    ArrayNode items = select.equals("COUNT") ? null : response.putArray("Items");
    int count = 0;
    int scanned = 0;
    long bytes = 0;
    Map<String, AttributeValue> last = null;
    boolean more = false;
    for (Map<String, AttributeValue> entry : range.values()) {
      if (scanned == limit || bytes >= PAGE_BYTES) {
        more = true;
        break;
      }
      KeySchema keys = source.keySchema();
      if (keyCondition != null && keys.hasSortKey() && keyCondition.hasSortCondition()
          && !keyCondition.matchesSortKey(entry.get(keys.sortKey()))) {
        continue;
      }
      scanned++;
      last = entry;
      Map<String, AttributeValue> item = source.fetch(entry, select, projection);
      bytes += AttributeValues.size(item);
      if (filter != null && !filter.test(item)) {
        continue;
      }
      count++;
      if (items != null) {
        items.add(AttributeValues.toJson(projection == null ? item : projection.apply(item)));
      }
    }
    response.put("Count", count);
    response.put("ScannedCount", scanned);
    if (more || scanned == limit) {
      if (last != null) {
        response.set("LastEvaluatedKey", AttributeValues.toJson(source.lastEvaluatedKey(last)));
      }
    }
    ItemOperations.capacity(response, request, source.table(),
        source.index() == null ? null : source.index().name(), source.index() != null && source.index().global(),
        ItemOperations.readUnits(bytes, Requests.bool(request, "ConsistentRead")));
    return response;
  }

  /**
   * The projection of a legacy {@code AttributesToGet}, or null; {@link Legacy} has refused its mix
   * with expression parameters already.
   */
  private static Projection attributesToGet(JsonNode request, String keyText, String filterText, String projectionText) {
    JsonNode names = request.get("AttributesToGet");
    if (names == null || names.isNull()) {
      return null;
    }
    java.util.Set<String> seen = new java.util.LinkedHashSet<>();
    for (JsonNode name : names) {
      if (!seen.add(name.asText())) {
        throw DynamoDbError.invalidParameter("Duplicate value in attribute name: " + name.asText());
      }
    }
    return Projection.ofAttributes(seen);
  }

  /** The values of an ExclusiveStartKey must be valid values before any table is asked. */
  private static void startValues(JsonNode request) {
    JsonNode node = request.get("ExclusiveStartKey");
    if (node != null && !node.isNull()) {
      try {
        AttributeValues.item(node);
      } catch (DynamoDbError e) {
        if (!e.type().equals("ValidationException")) {
          throw e;
        }
        throw DynamoDbError.validation("The provided starting key is invalid: " + e.getMessage());
      }
    }
  }

  private Source source(JsonNode request, String tableName) {
    Table table = database.table(tableName);
    String indexName = Requests.text(request, "IndexName");
    if (indexName == null) {
      return new Source(table, null);
    }
    SecondaryIndex index = table.indexes().get(indexName);
    if (index == null) {
      throw DynamoDbError.validation("The table does not have the specified index: " + indexName);
    }
    if (index.global() && Requests.bool(request, "ConsistentRead")) {
      throw DynamoDbError.validation("Consistent reads are not supported on global secondary indexes");
    }
    return new Source(table, index);
  }

  private static String select(JsonNode request, Source source, boolean hasProjection) {
    String select = Requests.oneOf(request, "Select", "select", null, SELECTS);
    if (select == null) {
      return hasProjection ? "SPECIFIC_ATTRIBUTES" : source.index() == null ? "ALL_ATTRIBUTES" : "ALL_PROJECTED_ATTRIBUTES";
    }
    if (hasProjection && !select.equals("SPECIFIC_ATTRIBUTES")) {
      throw DynamoDbError.invalidParameter("Cannot specify the "
          + (request.has("AttributesToGet") ? "AttributesToGet" : "ProjectionExpression") + " when choosing to get "
          + select);
    }
    if (select.equals("ALL_PROJECTED_ATTRIBUTES") && source.index() == null) {
      throw DynamoDbError.invalidParameter("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
    }
    if (select.equals("ALL_ATTRIBUTES") && source.index() != null && source.index().global()
        && !source.index().projectionType().equals("ALL")) {
      throw DynamoDbError.invalidParameter("Select type ALL_ATTRIBUTES is not supported for global secondary index "
          + source.index().name() + " because its projection type is not ALL");
    }
    if (select.equals("SPECIFIC_ATTRIBUTES") && !hasProjection && !request.has("AttributesToGet")) {
      throw DynamoDbError.invalidParameter("SPECIFIC_ATTRIBUTES requires a ProjectionExpression");
    }
    return select;
  }

  private static int limit(JsonNode request) {
    JsonNode node = request.get("Limit");
    if (node == null || node.isNull()) {
      return Integer.MAX_VALUE;
    }
    int limit = node.asInt();
    if (limit < 1) {
      throw DynamoDbError.validation("1 validation error detected: Value '" + limit
          + "' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1");
    }
    return limit;
  }

  private static Map<String, AttributeValue> startItem(JsonNode request) {
    JsonNode node = request.get("ExclusiveStartKey");
    return node == null || node.isNull() ? null : AttributeValues.item(node);
  }

  /** The key an ExclusiveStartKey that {@link StartKeys} accepted names in the table or index read. */
  private static ItemKey startKey(Map<String, AttributeValue> start, Source source) {
    if (start == null) {
      return null;
    }
    return source.index() == null ? source.table().keyOf(start) : source.index().keyOf(start);
  }

  /** The table or index a read goes to. */
  private record Source(Table table, SecondaryIndex index) {

    KeySchema keySchema() {
      return index == null ? table.keySchema() : index.keySchema();
    }

    NavigableMap<ItemKey, Map<String, AttributeValue>> entries() {
      return index == null ? table.items() : index.entries();
    }

    /** The item as the read returns it: a local index fetches unprojected attributes from the table. */
    Map<String, AttributeValue> fetch(Map<String, AttributeValue> entry, String select, Projection projection) {
      if (index != null && !index.global() && !index.projectionType().equals("ALL")
          && (select.equals("ALL_ATTRIBUTES") || projection != null)) {
        Map<String, AttributeValue> item = table.get(entry);
        return item == null ? entry : item;
      }
      return entry;
    }

    Map<String, AttributeValue> lastEvaluatedKey(Map<String, AttributeValue> item) {
      Map<String, AttributeValue> key = new LinkedHashMap<>(table.keySchema().keyOf(item));
      if (index != null) {
        key.putAll(index.keySchema().keyOf(item));
      }
      return key;
    }
  }
}
