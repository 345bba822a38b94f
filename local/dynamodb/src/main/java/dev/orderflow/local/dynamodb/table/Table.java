package dev.orderflow.local.dynamodb.table;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * One table: its definition and its items, ordered by {@link ItemKey}. Not thread-safe: the
 * engine serialises writes and isolates reads with its lock.
 */
public final class Table {

  private final String name;
  private final String arn;
  private final KeySchema keySchema;
  private final Map<String, String> attributeDefinitions;
  private final Instant created;
  private final Map<String, SecondaryIndex> indexes = new LinkedHashMap<>();
  private final NavigableMap<ItemKey, Map<String, AttributeValue>> items = new TreeMap<>();
  private final List<BiConsumer<Map<String, AttributeValue>, Map<String, AttributeValue>>> changeListeners =
      new ArrayList<>();
  private long sizeBytes;
  private String billingMode;
  private Map<String, Object> settings = new LinkedHashMap<>();
  private String ttlAttribute;

  public Table(String name, String arn, KeySchema keySchema, Map<String, String> attributeDefinitions,
      Instant created) {
    this.name = name;
    this.arn = arn;
    this.keySchema = keySchema;
    this.attributeDefinitions = new LinkedHashMap<>(attributeDefinitions);
    this.created = created;
  }

  public String name() {
    return name;
  }

  public String arn() {
    return arn;
  }

  public KeySchema keySchema() {
    return keySchema;
  }

  public Map<String, String> attributeDefinitions() {
    return attributeDefinitions;
  }

  public Instant created() {
    return created;
  }

  public Map<String, SecondaryIndex> indexes() {
    return indexes;
  }

  public NavigableMap<ItemKey, Map<String, AttributeValue>> items() {
    return items;
  }

  public long sizeBytes() {
    return sizeBytes;
  }

  public String billingMode() {
    return billingMode;
  }

  public void billingMode(String billingMode) {
    this.billingMode = billingMode;
  }

  /** Settings that DescribeTable echoes but the engine does not act on (throughput, SSE, class). */
  public Map<String, Object> settings() {
    return settings;
  }

  public String ttlAttribute() {
    return ttlAttribute;
  }

  public void ttlAttribute(String ttlAttribute) {
    this.ttlAttribute = ttlAttribute;
  }

  /** Called with (old image, new image) after every change to an item, under the engine's lock. */
  public void onChange(BiConsumer<Map<String, AttributeValue>, Map<String, AttributeValue>> listener) {
    changeListeners.add(listener);
  }

  /** Adds an index and fills it from the items already in the table. */
  public void addIndex(SecondaryIndex index) {
    indexes.put(index.name(), index);
    for (Map<String, AttributeValue> item : items.values()) {
      index.replace(null, item);
    }
  }

  public void removeIndex(String indexName) {
    indexes.remove(indexName);
  }

  /** Where an item (or a key) sits in the table. */
  public ItemKey keyOf(Map<String, AttributeValue> item) {
    return ItemKey.of(item.get(keySchema.partitionKey()),
        keySchema.hasSortKey() ? item.get(keySchema.sortKey()) : null);
  }

  public Map<String, AttributeValue> get(Map<String, AttributeValue> key) {
    return items.get(keyOf(key));
  }

  /**
   * Stores the new image of an item, or deletes it when {@code newItem} is null, keeping the
   * indexes in step, and tells the listeners when something changed. Returns the old image.
   */
  public Map<String, AttributeValue> write(Map<String, AttributeValue> key, Map<String, AttributeValue> newItem) {
    ItemKey itemKey = keyOf(key);
    Map<String, AttributeValue> stored = newItem == null ? null : orderedCopy(newItem);
    Map<String, AttributeValue> oldItem = stored == null ? items.remove(itemKey) : items.put(itemKey, stored);
    if (oldItem != null) {
      sizeBytes -= AttributeValues.size(oldItem);
    }
    if (stored != null) {
      sizeBytes += AttributeValues.size(stored);
    }
    for (SecondaryIndex index : indexes.values()) {
      index.replace(oldItem, stored);
    }
    if (oldItem == null ? stored != null : !oldItem.equals(stored)) {
      for (BiConsumer<Map<String, AttributeValue>, Map<String, AttributeValue>> listener : changeListeners) {
        listener.accept(oldItem, stored);
      }
    }
    return oldItem;
  }

  private static Map<String, AttributeValue> orderedCopy(Map<String, AttributeValue> item) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(item));
  }
}
