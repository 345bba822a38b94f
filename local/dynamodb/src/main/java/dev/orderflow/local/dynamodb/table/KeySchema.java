package dev.orderflow.local.dynamodb.table;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The key of a table or an index: a partition key and an optional sort key, each with its
 * scalar type (S, N or B).
 */
public record KeySchema(String partitionKey, String partitionType, String sortKey, String sortType) {

  public boolean hasSortKey() {
    return sortKey != null;
  }

  /** The key attribute names and their types, partition key first. */
  public Map<String, String> types() {
    Map<String, String> types = new LinkedHashMap<>();
    types.put(partitionKey, partitionType);
    if (sortKey != null) {
      types.put(sortKey, sortType);
    }
    return types;
  }

  /** Whether the name is one of the key attributes. */
  public boolean isKey(String name) {
    return name.equals(partitionKey) || name.equals(sortKey);
  }

  /** The item's key attributes only. */
  public Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
    Map<String, AttributeValue> key = new LinkedHashMap<>();
    AttributeValue partition = item.get(partitionKey);
    if (partition != null) {
      key.put(partitionKey, partition);
    }
    if (sortKey != null) {
      AttributeValue sort = item.get(sortKey);
      if (sort != null) {
        key.put(sortKey, sort);
      }
    }
    return key;
  }

  /** Whether the item has every key attribute of this schema with the schema's type. */
  public boolean indexes(Map<String, AttributeValue> item) {
    AttributeValue partition = item.get(partitionKey);
    if (partition == null || !partition.type().equals(partitionType)) {
      return false;
    }
    if (sortKey == null) {
      return true;
    }
    AttributeValue sort = item.get(sortKey);
    return sort != null && sort.type().equals(sortType);
  }
}
