package dev.orderflow.local.dynamodb.expression;

import dev.orderflow.local.dynamodb.table.AttributeValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A ProjectionExpression (or AttributesToGet): the document paths to keep of an item. Nested
 * paths keep their structure; list elements picked by index keep their order, without gaps.
 */
public final class Projection {

  private static final ParseCache<List<Ast.Path>> CACHE = new ParseCache<>();

  private final List<DocumentPath> paths;
  private final Node root = new Node();

  private Projection(List<DocumentPath> paths) {
    this.paths = List.copyOf(paths);
    for (DocumentPath path : paths) {
      Node node = root;
      for (Object element : path.elements()) {
        node = element instanceof String name
            ? node.names.computeIfAbsent(name, key -> new Node())
            : node.indexes.computeIfAbsent((Integer) element, key -> new Node());
      }
      node.leaf = true;
    }
  }

  /**
   * Parses and validates a projection expression.
   *
   * @param expression the expression text
   * @param attributes the request's names and values; the names used are recorded
   * @return the projection
   * @throws dev.orderflow.local.dynamodb.DynamoDbError when paths are invalid, overlap or conflict
   */
  public static Projection parse(String expression, ExpressionAttributes attributes) {
    Objects.requireNonNull(expression, "expression");
    String parameterName = "ProjectionExpression";
    List<Ast.Path> tree = CACHE.get(expression, text -> Parser.projection(text, parameterName));
    Resolver resolver = new Resolver(attributes, parameterName);
    // Reserved words anywhere in the text come before the names of any path.
    tree.forEach(resolver::precheckPath);
    List<DocumentPath> paths = new ArrayList<>(tree.size());
    for (Ast.Path path : tree) {
      paths.add(resolver.path(path));
    }
    DocumentPath.checkDisjoint(paths, parameterName);
    return new Projection(paths);
  }

  /**
   * A projection onto plain top-level attribute names, as AttributesToGet gives them.
   *
   * @param names attribute names, taken literally; repeats are kept once
   * @return the projection
   */
  public static Projection ofAttributes(Collection<String> names) {
    List<DocumentPath> paths = new ArrayList<>();
    for (String name : new java.util.LinkedHashSet<>(names)) {
      paths.add(DocumentPath.top(name));
    }
    return new Projection(paths);
  }

  /** A projection onto paths already checked to be disjoint. */
  static Projection of(List<DocumentPath> paths) {
    return new Projection(paths);
  }

  /**
   * The top-level attribute names this projection reads.
   *
   * @return the names, in the order first given
   */
  public List<String> topLevelNames() {
    List<String> names = new ArrayList<>();
    for (DocumentPath path : paths) {
      if (!names.contains(path.first())) {
        names.add(path.first());
      }
    }
    return names;
  }

  /**
   * The top-level names this projection reads into, with a list index or a map key after them.
   *
   * @return the names, in the order first given
   */
  public List<String> nestedTopLevelNames() {
    List<String> names = new ArrayList<>();
    for (DocumentPath path : paths) {
      if (path.elements().size() > 1 && !names.contains(path.first())) {
        names.add(path.first());
      }
    }
    return names;
  }

  /**
   * Projects an item.
   *
   * @param item the item
   * @return a new item with only the projected paths that exist in it
   */
  public Map<String, AttributeValue> apply(Map<String, AttributeValue> item) {
    Map<String, AttributeValue> result = new LinkedHashMap<>();
    for (Map.Entry<String, Node> entry : root.names.entrySet()) {
      AttributeValue value = item.get(entry.getKey());
      AttributeValue projected = value == null ? null : project(value, entry.getValue());
      if (projected != null) {
        result.put(entry.getKey(), projected);
      }
    }
    return result;
  }

  private static AttributeValue project(AttributeValue value, Node node) {
    if (node.leaf) {
      return value;
    }
    if (!node.names.isEmpty() && value instanceof AttributeValue.M map) {
      Map<String, AttributeValue> kept = new LinkedHashMap<>();
      for (Map.Entry<String, Node> entry : node.names.entrySet()) {
        AttributeValue child = map.values().get(entry.getKey());
        AttributeValue projected = child == null ? null : project(child, entry.getValue());
        if (projected != null) {
          kept.put(entry.getKey(), projected);
        }
      }
      return kept.isEmpty() ? null : new AttributeValue.M(kept);
    }
    if (!node.indexes.isEmpty() && value instanceof AttributeValue.L list) {
      List<AttributeValue> kept = new ArrayList<>();
      for (Map.Entry<Integer, Node> entry : node.indexes.entrySet()) {
        if (entry.getKey() < list.values().size()) {
          AttributeValue projected = project(list.values().get(entry.getKey()), entry.getValue());
          if (projected != null) {
            kept.add(projected);
          }
        }
      }
      return kept.isEmpty() ? null : new AttributeValue.L(kept);
    }
    return null;
  }

  @Override
  public String toString() {
    return paths.toString();
  }

  /** One step of the projection tree. */
  private static final class Node {
    final Map<String, Node> names = new LinkedHashMap<>();
    final TreeMap<Integer, Node> indexes = new TreeMap<>();
    boolean leaf;
  }
}
