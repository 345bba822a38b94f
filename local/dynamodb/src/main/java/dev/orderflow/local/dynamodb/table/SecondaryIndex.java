package dev.orderflow.local.dynamodb.table;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A global or local secondary index: its key, its projection and its entries, kept in step
 * with the table on every write. Items without the index key are not in it (indexes are sparse).
 */
public final class SecondaryIndex {

  private final String name;
  private final boolean global;
  private final KeySchema keySchema;
  private final KeySchema tableKey;
  private final String projectionType;
  private final List<String> nonKeyAttributes;
  private final NavigableMap<ItemKey, Map<String, AttributeValue>> entries = new TreeMap<>();
  private long sizeBytes;

  public SecondaryIndex(String name, boolean global, KeySchema keySchema, KeySchema tableKey,
      String projectionType, List<String> nonKeyAttributes) {
    this.name = name;
    this.global = global;
    this.keySchema = keySchema;
    this.tableKey = tableKey;
    this.projectionType = projectionType;
    this.nonKeyAttributes = List.copyOf(nonKeyAttributes);
  }

  public String name() {
    return name;
  }

  public boolean global() {
    return global;
  }

  public KeySchema keySchema() {
    return keySchema;
  }

  public String projectionType() {
    return projectionType;
  }

  public List<String> nonKeyAttributes() {
    return nonKeyAttributes;
  }

  public NavigableMap<ItemKey, Map<String, AttributeValue>> entries() {
    return entries;
  }

  public long itemCount() {
    return entries.size();
  }

  public long sizeBytes() {
    return sizeBytes;
  }

  /** Whether an attribute is in this index's projection. */
  public boolean projects(String attribute) {
    return projectionType.equals("ALL")
        || keySchema.isKey(attribute)
        || tableKey.isKey(attribute)
        || (projectionType.equals("INCLUDE") && nonKeyAttributes.contains(attribute));
  }

  /** Moves an item's entry from its old image to its new one; either may be null. */
  void replace(Map<String, AttributeValue> oldItem, Map<String, AttributeValue> newItem) {
    if (oldItem != null && keySchema.indexes(oldItem)) {
      Map<String, AttributeValue> removed = entries.remove(keyOf(oldItem));
      if (removed != null) {
        sizeBytes -= AttributeValues.size(removed);
      }
    }
    if (newItem != null && keySchema.indexes(newItem)) {
      Map<String, AttributeValue> projected = project(newItem);
      entries.put(keyOf(newItem), projected);
      sizeBytes += AttributeValues.size(projected);
    }
  }

  /** Where the item sits in this index. */
  public ItemKey keyOf(Map<String, AttributeValue> item) {
    AttributeValue partition = item.get(keySchema.partitionKey());
    AttributeValue sort = keySchema.hasSortKey() ? item.get(keySchema.sortKey()) : null;
    return new ItemKey(ItemKey.hash(partition), partition, false, sort,
        item.get(tableKey.partitionKey()), tableKey.hasSortKey() ? item.get(tableKey.sortKey()) : null);
  }

  private Map<String, AttributeValue> project(Map<String, AttributeValue> item) {
    if (projectionType.equals("ALL")) {
      return item;
    }
    Map<String, AttributeValue> projected = new LinkedHashMap<>();
    item.forEach((attribute, value) -> {
      if (projects(attribute)) {
        projected.put(attribute, value);
      }
    });
    return projected;
  }
}
