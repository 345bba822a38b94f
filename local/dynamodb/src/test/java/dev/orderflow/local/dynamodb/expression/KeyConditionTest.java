package dev.orderflow.local.dynamodb.expression;

import static dev.orderflow.local.dynamodb.expression.TestValues.assertValidation;
import static dev.orderflow.local.dynamodb.expression.TestValues.attrs;
import static dev.orderflow.local.dynamodb.expression.TestValues.b;
import static dev.orderflow.local.dynamodb.expression.TestValues.n;
import static dev.orderflow.local.dynamodb.expression.TestValues.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyConditionTest {

  private static final Map<String, String> TYPES = Map.of("customerId", "S", "createdAt", "S", "seq", "N");

  private static KeyCondition parse(String expression, Object... placeholders) {
    ExpressionAttributes attributes = attrs(placeholders);
    KeyCondition condition = KeyCondition.parse(expression, attributes, "customerId", "createdAt", TYPES);
    attributes.checkAllUsed();
    return condition;
  }

  private static KeyCondition parseNumeric(String expression, Object... placeholders) {
    return KeyCondition.parse(expression, attrs(placeholders), "customerId", "seq", TYPES);
  }

  private static void fails(String expression, String message, Object... placeholders) {
    assertValidation(() -> parse(expression, placeholders), message);
  }

  @Test
  void partitionKeyAloneMatchesEverySortKey() {
    KeyCondition condition = parse("customerId = :c", ":c", s("u1"));
    assertThat(condition.partitionValue()).isEqualTo(s("u1"));
    assertThat(condition.hasSortCondition()).isFalse();
    assertThat(condition.matchesSortKey(s("anything"))).isTrue();
  }

  @Test
  void sortKeyComparisons() {
    assertThat(parse("customerId = :c AND createdAt = :t", ":c", s("u1"), ":t", s("2024")).matchesSortKey(s("2024")))
        .isTrue();
    assertThat(parse("customerId = :c AND createdAt < :t", ":c", s("u1"), ":t", s("2024")).matchesSortKey(s("2023")))
        .isTrue();
    assertThat(parse("customerId = :c AND createdAt <= :t", ":c", s("u1"), ":t", s("2024")).matchesSortKey(s("2025")))
        .isFalse();
    assertThat(parse("customerId = :c AND createdAt > :t", ":c", s("u1"), ":t", s("2024")).matchesSortKey(s("2025")))
        .isTrue();
    assertThat(parse("customerId = :c AND createdAt >= :t", ":c", s("u1"), ":t", s("2024")).matchesSortKey(s("2024")))
        .isTrue();
  }

  @Test
  void numericSortKeysCompareByValue() {
    KeyCondition condition = parseNumeric("customerId = :c AND seq BETWEEN :a AND :b", ":c", s("u1"), ":a", n("2"),
        ":b", n("10"));
    assertThat(condition.matchesSortKey(n("9"))).isTrue();
    assertThat(condition.matchesSortKey(n("10.0"))).isTrue();
    assertThat(condition.matchesSortKey(n("11"))).isFalse();
    assertThat(condition.sortOperator()).isEqualTo("BETWEEN");
    assertThat(condition.sortValues()).containsExactly(n("2"), n("10"));
  }

  @Test
  void beginsWithOnTheSortKey() {
    KeyCondition condition = parse("customerId = :c and begins_with(createdAt, :p)", ":c", s("u1"), ":p", s("2024-"));
    assertThat(condition.matchesSortKey(s("2024-05-01"))).isTrue();
    assertThat(condition.matchesSortKey(s("2023-05-01"))).isFalse();
  }

  @Test
  void acceptsEitherOrderOfConditionsAndOperands() {
    KeyCondition condition = parse("(:t > createdAt) AND (#c = :c)", "#c", "customerId", ":c", s("u1"), ":t", s("5"));
    assertThat(condition.partitionValue()).isEqualTo(s("u1"));
    assertThat(condition.sortOperator()).isEqualTo("<");
    assertThat(condition.matchesSortKey(s("4"))).isTrue();
  }

  @Test
  void requiresThePartitionKey() {
    fails("createdAt = :t", "Query condition missed key schema element: customerId", ":t", s("x"));
  }

  @Test
  void rejectsANonKeyAttribute() {
    fails("customerId = :c AND extra = :t", "Query condition missed key schema element: createdAt",
        ":c", s("u1"), ":t", s("x"));
    assertValidation(() -> KeyCondition.parse("id = :c AND extra = :t", attrs(":c", s("u1"), ":t", s("x")), "id",
        null, Map.of("id", "S")), "Query key condition not supported");
  }

  @Test
  void requiresEqualityOnThePartitionKey() {
    fails("customerId > :c", "Query key condition not supported", ":c", s("u1"));
    fails("begins_with(customerId, :c)", "Query key condition not supported", ":c", s("u1"));
  }

  @Test
  void rejectsOperatorsAKeyConditionCannotUse() {
    fails("customerId = :c OR createdAt = :t", "Invalid operator used in KeyConditionExpression: OR",
        ":c", s("u1"), ":t", s("x"));
    fails("NOT customerId = :c", "Invalid operator used in KeyConditionExpression: NOT", ":c", s("u1"));
    fails("customerId IN (:c)", "Invalid operator used in KeyConditionExpression: IN", ":c", s("u1"));
    fails("customerId <> :c", "Invalid operator used in KeyConditionExpression: <>", ":c", s("u1"));
    fails("customerId = :c AND attribute_exists(createdAt)",
        "Invalid operator used in KeyConditionExpression: attribute_exists", ":c", s("u1"));
  }

  @Test
  void functionNamesAreCaseSensitive() {
    fails("customerId = :c AND Begins_With(createdAt, :p)",
        "Invalid KeyConditionExpression: Invalid function name; function: Begins_With", ":c", s("u1"), ":p", s("x"));
  }

  @Test
  void rejectsTwoConditionsOnOneKeyAndMoreThanTwoConditions() {
    fails("customerId = :c AND customerId = :c", "KeyConditionExpressions must only contain one condition per key",
        ":c", s("u1"));
    // A repeated attribute is refused before the number of conditions is counted.
    fails("customerId = :c AND createdAt > :t AND createdAt < :t",
        "KeyConditionExpressions must only contain one condition per key", ":c", s("u1"), ":t", s("x"));
    fails("customerId = :c AND createdAt > :t AND extra = :t", "Conditions can be of length 1 or 2 only",
        ":c", s("u1"), ":t", s("x"));
  }

  @Test
  void rejectsComparingTwoAttributes() {
    fails("customerId = createdAt",
        "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition");
  }

  @Test
  void rejectsValuesOfTheWrongType() {
    fails("customerId = :c", "One or more parameter values were invalid: Condition parameter type does not match"
        + " schema type", ":c", n("1"));
    assertValidation(() -> parseNumeric("customerId = :c AND seq > :s", ":c", s("u1"), ":s", s("1")),
        "One or more parameter values were invalid: Condition parameter type does not match schema type");
    fails("customerId = :c AND begins_with(createdAt, :p)", "Invalid KeyConditionExpression: Incorrect operand type"
        + " for operator or function; operator or function: begins_with, operand type: N", ":c", s("u1"), ":p", n("1"));
    fails("customerId = :c AND createdAt = :t", "One or more parameter values were invalid: Condition parameter type"
        + " does not match schema type", ":c", s("u1"), ":t", b("x"));
  }

  @Test
  void rejectsAnEmptyKeyValue() {
    fails("customerId = :c", "One or more parameter values are not valid. The AttributeValue for a key attribute"
        + " cannot contain an empty string value. Key: customerId", ":c", s(""));
  }

  @Test
  void rejectsBetweenBoundsInTheWrongOrder() {
    fails("customerId = :c AND createdAt BETWEEN :a AND :b", "Invalid KeyConditionExpression: The BETWEEN operator"
        + " requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue:"
        + " {S:b}, upper bound operand: AttributeValue: {S:a}", ":c", s("u1"), ":a", s("b"), ":b", s("a"));
  }

  @Test
  void rejectsReservedWordsAndSyntaxErrors() {
    assertValidation(() -> KeyCondition.parse("name = :n", attrs(":n", s("x")), "name", null, Map.of("name", "S")),
        "Invalid KeyConditionExpression: Attribute name is a reserved keyword; reserved keyword: name");
    fails("customerId = :c AND begins_with createdAt, :p",
        "Invalid KeyConditionExpression: Syntax error; token: \"createdAt\", near: \"begins_with createdAt,\"",
        ":c", s("u1"), ":p", s("x"));
    fails("", "Invalid KeyConditionExpression: The expression can not be empty;");
  }
}
