package dev.orderflow.local.dynamodb.expression;

import dev.orderflow.local.dynamodb.table.AttributeValue;
import dev.orderflow.local.dynamodb.DynamoDbError;
import dev.orderflow.local.dynamodb.table.Numbers;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** An UpdateExpression: SET, REMOVE, ADD and DELETE actions, validated against one request. */
public final class Update {

  private static final ParseCache<Ast.UpdateTree> CACHE = new ParseCache<>();
  private static final String PARAMETER = "UpdateExpression";

  /** REMOVE runs last and from the highest list index down, so indexes name the elements before the update. */
  private static final Comparator<Action> REMOVE_ORDER = (a, b) -> comparePaths(b.path, a.path);

  private final List<Action> actions;
  private final List<Action> removals;
  private final Set<String> topLevel;
  private final Projection updatedPaths;

  private Update(List<Action> actions, List<Action> removals, List<DocumentPath> paths) {
    this.actions = actions;
    this.removals = removals;
    Set<String> names = new LinkedHashSet<>();
    for (DocumentPath path : paths) {
      names.add(path.first());
    }
    this.topLevel = Set.copyOf(names);
    this.updatedPaths = Projection.of(paths);
  }

  /**
   * Parses and validates an update expression.
   *
   * @param expression the expression text
   * @param attributes the request's names and values; the ones used are recorded
   * @return the update, ready to apply
   * @throws DynamoDbError a ValidationException worded as DynamoDB's
   */
  public static Update parse(String expression, ExpressionAttributes attributes) {
    Objects.requireNonNull(expression, "expression");
    Ast.UpdateTree parsed = CACHE.get(expression, text -> Parser.update(text, PARAMETER));
    List<Ast.Action> tree = parsed.actions();
    Resolver resolver = new Resolver(attributes, PARAMETER);
    // DynamoDB's order: the whole text first (function names and places, reserved words), then a
    // clause written twice, the paths updated (defined names, no overlaps), the values of ADD and
    // DELETE, and last the operands of SET.
    for (Ast.Action action : tree) {
      resolver.precheckUpdate(action.path(), action.value());
    }
    if (parsed.repeated() != null) {
      throw Errors.invalid(PARAMETER,
          "The \"" + parsed.repeated() + "\" section can only be used once in an update expression;");
    }
    List<DocumentPath> paths = new ArrayList<>();
    for (Ast.Action action : tree) {
      paths.add(resolver.path(action.path()));
    }
    DocumentPath.checkDisjoint(paths, PARAMETER);
    List<AttributeValue> setValues = new ArrayList<>();
    for (Ast.Action action : tree) {
      if (action.kind() == Ast.ActionKind.ADD || action.kind() == Ast.ActionKind.DELETE) {
        AttributeValue value = resolver.value((Ast.Value) action.value());
        checkSetOperand(action.kind(), value);
        setValues.add(value);
      }
    }
    List<Action> actions = new ArrayList<>();
    List<Action> removals = new ArrayList<>();
    java.util.Iterator<AttributeValue> values = setValues.iterator();
    for (int i = 0; i < tree.size(); i++) {
      Ast.Action action = tree.get(i);
      DocumentPath path = paths.get(i);
      switch (action.kind()) {
        case SET:
          actions.add(new Action(action.kind(), path, resolver.updateOperand(action.value()), null));
          break;
        case REMOVE:
          removals.add(new Action(action.kind(), path, null, null));
          break;
        default:
          actions.add(new Action(action.kind(), path, null, values.next()));
      }
    }
    removals.sort(REMOVE_ORDER);
    return new Update(List.copyOf(actions), List.copyOf(removals), paths);
  }

  private static void checkSetOperand(Ast.ActionKind kind, AttributeValue value) {
    boolean set = value instanceof AttributeValue.SS || value instanceof AttributeValue.NS
        || value instanceof AttributeValue.BS;
    boolean allowed = kind == Ast.ActionKind.ADD ? set || value instanceof AttributeValue.N : set;
    if (!allowed) {
      throw Errors.invalid(PARAMETER, "Incorrect operand type for operator or function; operator: " + kind
          + ", operand type: " + longTypeName(value));
    }
  }

  private static String longTypeName(AttributeValue value) {
    switch (value.type()) {
      case "S": return "STRING";
      case "N": return "NUMBER";
      case "B": return "BINARY";
      case "BOOL": return "BOOLEAN";
      case "L": return "LIST";
      case "M": return "MAP";
      default: return value.type();
    }
  }

  /**
   * Applies the update to a copy of the item. Every operand is read from the item as it was
   * before the update.
   *
   * @param item the item, empty when it does not exist
   * @return the new item
   * @throws DynamoDbError when an operand is missing or of the wrong type, or a path is invalid for update
   */
  public Map<String, AttributeValue> apply(Map<String, AttributeValue> item) {
    Map<String, AttributeValue> result = new LinkedHashMap<>(item);
    for (Action action : actions) {
      switch (action.kind) {
        case SET:
          action.path.set(result, evaluate(action.expr, item));
          break;
        case ADD:
          add(result, action.path, action.value);
          break;
        default:
          delete(result, action.path, action.value);
      }
    }
    for (Action removal : removals) {
      removal.path.remove(result);
    }
    return result;
  }

  /**
   * Checks what can be known of the update before it runs against the secondary indexes' keys,
   * as DynamoDB does: a value of a known type (a constant, a sum, a list) set or added to an index
   * key of another type, then a path that reads or writes inside an index key (keys are scalars).
   *
   * @param indexKeys each index's key attributes and their types, by index name
   */
  public void checkIndexKeys(Map<String, Map<String, String>> indexKeys) {
    List<Action> all = new ArrayList<>(actions);
    all.addAll(removals);
    for (Map.Entry<String, Map<String, String>> index : indexKeys.entrySet()) {
      for (Action action : all) {
        if (action.path.size() != 1 || action.kind == Ast.ActionKind.REMOVE) {
          continue;
        }
        String type = action.kind == Ast.ActionKind.SET ? staticType(action.expr) : action.value.type();
        String keyType = index.getValue().get(action.path.first());
        if (type != null && keyType != null && !keyType.equals(type)) {
          throw DynamoDbError.invalidParameter("Type mismatch for Index Key " + action.path.first() + " Expected: "
              + keyType + " Actual: " + type + " IndexName: " + index.getKey());
        }
      }
    }
    for (Action action : all) {
      checkNotInside(action.path, indexKeys);
      if (action.expr != null) {
        checkNotInside(action.expr, indexKeys);
      }
    }
  }

  /** The type an operand surely has, or null when only the item tells. */
  private static String staticType(Resolved.Expr expr) {
    if (expr instanceof Resolved.Const constant) {
      return constant.value().type();
    }
    if (expr instanceof Resolved.Arith) {
      return "N";
    }
    if (expr instanceof Resolved.ListAppend) {
      return "L";
    }
    return null;
  }

  private static void checkNotInside(Resolved.Expr expr, Map<String, Map<String, String>> indexKeys) {
    if (expr instanceof Resolved.PathExpr path) {
      checkNotInside(path.path(), indexKeys);
    } else if (expr instanceof Resolved.IfNotExists ifNotExists) {
      checkNotInside(ifNotExists.path(), indexKeys);
      checkNotInside(ifNotExists.fallback(), indexKeys);
    } else if (expr instanceof Resolved.ListAppend append) {
      checkNotInside(append.first(), indexKeys);
      checkNotInside(append.second(), indexKeys);
    } else if (expr instanceof Resolved.Arith arith) {
      checkNotInside(arith.left(), indexKeys);
      checkNotInside(arith.right(), indexKeys);
    }
  }

  private static void checkNotInside(DocumentPath path, Map<String, Map<String, String>> indexKeys) {
    if (path.size() > 1) {
      for (Map<String, String> keys : indexKeys.values()) {
        if (keys.containsKey(path.first())) {
          throw DynamoDbError.validation("Key attributes must be scalars; list random access '[]' and map lookup '.' "
              + "are not allowed: IndexKey: " + path.first());
        }
      }
    }
  }

  /**
   * The top-level attribute names that the expression sets, removes, adds or deletes.
   *
   * @return the names
   */
  public Set<String> topLevelAttributes() {
    return topLevel;
  }

  /**
   * The updated document paths, for ReturnValues UPDATED_OLD and UPDATED_NEW.
   *
   * @return a projection onto the updated paths
   */
  public Projection updatedPaths() {
    return updatedPaths;
  }

  private static AttributeValue evaluate(Resolved.Expr expr, Map<String, AttributeValue> item) {
    if (expr instanceof Resolved.Const constant) {
      return constant.value();
    }
    if (expr instanceof Resolved.PathExpr path) {
      AttributeValue value = path.path().get(item);
      if (value == null) {
        throw DynamoDbError.validation(Errors.MISSING_ATTRIBUTE);
      }
      return value;
    }
    if (expr instanceof Resolved.IfNotExists ifNotExists) {
      AttributeValue value = ifNotExists.path().get(item);
      return value != null ? value : evaluate(ifNotExists.fallback(), item);
    }
    if (expr instanceof Resolved.ListAppend append) {
      AttributeValue first = evaluate(append.first(), item);
      AttributeValue second = evaluate(append.second(), item);
      if (!(first instanceof AttributeValue.L a) || !(second instanceof AttributeValue.L b)) {
        throw DynamoDbError.validation(Errors.INCORRECT_DATA_TYPE);
      }
      List<AttributeValue> joined = new ArrayList<>(a.values().size() + b.values().size());
      joined.addAll(a.values());
      joined.addAll(b.values());
      return new AttributeValue.L(joined);
    }
    Resolved.Arith arith = (Resolved.Arith) expr;
    AttributeValue left = evaluate(arith.left(), item);
    AttributeValue right = evaluate(arith.right(), item);
    if (!(left instanceof AttributeValue.N a) || !(right instanceof AttributeValue.N b)) {
      throw DynamoDbError.validation(Errors.INCORRECT_DATA_TYPE);
    }
    return number(arith.plus() ? a.value().add(b.value()) : a.value().subtract(b.value()));
  }

  private static AttributeValue.N number(BigDecimal exact) {
    return new AttributeValue.N(Numbers.check(Numbers.normalise(exact)));
  }

  private static void add(Map<String, AttributeValue> item, DocumentPath path, AttributeValue value) {
    AttributeValue current = path.get(item);
    if (current == null) {
      path.set(item, value);
      return;
    }
    AttributeValue sum;
    if (current instanceof AttributeValue.N a && value instanceof AttributeValue.N b) {
      sum = number(a.value().add(b.value()));
    } else if (current instanceof AttributeValue.SS a && value instanceof AttributeValue.SS b) {
      Set<String> union = new LinkedHashSet<>(a.values());
      union.addAll(b.values());
      sum = new AttributeValue.SS(union);
    } else if (current instanceof AttributeValue.NS a && value instanceof AttributeValue.NS b) {
      Set<BigDecimal> union = new LinkedHashSet<>(a.values());
      union.addAll(b.values());
      sum = new AttributeValue.NS(union);
    } else if (current instanceof AttributeValue.BS a && value instanceof AttributeValue.BS b) {
      Set<AttributeValue.Bytes> union = new LinkedHashSet<>(a.values());
      union.addAll(b.values());
      sum = new AttributeValue.BS(union);
    } else {
      throw DynamoDbError.validation(Errors.INCORRECT_DATA_TYPE);
    }
    path.set(item, sum);
  }

  private static void delete(Map<String, AttributeValue> item, DocumentPath path, AttributeValue value) {
    AttributeValue current = path.get(item);
    if (current == null) {
      path.checkParent(item);
      return;
    }
    AttributeValue rest;
    if (current instanceof AttributeValue.SS a && value instanceof AttributeValue.SS b) {
      Set<String> left = new LinkedHashSet<>(a.values());
      left.removeAll(b.values());
      rest = left.isEmpty() ? null : new AttributeValue.SS(left);
    } else if (current instanceof AttributeValue.NS a && value instanceof AttributeValue.NS b) {
      Set<BigDecimal> left = new LinkedHashSet<>(a.values());
      left.removeAll(b.values());
      rest = left.isEmpty() ? null : new AttributeValue.NS(left);
    } else if (current instanceof AttributeValue.BS a && value instanceof AttributeValue.BS b) {
      Set<AttributeValue.Bytes> left = new LinkedHashSet<>(a.values());
      left.removeAll(b.values());
      rest = left.isEmpty() ? null : new AttributeValue.BS(left);
    } else {
      throw DynamoDbError.validation(Errors.INCORRECT_DATA_TYPE);
    }
    if (rest == null) {
      // A set may not be empty: deleting its last elements removes the attribute.
      path.remove(item);
    } else {
      path.set(item, rest);
    }
  }

  /** Orders paths step by step; list indexes numerically, names before indexes. */
  private static int comparePaths(DocumentPath a, DocumentPath b) {
    int common = Math.min(a.size(), b.size());
    for (int i = 0; i < common; i++) {
      Object x = a.elements().get(i);
      Object y = b.elements().get(i);
      int order;
      if (x instanceof Integer m && y instanceof Integer n) {
        order = Integer.compare(m, n);
      } else if (x instanceof String m && y instanceof String n) {
        order = m.compareTo(n);
      } else {
        order = x instanceof String ? -1 : 1;
      }
      if (order != 0) {
        return order;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  /** One resolved action: SET carries an operand, ADD and DELETE a value. */
  private static final class Action {
    final Ast.ActionKind kind;
    final DocumentPath path;
    final Resolved.Expr expr;
    final AttributeValue value;

    Action(Ast.ActionKind kind, DocumentPath path, Resolved.Expr expr, AttributeValue value) {
      this.kind = kind;
      this.path = path;
      this.expr = expr;
      this.value = value;
    }
  }
}
