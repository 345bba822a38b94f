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

  /**
   * The write request units that a change of one table item costs this index, as DynamoDB bills an
   * index: nothing when the item is in the index neither before nor after, or when its projection
   * did not change; one write of the projected item (1 KB units) when it enters, leaves or changes
   * in place; two (a delete and a put) when its index key changed.
   *
   * @param oldItem the item before, or null
   * @param newItem the item after, or null
   * @return the index's write units
   */
  public double writeUnits(Map<String, AttributeValue> oldItem, Map<String, AttributeValue> newItem) {
    Map<String, AttributeValue> before = oldItem != null && keySchema.indexes(oldItem) ? project(oldItem) : null;
    Map<String, AttributeValue> after = newItem != null && keySchema.indexes(newItem) ? project(newItem) : null;
    if (before == null && after == null || before != null && before.equals(after)) {
      return 0;
    }
    if (before != null && after != null && keyOf(oldItem).equals(keyOf(newItem))) {
      return units(Math.max(AttributeValues.size(before), AttributeValues.size(after)));
    }
    return (before == null ? 0 : units(AttributeValues.size(before))) + (after == null ? 0 : units(AttributeValues.size(after)));
  }

  private static double units(long bytes) {
    return Math.max(1, Math.ceil(bytes / 1024.0));
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
