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
    return new Condition(new Resolver(attributes, parameterName).conditionExpression(tree));
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
    collect(predicate, names, false);
    return names;
  }

  /**
   * The top-level attribute names the condition reads into ({@code a.b}, {@code a[0]}), e.g. to
   * refuse nested reads of key attributes, which are scalars.
   *
   * @return the names, each once
   */
  public Set<String> nestedTopLevelNames() {
    Set<String> names = new LinkedHashSet<>();
    collect(predicate, names, true);
    return names;
  }

  private static void add(DocumentPath path, Set<String> names, boolean nested) {
    if (!nested || path.size() > 1) {
      names.add(path.first());
    }
  }

  private static void collect(Resolved.Pred predicate, Set<String> names, boolean nested) {
    if (predicate instanceof Resolved.Compare compare) {
      collect(compare.left(), names, nested);
      collect(compare.right(), names, nested);
    } else if (predicate instanceof Resolved.Between between) {
      collect(between.value(), names, nested);
      collect(between.low(), names, nested);
      collect(between.high(), names, nested);
    } else if (predicate instanceof Resolved.In in) {
      collect(in.value(), names, nested);
      in.candidates().forEach(candidate -> collect(candidate, names, nested));
    } else if (predicate instanceof Resolved.Exists exists) {
      add(exists.path(), names, nested);
    } else if (predicate instanceof Resolved.TypeIs typeIs) {
      add(typeIs.path(), names, nested);
    } else if (predicate instanceof Resolved.BeginsWith beginsWith) {
      collect(beginsWith.value(), names, nested);
      collect(beginsWith.prefix(), names, nested);
    } else if (predicate instanceof Resolved.Contains contains) {
      collect(contains.value(), names, nested);
      collect(contains.operand(), names, nested);
    } else if (predicate instanceof Resolved.Not not) {
      collect(not.predicate(), names, nested);
    } else if (predicate instanceof Resolved.And and) {
      collect(and.left(), names, nested);
      collect(and.right(), names, nested);
    } else if (predicate instanceof Resolved.Or or) {
      collect(or.left(), names, nested);
      collect(or.right(), names, nested);
    }
  }

  private static void collect(Resolved.Expr expr, Set<String> names, boolean nested) {
    if (expr instanceof Resolved.PathExpr path) {
      add(path.path(), names, nested);
    } else if (expr instanceof Resolved.Size size) {
      add(size.path(), names, nested);
    } else if (expr instanceof Resolved.IfNotExists ifNotExists) {
      add(ifNotExists.path(), names, nested);
      collect(ifNotExists.fallback(), names, nested);
    } else if (expr instanceof Resolved.ListAppend append) {
      collect(append.first(), names, nested);
      collect(append.second(), names, nested);
    } else if (expr instanceof Resolved.Arith arith) {
      collect(arith.left(), names, nested);
      collect(arith.right(), names, nested);
    }
  }
}
