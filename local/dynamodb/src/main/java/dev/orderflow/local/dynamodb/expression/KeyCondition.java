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

  /** Checks only the syntax of a key condition, before its table's key schema is known. */
  public static void checkSyntax(String expression) {
    CACHE.get(expression, text -> Parser.condition(text, PARAMETER));
  }

  /**
   * Parses and validates a key condition against the key schema of the table or index queried.
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
    Objects.requireNonNull(expression, "expression");
    Ast.Cond tree = CACHE.get(expression, text -> Parser.condition(text, PARAMETER));
    List<Ast.Cond> leaves = new ArrayList<>(2);
    flatten(tree, leaves);
    if (leaves.size() > 2) {
      throw DynamoDbError.validation("Conditions can be of length 1 or 2 only");
    }
    Resolver resolver = new Resolver(attributes, PARAMETER);
    List<Leaf> resolved = new ArrayList<>(2);
    for (Ast.Cond leaf : leaves) {
      resolved.add(leaf(leaf, resolver));
    }
    Leaf partition = null;
    Leaf sort = null;
    for (Leaf leaf : resolved) {
      boolean isPartition = leaf.attribute.equals(partitionKey);
      boolean isSort = sortKey != null && leaf.attribute.equals(sortKey);
      if ((isPartition && partition != null) || (isSort && sort != null)) {
        throw DynamoDbError.validation("KeyConditionExpressions must only contain one condition per key");
      }
      if (isPartition) {
        partition = leaf;
      } else if (isSort) {
        sort = leaf;
      }
    }
    if (partition == null) {
      throw DynamoDbError.validation("Query condition missed key schema element: " + partitionKey);
    }
    if (resolved.size() == 2 && sort == null) {
      if (sortKey != null) {
        throw DynamoDbError.validation("Query condition missed key schema element: " + sortKey);
      }
      throw DynamoDbError.validation("Query key condition not supported");
    }
    if (!partition.operator.equals("=")) {
      throw DynamoDbError.validation("Query key condition not supported");
    }
    checkValues(partition, keyTypes.get(partitionKey));
    if (sort == null) {
      return new KeyCondition(partition.values.get(0), null, List.of());
    }
    checkValues(sort, keyTypes.get(sortKey));
    return new KeyCondition(partition.values.get(0), sort.operator, List.copyOf(sort.values));
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

  /** One condition on one key attribute, with its operator and constant operands. */
  private static final class Leaf {
    final String attribute;
    final String operator;
    final List<AttributeValue> values;

    Leaf(String attribute, String operator, List<AttributeValue> values) {
      this.attribute = attribute;
      this.operator = operator;
      this.values = values;
    }
  }

  private static Leaf leaf(Ast.Cond cond, Resolver resolver) {
    if (cond instanceof Ast.Compare compare) {
      if (compare.operator().equals("<>")) {
        throw invalidOperator("<>");
      }
      boolean leftIsPath = compare.left() instanceof Ast.Path;
      boolean rightIsPath = compare.right() instanceof Ast.Path;
      if (leftIsPath && rightIsPath) {
        throw DynamoDbError.validation(
            "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition");
      }
      if (!leftIsPath && !rightIsPath) {
        checkNoFunction(compare.left());
        checkNoFunction(compare.right());
        throw DynamoDbError.validation("Invalid condition in KeyConditionExpression: No key attribute specified");
      }
      Ast.Operand other = leftIsPath ? compare.right() : compare.left();
      checkNoFunction(other);
      String attribute = attribute(leftIsPath ? compare.left() : compare.right(), resolver);
      String operator = leftIsPath ? compare.operator() : mirror(compare.operator());
      return new Leaf(attribute, operator, List.of(resolver.value((Ast.Value) other)));
    }
    if (cond instanceof Ast.Between between) {
      String attribute = attribute(between.value(), resolver);
      checkNoFunction(between.low());
      checkNoFunction(between.high());
      if (!(between.low() instanceof Ast.Value low) || !(between.high() instanceof Ast.Value high)) {
        throw DynamoDbError.validation(
            "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition");
      }
      AttributeValue lo = resolver.value(low);
      AttributeValue hi = resolver.value(high);
      String bounds = "; lower bound operand: AttributeValue: " + Errors.describe(lo)
          + ", upper bound operand: AttributeValue: " + Errors.describe(hi);
      if (!lo.type().equals(hi.type())) {
        throw Errors.invalid(PARAMETER,
            "The BETWEEN operator requires same data type for lower and upper bounds" + bounds);
      }
      Integer order = Evaluator.order(lo, hi);
      if (order != null && order > 0) {
        throw Errors.invalid(PARAMETER,
            "The BETWEEN operator requires upper bound to be greater than or equal to lower bound" + bounds);
      }
      return new Leaf(attribute, "BETWEEN", List.of(lo, hi));
    }
    Ast.Call call = ((Ast.FunctionCond) cond).call();
    if (!call.name().equals("begins_with")) {
      if (Resolver.isFunction(call.name())) {
        throw invalidOperator(call.name());
      }
      throw Errors.unknownFunction(PARAMETER, call.name());
    }
    if (call.args().size() != 2) {
      throw Errors.operandCount(PARAMETER, call.name(), call.args().size());
    }
    String attribute = attribute(call.args().get(0), resolver);
    if (!(call.args().get(1) instanceof Ast.Value prefixRef)) {
      throw DynamoDbError.validation(
          "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition");
    }
    AttributeValue prefix = resolver.value(prefixRef);
    if (!(prefix instanceof AttributeValue.S || prefix instanceof AttributeValue.B)) {
      throw Errors.operandType(PARAMETER, "begins_with", prefix);
    }
    return new Leaf(attribute, "begins_with", List.of(prefix));
  }

  private static void checkNoFunction(Ast.Operand operand) {
    if (operand instanceof Ast.Call call) {
      if (Resolver.isFunction(call.name())) {
        throw invalidOperator(call.name());
      }
      throw Errors.unknownFunction(PARAMETER, call.name());
    }
  }

  private static String attribute(Ast.Operand operand, Resolver resolver) {
    checkNoFunction(operand);
    if (!(operand instanceof Ast.Path path)) {
      throw DynamoDbError.validation("Invalid condition in KeyConditionExpression: No key attribute specified");
    }
    DocumentPath resolved = resolver.path(path);
    if (resolved.size() > 1) {
      // Keys are top-level attributes: a nested path names no key.
      throw DynamoDbError.validation("Query key condition not supported");
    }
    return resolved.first();
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
