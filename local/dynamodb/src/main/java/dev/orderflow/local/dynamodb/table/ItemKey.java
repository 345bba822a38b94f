package dev.orderflow.local.dynamodb.table;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;

/**
 * Where an item sits in a table or index: partitions are ordered by a hash of the partition
 * key (as DynamoDB spreads them), items within a partition by sort key. For an index, the
 * table's key breaks ties, since many items may share one index key.
 */
public record ItemKey(int hash, AttributeValue partition, boolean last, AttributeValue sort,
    AttributeValue tablePartition, AttributeValue tableSort) implements Comparable<ItemKey> {

  private static final Comparator<AttributeValue> NULLS_FIRST =
      Comparator.nullsFirst(AttributeValues.KEY_ORDER);

  private static final Comparator<ItemKey> ORDER = Comparator
      .comparingLong((ItemKey key) -> Integer.toUnsignedLong(key.hash))
      .thenComparing(ItemKey::partition, NULLS_FIRST)
      .thenComparing(ItemKey::last)
      .thenComparing(ItemKey::sort, NULLS_FIRST)
      .thenComparing(ItemKey::tablePartition, NULLS_FIRST)
      .thenComparing(ItemKey::tableSort, NULLS_FIRST);

  /** The key of an item in a table. */
  public static ItemKey of(AttributeValue partition, AttributeValue sort) {
    return new ItemKey(hash(partition), partition, false, sort, null, null);
  }

  /** A bound below every key of a partition. */
  public static ItemKey first(AttributeValue partition) {
    return new ItemKey(hash(partition), partition, false, null, null, null);
  }

  /** A bound above every key of a partition. */
  public static ItemKey last(AttributeValue partition) {
    return new ItemKey(hash(partition), partition, true, null, null, null);
  }

  /** A bound below every key of the given scan segment. */
  public static ItemKey segmentStart(int segment, int total) {
    long start = ((long) segment << 32) / total + ((((long) segment << 32) % total) == 0 ? 0 : 1);
    return new ItemKey((int) start, null, false, null, null, null);
  }

  /** Whether this key belongs to the given partition. */
  public boolean inPartition(AttributeValue value) {
    return partition != null && partition.equals(value);
  }

  /** A stable, well-spread hash of a partition key value (FNV-1a over its type and bytes). */
  public static int hash(AttributeValue value) {
    byte[] bytes;
    if (value instanceof AttributeValue.S s) {
      bytes = ("S" + s.value()).getBytes(StandardCharsets.UTF_8);
    } else if (value instanceof AttributeValue.N n) {
      bytes = ("N" + n.text()).getBytes(StandardCharsets.UTF_8);
    } else if (value instanceof AttributeValue.B b) {
      byte[] raw = b.value().toArray();
      bytes = new byte[raw.length + 1];
      bytes[0] = 'B';
      System.arraycopy(raw, 0, bytes, 1, raw.length);
    } else {
      throw new IllegalArgumentException("not a key type: " + value.type());
    }
    int hash = 0x811c9dc5;
    for (byte b : bytes) {
      hash ^= b & 0xff;
      hash *= 0x01000193;
    }
    // Final avalanche so nearby inputs land far apart.
    hash ^= hash >>> 16;
    hash *= 0x85ebca6b;
    hash ^= hash >>> 13;
    return hash;
  }

  /** The segment (of {@code total}) of a parallel scan that this key falls in. */
  public int segment(int total) {
    return (int) ((Integer.toUnsignedLong(hash) * total) >>> 32);
  }

  @Override
  public int compareTo(ItemKey other) {
    return ORDER.compare(this, other);
  }
}
