package dev.orderflow.local.dynamodb.operation;

import dev.orderflow.local.dynamodb.DynamoDbError;
import dev.orderflow.local.dynamodb.table.AttributeValue;
import dev.orderflow.local.dynamodb.table.KeySchema;
import dev.orderflow.local.dynamodb.table.SecondaryIndex;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The ExclusiveStartKey of a Query or Scan, checked element by element in DynamoDB's order and
 * wording. DynamoDB checks it in three stages, with other checks between them: the number of
 * attributes and the partition key of the table or index read (before a query's key condition
 * is matched to the key schema), then its sort key, then (on an index) the table's own key
 * attributes. A Scan of a table (no index) words every refusal as a key that does not match.
 *
 * <p>Wording: "The provided starting key is invalid" and "The provided key element does not
 * match the schema", ExclusiveStartKey in
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html and
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Scan.html (the key must
 * hold exactly the key attributes of the table or index, of their types).
 */
final class StartKeys {

  private static final String INVALID = "The provided starting key is invalid";
  private static final String MISMATCH = "The provided key element does not match the schema";

  /** The stages, in the order a request goes through them. */
  enum Stage { PARTITION, SORT, TABLE }

  private StartKeys() {}

  /**
   * Checks one stage of {@code start} (nothing when it is null) against the key of {@code table}
   * and {@code index} (null for the table itself).
   */
  static void check(Map<String, AttributeValue> start, KeySchema table, SecondaryIndex index, Stage stage,
      boolean scan) {
    if (start == null) {
      return;
    }
    if (scan && index == null) {
      // A Scan of a table has one refusal for every way its start key can be wrong.
      if (stage == Stage.PARTITION && !matches(start, table)) {
        throw DynamoDbError.validation(INVALID + ": " + MISMATCH);
      }
      return;
    }
    KeySchema source = index == null ? table : index.keySchema();
    switch (stage) {
      case PARTITION -> {
        Set<String> names = new LinkedHashSet<>(table.types().keySet());
        names.addAll(source.types().keySet());
        if (start.size() != names.size()) {
          throw DynamoDbError.validation(INVALID);
        }
        element(start, source.partitionKey(), source.partitionType());
      }
      case SORT -> {
        if (source.hasSortKey()) {
          element(start, source.sortKey(), source.sortType());
        }
      }
      case TABLE -> {
        if (index != null) {
          for (Map.Entry<String, String> key : table.types().entrySet()) {
            AttributeValue value = start.get(key.getKey());
            if (!source.isKey(key.getKey()) && (value == null || !value.type().equals(key.getValue()))) {
              throw DynamoDbError.validation(INVALID + ": " + MISMATCH);
            }
          }
        }
      }
      default -> throw new IllegalStateException(stage.name());
    }
  }

  /** One key attribute of the table or index read: present, else the key is invalid; of its type. */
  private static void element(Map<String, AttributeValue> start, String name, String type) {
    AttributeValue value = start.get(name);
    if (value == null) {
      throw DynamoDbError.validation(INVALID);
    }
    if (!value.type().equals(type)) {
      throw DynamoDbError.validation(MISMATCH);
    }
  }

  private static boolean matches(Map<String, AttributeValue> start, KeySchema keys) {
    Map<String, String> types = keys.types();
    if (start.size() != types.size()) {
      return false;
    }
    for (Map.Entry<String, String> key : types.entrySet()) {
      AttributeValue value = start.get(key.getKey());
      if (value == null || !value.type().equals(key.getValue())) {
        return false;
      }
    }
    return true;
  }
}
