package dev.orderflow.local.dynamodb.expression;

import dev.orderflow.local.dynamodb.table.AttributeValue;
import java.util.List;

/** The validated tree, with names and values of one request resolved: what evaluation runs on. */
final class Resolved {

  private Resolved() {}

  /** An operand. */
  sealed interface Expr permits PathExpr, Const, Size, IfNotExists, ListAppend, Arith {}

  /** The value at a document path of the item. */
  record PathExpr(DocumentPath path) implements Expr {}

  /** A value from ExpressionAttributeValues. */
  record Const(AttributeValue value) implements Expr {}

  /** {@code size(path)}. */
  record Size(DocumentPath path) implements Expr {}

  /** {@code if_not_exists(path, fallback)}. */
  record IfNotExists(DocumentPath path, Expr fallback) implements Expr {}

  /** {@code list_append(first, second)}. */
  record ListAppend(Expr first, Expr second) implements Expr {}

  /** {@code left + right} or {@code left - right}. */
  record Arith(Expr left, boolean plus, Expr right) implements Expr {}

  /** A condition. */
  sealed interface Pred permits Compare, Between, In, Exists, TypeIs, BeginsWith, Contains, Not, And, Or {}

  /** A comparison; {@code operator} is one of = <> < <= > >=. */
  record Compare(String operator, Expr left, Expr right) implements Pred {}

  /** {@code value BETWEEN low AND high}. */
  record Between(Expr value, Expr low, Expr high) implements Pred {}

  /** {@code value IN (...)}. */
  record In(Expr value, List<Expr> candidates) implements Pred {}

  /** {@code attribute_exists} ({@code exists} true) or {@code attribute_not_exists}. */
  record Exists(DocumentPath path, boolean exists) implements Pred {}

  /** {@code attribute_type(path, type)}. */
  record TypeIs(DocumentPath path, Expr type) implements Pred {}

  /** {@code begins_with(value, prefix)}. */
  record BeginsWith(Expr value, Expr prefix) implements Pred {}

  /** {@code contains(value, operand)}. */
  record Contains(Expr value, Expr operand) implements Pred {}

  /** {@code NOT p}. */
  record Not(Pred predicate) implements Pred {}

  /** {@code left AND right}. */
  record And(Pred left, Pred right) implements Pred {}

  /** {@code left OR right}. */
  record Or(Pred left, Pred right) implements Pred {}
}
