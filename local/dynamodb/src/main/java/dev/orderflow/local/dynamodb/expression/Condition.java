package dev.orderflow.local.dynamodb.expression;

import dev.orderflow.local.dynamodb.table.AttributeValue;
import java.util.Map;
import java.util.Objects;

/** A ConditionExpression or FilterExpression, validated against one request's names and values. */
public final class Condition {

  private static final ParseCache<Ast.Cond> CACHE = new ParseCache<>();

  private final Resolved.Pred predicate;

  private Condition(Resolved.Pred predicate) {
    this.predicate = predicate;
  }

  /**
   * Parses and validates a condition.
   *
   * @param expression the expression text
   * @param attributes the request's names and values; the ones used are recorded
   * @param parameterName "ConditionExpression" or "FilterExpression", for messages
   * @return the condition, ready to test items
   * @throws dev.orderflow.local.dynamodb.table.DynamoDbError a ValidationException worded as DynamoDB's
   */
  public static Condition parse(String expression, ExpressionAttributes attributes, String parameterName) {
    Objects.requireNonNull(expression, "expression");
    Ast.Cond tree = CACHE.get(expression, text -> Parser.condition(text, parameterName));
    return new Condition(new Resolver(attributes, parameterName).condition(tree));
  }

  /**
   * Tests an item.
   *
   * @param item the item, empty when it does not exist
   * @return whether the condition holds
   */
  public boolean test(Map<String, AttributeValue> item) {
    return Evaluator.test(predicate, item);
  }
}
