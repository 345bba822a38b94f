package dev.orderflow.local.dynamodb.expression;

import dev.orderflow.local.dynamodb.table.AttributeValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A resolved document path: attribute names ({@link String}) and list indexes ({@link Integer}),
 * with the reads and the copy-on-write changes that expressions make along it.
 */
record DocumentPath(List<Object> elements) {

  DocumentPath {
    elements = List.copyOf(elements);
  }

  static DocumentPath top(String name) {
    return new DocumentPath(List.of(name));
  }

  String first() {
    return (String) elements.get(0);
  }

  int size() {
    return elements.size();
  }

  /** The value at this path, or null when any step is missing or of the wrong type. */
  AttributeValue get(Map<String, AttributeValue> item) {
    AttributeValue current = item.get(first());
    for (int i = 1; i < elements.size() && current != null; i++) {
      current = step(current, elements.get(i));
    }
    return current;
  }

  private static AttributeValue step(AttributeValue container, Object element) {
    if (element instanceof String name) {
      return container instanceof AttributeValue.M map ? map.values().get(name) : null;
    }
    int index = (Integer) element;
    if (container instanceof AttributeValue.L list && index < list.values().size()) {
      return list.values().get(index);
    }
    return null;
  }

  /**
   * Sets the value at this path in a mutable item. Every step but the last must exist; an index
   * past the end of a list appends.
   */
  void set(Map<String, AttributeValue> item, AttributeValue value) {
    if (elements.size() == 1) {
      item.put(first(), value);
      return;
    }
    AttributeValue top = item.get(first());
    if (top == null) {
      throw invalidForUpdate();
    }
    item.put(first(), with(top, 1, value));
  }

  /** Removes the value at this path from a mutable item; a missing last step is no change. */
  void remove(Map<String, AttributeValue> item) {
    if (elements.size() == 1) {
      item.remove(first());
      return;
    }
    AttributeValue top = item.get(first());
    if (top == null) {
      throw invalidForUpdate();
    }
    item.put(first(), with(top, 1, null));
  }

  /** Fails unless every step before the last exists with the container type the next step needs. */
  void checkParent(Map<String, AttributeValue> item) {
    if (elements.size() == 1) {
      return;
    }
    AttributeValue current = item.get(first());
    for (int i = 1; i < elements.size(); i++) {
      if (current == null || !fits(current, elements.get(i))) {
        throw invalidForUpdate();
      }
      if (i < elements.size() - 1) {
        current = step(current, elements.get(i));
      }
    }
  }

  private static boolean fits(AttributeValue container, Object element) {
    return element instanceof String ? container instanceof AttributeValue.M : container instanceof AttributeValue.L;
  }

  /** A copy of {@code container} with the value at step {@code i} onwards replaced (or removed when null). */
  private AttributeValue with(AttributeValue container, int i, AttributeValue value) {
    Object element = elements.get(i);
    boolean last = i == elements.size() - 1;
    if (element instanceof String name) {
      if (!(container instanceof AttributeValue.M map)) {
        throw invalidForUpdate();
      }
      Map<String, AttributeValue> copy = new LinkedHashMap<>(map.values());
      if (last) {
        if (value == null) {
          copy.remove(name);
        } else {
          copy.put(name, value);
        }
      } else {
        AttributeValue child = copy.get(name);
        if (child == null) {
          throw invalidForUpdate();
        }
        copy.put(name, with(child, i + 1, value));
      }
      return new AttributeValue.M(copy);
    }
    int index = (Integer) element;
    if (!(container instanceof AttributeValue.L list)) {
      throw invalidForUpdate();
    }
    List<AttributeValue> copy = new ArrayList<>(list.values());
    if (last) {
      if (value == null) {
        if (index < copy.size()) {
          copy.remove(index);
        }
      } else if (index < copy.size()) {
        copy.set(index, value);
      } else {
        copy.add(value);
      }
    } else {
      if (index >= copy.size()) {
        throw invalidForUpdate();
      }
      copy.set(index, with(copy.get(index), i + 1, value));
    }
    return new AttributeValue.L(copy);
  }

  private static RuntimeException invalidForUpdate() {
    return dev.orderflow.local.dynamodb.DynamoDbError.validation(Errors.INVALID_PATH_FOR_UPDATE);
  }

  /**
   * Refuses two paths of one expression that overlap (one is the other or lies inside it) or
   * conflict (one steps into a map where the other steps into a list), as DynamoDB words it.
   */
  static void checkDisjoint(List<DocumentPath> paths, String parameterName) {
    // DynamoDB reports any overlap before any conflict.
    for (int j = 1; j < paths.size(); j++) {
      for (int i = 0; i < j; i++) {
        if (paths.get(i).overlaps(paths.get(j))) {
          throw Errors.overlap(parameterName, paths.get(i), paths.get(j));
        }
      }
    }
    for (int j = 1; j < paths.size(); j++) {
      DocumentPath two = paths.get(j);
      for (int i = 0; i < j; i++) {
        DocumentPath one = paths.get(i);
        int common = Math.min(one.size(), two.size());
        for (int k = 0; k < common; k++) {
          Object a = one.elements.get(k);
          Object b = two.elements.get(k);
          if (a.getClass() != b.getClass()) {
            throw Errors.conflict(parameterName, one, two);
          }
          if (!a.equals(b)) {
            break;
          }
        }
      }
    }
  }

  /** Whether one path is the other or lies inside it. */
  private boolean overlaps(DocumentPath other) {
    int common = Math.min(size(), other.size());
    return elements.subList(0, common).equals(other.elements.subList(0, common));
  }

  /** As DynamoDB prints paths in messages, e.g. {@code [a, b, [0]]}. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("[");
    for (int i = 0; i < elements.size(); i++) {
      if (i > 0) {
        text.append(", ");
      }
      Object element = elements.get(i);
      text.append(element instanceof Integer ? "[" + element + "]" : element);
    }
    return text.append(']').toString();
  }
}
