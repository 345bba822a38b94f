package dev.orderflow.local.dynamodb.expression;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A small LRU cache of parse trees keyed by expression text. The trees hold placeholders
 * unresolved, so names and values are still resolved per request.
 */
final class ParseCache<T> {

  private static final int CAPACITY = 512;

  private final Map<String, T> entries = new LinkedHashMap<>(64, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, T> eldest) {
      return size() > CAPACITY;
    }
  };

  /** The tree for {@code key}, parsing it when it is not cached; parse errors are not cached. */
  T get(String key, Function<String, T> parser) {
    if (Limits.areLifted()) {
      // A tree parsed past the limits must not serve a client's text of the same spelling.
      return parser.apply(key);
    }
    synchronized (entries) {
      T cached = entries.get(key);
      if (cached != null) {
        return cached;
      }
    }
    T parsed = parser.apply(key);
    synchronized (entries) {
      entries.put(key, parsed);
    }
    return parsed;
  }
}
