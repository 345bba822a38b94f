package dev.orderflow.local.dynamodb.expression;

import dev.orderflow.local.dynamodb.table.AttributeValue;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

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
   * @throws dev.orderflow.local.dynamodb.DynamoDbError a ValidationException worded as DynamoDB's
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

  /**
   * The top-level attribute names the condition reads, e.g. to refuse a filter on key attributes.
   *
   * @return the names, each once
   */
  public Set<String> topLevelNames() {
    Set<String> names = new LinkedHashSet<>();
    collect(predicate, names);
    return names;
  }

  private static void collect(Resolved.Pred predicate, Set<String> names) {
    if (predicate instanceof Resolved.Compare compare) {
      collect(compare.left(), names);
      collect(compare.right(), names);
    } else if (predicate instanceof Resolved.Between between) {
      collect(between.value(), names);
      collect(between.low(), names);
      collect(between.high(), names);
    } else if (predicate instanceof Resolved.In in) {
      collect(in.value(), names);
      in.candidates().forEach(candidate -> collect(candidate, names));
    } else if (predicate instanceof Resolved.Exists exists) {
      names.add(exists.path().first());
    } else if (predicate instanceof Resolved.TypeIs typeIs) {
      names.add(typeIs.path().first());
    } else if (predicate instanceof Resolved.BeginsWith beginsWith) {
      collect(beginsWith.value(), names);
      collect(beginsWith.prefix(), names);
    } else if (predicate instanceof Resolved.Contains contains) {
      collect(contains.value(), names);
      collect(contains.operand(), names);
    } else if (predicate instanceof Resolved.Not not) {
      collect(not.predicate(), names);
    } else if (predicate instanceof Resolved.And and) {
      collect(and.left(), names);
      collect(and.right(), names);
    } else if (predicate instanceof Resolved.Or or) {
      collect(or.left(), names);
      collect(or.right(), names);
    }
  }

  private static void collect(Resolved.Expr expr, Set<String> names) {
    if (expr instanceof Resolved.PathExpr path) {
      names.add(path.path().first());
    } else if (expr instanceof Resolved.Size size) {
      names.add(size.path().first());
    } else if (expr instanceof Resolved.IfNotExists ifNotExists) {
      names.add(ifNotExists.path().first());
      collect(ifNotExists.fallback(), names);
    } else if (expr instanceof Resolved.ListAppend append) {
      collect(append.first(), names);
      collect(append.second(), names);
    } else if (expr instanceof Resolved.Arith arith) {
      collect(arith.left(), names);
      collect(arith.right(), names);
    }
  }
}
