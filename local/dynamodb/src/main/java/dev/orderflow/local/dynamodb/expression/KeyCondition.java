package dev.orderflow.local.dynamodb.expression;

import dev.orderflow.local.dynamodb.table.AttributeValue;
import dev.orderflow.local.dynamodb.DynamoDbError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The KeyConditionExpression of a Query: equality on the partition key, and at most one
 * condition on the sort key ({@code = < <= > >= BETWEEN begins_with}).
 */
public final class KeyCondition {

  private static final ParseCache<Ast.Cond> CACHE = new ParseCache<>();
  private static final String PARAMETER = "KeyConditionExpression";

  private final AttributeValue partitionValue;
  private final String sortOperator;
  private final List<AttributeValue> sortValues;

  private KeyCondition(AttributeValue partitionValue, String sortOperator, List<AttributeValue> sortValues) {
    this.partitionValue = partitionValue;
    this.sortOperator = sortOperator;
    this.sortValues = sortValues;
  }

  /**
   * The first stage, before any table is looked up: the syntax, and the checks every condition
   * gets (reserved words, names and values defined, operand types of functions).
   *
   * @param expression the expression text
   * @param attributes the request's names and values; the ones used are recorded
   * @return the parsed expression, whose {@link Prepared#leaves()} come next
   */
  public static Prepared prepare(String expression, ExpressionAttributes attributes) {
    Objects.requireNonNull(expression, "expression");
    Ast.Cond tree = CACHE.get(expression, text -> Parser.condition(text, PARAMETER));
    new Resolver(attributes, PARAMETER).conditionExpression(tree);
    return new Prepared(tree, attributes);
  }

  /** A key condition expression that passed {@link #prepare}. */
  public static final class Prepared {
    private final Ast.Cond tree;
    private final ExpressionAttributes attributes;

    private Prepared(Ast.Cond tree, ExpressionAttributes attributes) {
      this.tree = tree;
      this.attributes = attributes;
    }

    /**
     * The second stage, still before any table: the operators a key condition allows, each
     * condition on one top-level attribute compared with values, one condition per attribute, at
     * most two conditions.
     *
     * @return the conditions, in the order written
     */
    public List<Leaf> leaves() {
      List<Ast.Cond> conditions = new ArrayList<>(2);
      flatten(tree, conditions);
      Resolver resolver = new Resolver(attributes, PARAMETER);
      List<Leaf> leaves = new ArrayList<>(2);
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (Ast.Cond condition : conditions) {
        Leaf leaf = leaf(condition, resolver);
        if (!seen.add(leaf.attribute)) {
          throw DynamoDbError.validation("KeyConditionExpressions must only contain one condition per key");
        }
        leaves.add(leaf);
      }
      if (leaves.size() > 2) {
        throw DynamoDbError.validation("Conditions can be of length 1 or 2 only");
      }
      return leaves;
    }
  }

  /**
   * A condition of the legacy {@code KeyConditions}, whose values {@code Precheck} has checked.
   *
   * @param attribute the attribute it names
   * @param comparisonOperator its ComparisonOperator
   * @param values its AttributeValueList
   * @return the condition; the operators no key condition can use are kept, to be refused once
   *     the key schema is known
   */
  public static Leaf legacyLeaf(String attribute, String comparisonOperator, List<AttributeValue> values) {
    String operator = switch (comparisonOperator) {
      case "EQ" -> "=";
      case "LT" -> "<";
      case "LE" -> "<=";
      case "GT" -> ">";
      case "GE" -> ">=";
      case "BEGINS_WITH" -> "begins_with";
      default -> comparisonOperator;
    };
    return new Leaf(attribute, operator, List.copyOf(values));
  }

  /**
   * Parses and validates a key condition against the key schema of the table or index queried:
   * all three stages at once.
   *
   * @param expression the expression text
   * @param attributes the request's names and values; the ones used are recorded
   * @param partitionKey the partition key attribute
   * @param sortKey the sort key attribute, or null when there is none
   * @param keyTypes the scalar type (S, N or B) of each key attribute
   * @return the key condition
   * @throws DynamoDbError a ValidationException worded as DynamoDB's
   */
  public static KeyCondition parse(String expression, ExpressionAttributes attributes, String partitionKey,
      String sortKey, Map<String, String> keyTypes) {
    return bind(prepare(expression, attributes).leaves(), partitionKey, sortKey, keyTypes);
  }

  /**
   * The last stage, once the table or index is known: the conditions name its keys, with
   * operators and value types that the keys allow.
   *
   * @param leaves the conditions, from {@link Prepared#leaves()} or {@link #legacyLeaf}
   * @param partitionKey the partition key attribute
   * @param sortKey the sort key attribute, or null when there is none
   * @param keyTypes the scalar type (S, N or B) of each key attribute
   * @return the key condition
   */
  public static KeyCondition bind(List<Leaf> leaves, String partitionKey, String sortKey,
      Map<String, String> keyTypes) {
    Leaf partition = null;
    Leaf sort = null;
    for (Leaf leaf : leaves) {
      if (leaf.attribute.equals(partitionKey)) {
        partition = leaf;
      } else if (sortKey != null && leaf.attribute.equals(sortKey)) {
        sort = leaf;
      }
    }
    if (partition == null) {
      if (leaves.size() == 2) {
        throw DynamoDbError.validation("Query key condition not supported");
      }
      throw DynamoDbError.validation("Query condition missed key schema element: " + partitionKey);
    }
    if (leaves.size() == 2 && sort == null) {
      if (sortKey != null) {
        throw DynamoDbError.validation("Query condition missed key schema element: " + sortKey);
      }
      throw DynamoDbError.validation("Query key condition not supported");
    }
    // The values' types come before the operators.
    checkTypes(partition, keyTypes.get(partitionKey));
    if (sort != null) {
      checkTypes(sort, keyTypes.get(sortKey));
    }
    if (!partition.operator.equals("=")) {
      throw indexable(partition) ? DynamoDbError.validation("Query key condition not supported") : notIndexable();
    }
    if (sort != null && !indexable(sort)) {
      throw notIndexable();
    }
    checkValues(partition, keyTypes.get(partitionKey));
    if (sort == null) {
      return new KeyCondition(partition.values.get(0), null, List.of());
    }
    checkValues(sort, keyTypes.get(sortKey));
    return new KeyCondition(partition.values.get(0), sort.operator, List.copyOf(sort.values));
  }

  private static boolean indexable(Leaf leaf) {
    return List.of("=", "<", "<=", ">", ">=", "BETWEEN", "begins_with").contains(leaf.operator);
  }

  private static DynamoDbError notIndexable() {
    return DynamoDbError.validation("Attempted conditional constraint is not an indexable operation");
  }

  private static void flatten(Ast.Cond cond, List<Ast.Cond> leaves) {
    if (cond instanceof Ast.Paren paren) {
      flatten(paren.inner(), leaves);
    } else if (cond instanceof Ast.And and) {
      flatten(and.left(), leaves);
      flatten(and.right(), leaves);
    } else if (cond instanceof Ast.Or) {
      throw invalidOperator("OR");
    } else if (cond instanceof Ast.Not) {
      throw invalidOperator("NOT");
    } else if (cond instanceof Ast.In) {
      throw invalidOperator("IN");
    } else {
      leaves.add(cond);
    }
  }

  private static DynamoDbError invalidOperator(String operator) {
    return DynamoDbError.validation("Invalid operator used in KeyConditionExpression: " + operator);
  }

  /** One condition on one attribute, with its operator and constant operands. */
  public static final class Leaf {
    final String attribute;
    final String operator;
    final List<AttributeValue> values;

    Leaf(String attribute, String operator, List<AttributeValue> values) {
      this.attribute = attribute;
      this.operator = operator;
      this.values = values;
    }
  }

  private static DynamoDbError nested() {
    return DynamoDbError.validation("KeyConditionExpressions cannot contain nested operations");
  }

  private static DynamoDbError multipleNames() {
    return DynamoDbError.validation(
        "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition");
  }

  private static DynamoDbError notFirst(String operator) {
    return DynamoDbError.validation("Invalid condition in KeyConditionExpression: " + operator
        + " operator must have the key attribute as its first operand");
  }

  /** A compared operand that is not the attribute: a value, never a function or a second attribute. */
  private static AttributeValue other(Ast.Operand operand, Resolver resolver) {
    if (operand instanceof Ast.Call) {
      throw nested();
    }
    if (operand instanceof Ast.Path) {
      throw multipleNames();
    }
    return resolver.value((Ast.Value) operand);
  }

  /** The attribute a condition is on: top-level, never nested. */
  private static String attribute(Ast.Path path, Resolver resolver) {
    DocumentPath resolved = resolver.path(path);
    if (resolved.size() > 1) {
      throw DynamoDbError.validation("KeyConditionExpressions cannot have conditions on nested attributes");
    }
    return resolved.first();
  }

  private static Leaf leaf(Ast.Cond cond, Resolver resolver) {
    if (cond instanceof Ast.Compare compare) {
      if (compare.operator().equals("<>")) {
        throw invalidOperator("<>");
      }
      if (compare.left() instanceof Ast.Call) {
        throw nested();
      }
      if (compare.left() instanceof Ast.Path left) {
        String attribute = attribute(left, resolver);
        return new Leaf(attribute, compare.operator(), List.of(other(compare.right(), resolver)));
      }
      if (compare.right() instanceof Ast.Call) {
        throw nested();
      }
      if (!(compare.right() instanceof Ast.Path right)) {
        throw DynamoDbError.validation("Invalid condition in KeyConditionExpression: No key attribute specified");
      }
      String attribute = attribute(right, resolver);
      return new Leaf(attribute, mirror(compare.operator()),
          List.of(resolver.value((Ast.Value) compare.left())));
    }
    if (cond instanceof Ast.Between between) {
      if (between.value() instanceof Ast.Call) {
        throw nested();
      }
      if (!(between.value() instanceof Ast.Path path)) {
        throw notFirst("BETWEEN");
      }
      String attribute = attribute(path, resolver);
      AttributeValue low = other(between.low(), resolver);
      AttributeValue high = other(between.high(), resolver);
      return new Leaf(attribute, "BETWEEN", List.of(low, high));
    }
    Ast.Call call = ((Ast.FunctionCond) cond).call();
    if (!call.name().equals("begins_with")) {
      throw invalidOperator(call.name());
    }
    if (call.args().get(0) instanceof Ast.Call) {
      throw nested();
    }
    if (!(call.args().get(0) instanceof Ast.Path path)) {
      throw notFirst("begins_with");
    }
    String attribute = attribute(path, resolver);
    return new Leaf(attribute, "begins_with", List.of(other(call.args().get(1), resolver)));
  }

  private static String mirror(String operator) {
    switch (operator) {
      case "<": return ">";
      case "<=": return ">=";
      case ">": return "<";
      case ">=": return "<=";
      default: return operator;
    }
  }

  private static void checkTypes(Leaf leaf, String keyType) {
    if (!indexable(leaf)) {
      // An operator no index serves is refused first.
      return;
    }
    for (AttributeValue value : leaf.values) {
      if (keyType != null && !value.type().equals(keyType)) {
        throw DynamoDbError.invalidParameter("Condition parameter type does not match schema type");
      }
    }
  }

  private static void checkValues(Leaf leaf, String keyType) {
    for (AttributeValue value : leaf.values) {
      if (keyType != null && !value.type().equals(keyType)) {
        throw DynamoDbError.invalidParameter("Condition parameter type does not match schema type");
      }
      boolean empty = (value instanceof AttributeValue.S s && s.value().isEmpty())
          || (value instanceof AttributeValue.B b && b.value().length() == 0);
      if (empty && !leaf.operator.equals("begins_with")) {
        throw DynamoDbError.validation("One or more parameter values are not valid. The AttributeValue for a key"
            + " attribute cannot contain an empty string value. Key: " + leaf.attribute);
      }
    }
  }

  /**
   * The value the partition key must equal.
   *
   * @return the partition key value
   */
  public AttributeValue partitionValue() {
    return partitionValue;
  }

  /**
   * Whether the expression also constrains the sort key.
   *
   * @return true when there is a sort key condition
   */
  public boolean hasSortCondition() {
    return sortOperator != null;
  }

  /**
   * The sort key operator: one of {@code = < <= > >= BETWEEN begins_with}, or null when there is none.
   *
   * @return the operator
   */
  public String sortOperator() {
    return sortOperator;
  }

  /**
   * The sort key condition's operands: one value, or the two bounds of BETWEEN.
   *
   * @return the values, empty when there is no sort key condition
   */
  public List<AttributeValue> sortValues() {
    return sortValues;
  }

  /**
   * Tests a sort key value.
   *
   * @param sortValue the item's sort key value
   * @return whether it satisfies the sort key condition (always true when there is none)
   */
  public boolean matchesSortKey(AttributeValue sortValue) {
    if (sortOperator == null) {
      return true;
    }
    if (sortOperator.equals("BETWEEN")) {
      Integer aboveLow = Evaluator.order(sortValue, sortValues.get(0));
      Integer belowHigh = Evaluator.order(sortValue, sortValues.get(1));
      return aboveLow != null && belowHigh != null && aboveLow >= 0 && belowHigh <= 0;
    }
    if (sortOperator.equals("begins_with")) {
      return Evaluator.beginsWith(sortValue, sortValues.get(0));
    }
    return Evaluator.compare(sortOperator, sortValue, sortValues.get(0));
  }
}
