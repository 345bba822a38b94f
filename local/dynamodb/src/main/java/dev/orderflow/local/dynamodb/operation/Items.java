package dev.orderflow.local.dynamodb.operation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderflow.local.dynamodb.table.AttributeValue;
import dev.orderflow.local.dynamodb.table.AttributeValues;
import dev.orderflow.local.dynamodb.DynamoDbError;
import dev.orderflow.local.dynamodb.table.KeySchema;
import dev.orderflow.local.dynamodb.table.SecondaryIndex;
import dev.orderflow.local.dynamodb.table.Table;
import java.util.List;
import java.util.Map;

/** The checks that keys and items must pass, with DynamoDB's messages. */
final class Items {

  static final long MAX_ITEM_BYTES = 400 * 1024;
  private static final int MAX_PARTITION_KEY_BYTES = 2048;
  private static final int MAX_SORT_KEY_BYTES = 1024;

  private Items() {}

  /** Reads a {@code Key} parameter: exactly the table's key attributes, of their types. */
  static Map<String, AttributeValue> key(Table table, JsonNode node) {
    return key(table, keyValues(node));
  }

  /** Reads the values of a {@code Key} parameter, before its table is known. */
  static Map<String, AttributeValue> keyValues(JsonNode node) {
    if (node == null || node.isNull()) {
      throw DynamoDbError.validation("1 validation error detected: Value null at 'key' failed to satisfy "
          + "constraint: Member must not be null");
    }
    return AttributeValues.item(node);
  }

  /** Checks key values against the table's key schema: exactly its key attributes, of their types, within size. */
  static Map<String, AttributeValue> key(Table table, Map<String, AttributeValue> key) {
    KeySchema schema = table.keySchema();
    if (key.size() != schema.types().size()) {
      throw DynamoDbError.validation("The provided key element does not match the schema");
    }
    for (Map.Entry<String, String> element : schema.types().entrySet()) {
      AttributeValue value = key.get(element.getKey());
      if (value == null || !value.type().equals(element.getValue())) {
        throw DynamoDbError.validation("The provided key element does not match the schema");
      }
      checkNotEmpty(value, element.getKey(), "One or more parameter values were invalid: ");
    }
    checkKeySize(key.get(schema.partitionKey()), MAX_PARTITION_KEY_BYTES, "hashkey");
    if (schema.hasSortKey()) {
      checkKeySize(key.get(schema.sortKey()), MAX_SORT_KEY_BYTES, "rangekey");
    }
    return key;
  }

  /** Checks a whole item: its key, its index keys, its size. */
  static void checkItem(Table table, Map<String, AttributeValue> item) {
    KeySchema schema = table.keySchema();
    for (Map.Entry<String, String> element : schema.types().entrySet()) {
      AttributeValue value = item.get(element.getKey());
      if (value == null) {
        throw DynamoDbError.invalidParameter("Missing the key " + element.getKey() + " in the item");
      }
      if (!value.type().equals(element.getValue())) {
        throw DynamoDbError.invalidParameter("Type mismatch for key " + element.getKey() + " expected: "
            + element.getValue() + " actual: " + value.type());
      }
      checkNotEmpty(value, element.getKey(), "One or more parameter values are not valid. ");
    }
    checkKeySize(item.get(schema.partitionKey()), MAX_PARTITION_KEY_BYTES, "hashkey");
    if (schema.hasSortKey()) {
      checkKeySize(item.get(schema.sortKey()), MAX_SORT_KEY_BYTES, "rangekey");
    }
    for (SecondaryIndex index : table.indexes().values()) {
      for (Map.Entry<String, String> element : index.keySchema().types().entrySet()) {
        AttributeValue value = item.get(element.getKey());
        if (value == null) {
          continue;
        }
        if (!value.type().equals(element.getValue())) {
          throw DynamoDbError.invalidParameter("Type mismatch for Index Key " + element.getKey() + " Expected: "
              + element.getValue() + " Actual: " + value.type() + " IndexName: " + index.name());
        }
        if (isEmpty(value)) {
          throw DynamoDbError.validation("One or more parameter values are not valid. A value specified for a "
              + "secondary index key is not supported. The AttributeValue for a key attribute cannot contain an "
              + "empty " + (value instanceof AttributeValue.S ? "string" : "binary") + " value. IndexName: "
              + index.name() + ", IndexKey: " + element.getKey());
        }
      }
    }
    if (AttributeValues.size(item) > MAX_ITEM_BYTES) {
      throw DynamoDbError.validation("Item size has exceeded the maximum allowed size");
    }
  }

  /**
   * A key attribute's value is not empty; DynamoDB words the refusal of a key ("were invalid: ")
   * and of an item's key attribute ("are not valid. ") differently.
   */
  private static void checkNotEmpty(AttributeValue value, String name, String prefix) {
    if (isEmpty(value)) {
      throw DynamoDbError.validation(prefix + "The AttributeValue for a key "
          + "attribute cannot contain an empty " + (value instanceof AttributeValue.S ? "string" : "binary")
          + " value. Key: " + name);
    }
  }

  private static boolean isEmpty(AttributeValue value) {
    return (value instanceof AttributeValue.S s && s.value().isEmpty())
        || (value instanceof AttributeValue.B b && b.value().length() == 0);
  }

  private static void checkKeySize(AttributeValue value, int max, String what) {
    if (value != null && value.size() > max) {
      // DynamoDB's own wording, the missing space included, and its odd plural for the one sort key.
      throw DynamoDbError.invalidParameter(what.equals("hashkey")
          ? "Size of hashkey has exceeded the maximum size limit of" + max + " bytes"
          : "Aggregated size of all range keys has exceeded the size limit of " + max + " bytes");
    }
  }

  /** Checks the values of a key condition against the key size limits. */
  static void checkKeyValueSizes(AttributeValue partition, List<AttributeValue> sortValues) {
    checkKeySize(partition, MAX_PARTITION_KEY_BYTES, "hashkey");
    for (AttributeValue value : sortValues) {
      checkKeySize(value, MAX_SORT_KEY_BYTES, "rangekey");
    }
  }

  /**
   * Refuses a projection that reads into a key attribute of the table or of one of its indexes,
   * which are scalars, as DynamoDB refuses it.
   */
  static void checkScalarKeys(Table table, dev.orderflow.local.dynamodb.expression.Projection projection) {
    if (projection != null) {
      checkScalarKeys(table, projection.nestedTopLevelNames());
    }
  }

  /** The same for a filter's reads. */
  static void checkScalarKeys(Table table, dev.orderflow.local.dynamodb.expression.Condition filter) {
    if (filter != null) {
      checkScalarKeys(table, filter.nestedTopLevelNames());
    }
  }

  private static void checkScalarKeys(Table table, java.util.Collection<String> nestedNames) {
    for (String name : nestedNames) {
      if (table.keySchema().isKey(name)) {
        throw DynamoDbError.validation("Key attributes must be scalars; list random access '[]' and map lookup '.' "
            + "are not allowed: Key: " + name);
      }
      for (SecondaryIndex index : table.indexes().values()) {
        if (index.keySchema().isKey(name)) {
          throw DynamoDbError.validation("Key attributes must be scalars; list random access '[]' and map lookup '.' "
              + "are not allowed: IndexKey: " + name);
        }
      }
    }
  }
}
