package dev.orderflow.local.dynamodb.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Which error an expression with several faults gets: DynamoDB checks the whole text first
 * (syntax, redundant parentheses, function names, functions where they may stand, reserved
 * words), then node by node, each node's operands before the node itself (names and values
 * defined, then operand counts, operand types, a document path where one is needed, distinct
 * operands). An update expression checks a clause written twice after the whole text, then its
 * paths, then the values of ADD and DELETE, then the operands of SET.
 *
 * <p>Sources: "Condition expressions" and "Comparison operator and function reference"
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html),
 * "Reserved words" (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ReservedWords.html),
 * "Update expressions" (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html);
 * the messages and their precedence are the ones real DynamoDB answers. The table does not exist:
 * every one of these is refused before it is looked up.
 */
class ExpressionCheckOrderTest extends ConformanceSupport {

  private static final String TABLE = "no-such-table";

  private String filterError(String expression, Map<String, String> names, Map<String, AttributeValue> values) {
    return validationError(() -> ddb.scan(r -> {
      r.tableName(TABLE).filterExpression(expression);
      if (!names.isEmpty()) {
        r.expressionAttributeNames(names);
      }
      if (!values.isEmpty()) {
        r.expressionAttributeValues(values);
      }
    }));
  }

  private String filterError(String expression) {
    return filterError(expression, Map.of(), Map.of());
  }

  private String updateError(String expression, Map<String, String> names, Map<String, AttributeValue> values) {
    return validationError(() -> ddb.updateItem(r -> {
      r.tableName(TABLE).key(key("k")).updateExpression(expression);
      if (!names.isEmpty()) {
        r.expressionAttributeNames(names);
      }
      if (!values.isEmpty()) {
        r.expressionAttributeValues(values);
      }
    }));
  }

  @Test
  void redundantParenthesesAroundAnOperandComeFirst() {
    assertThat(filterError("a = :v and a > ((views))")).isEqualTo(
        "Invalid FilterExpression: The expression has redundant parentheses;");
    assertThat(filterError("a > whatever((:things), ((a)))")).isEqualTo(
        "Invalid FilterExpression: The expression has redundant parentheses;");
  }

  @Test
  void theWholeTextIsCheckedBeforeAnyNameOrValue() {
    assertThat(filterError("size(contains(a, b)) > a")).isEqualTo(
        "Invalid FilterExpression: The function is not allowed to be used this way in an expression; function: contains");
    assertThat(filterError("attribute_exists(views, #a)")).isEqualTo(
        "Invalid FilterExpression: Attribute name is a reserved keyword; reserved keyword: views");
    assertThat(filterError(":a < abOrT")).isEqualTo(
        "Invalid FilterExpression: Attribute name is a reserved keyword; reserved keyword: abOrT");
  }

  @Test
  void aNodesOperandsAreResolvedBeforeItsOperandsAreCounted() {
    assertThat(filterError("attribute_exists(#Pictures.RearView, :a) and a = b")).isEqualTo("Invalid FilterExpression: "
        + "An expression attribute name used in the document path is not defined; attribute name: #Pictures");
    assertThat(filterError("begins_with(:hello, #a, #b)")).isEqualTo("Invalid FilterExpression: "
        + "An expression attribute value used in expression is not defined; attribute value: :hello");
  }

  @Test
  void identicalOperandsAreRefusedNodeByNode() {
    String message = filterError("a = a AND #a = b AND :views > a", Map.of("#a", "a"), Map.of());

    assertThat(message).isEqualTo("Invalid FilterExpression: The first operand must be distinct from the remaining "
        + "operands for this operator or function; operator: =, first operand: [a]");
    assertThat(filterError("contains(ab.bc[1].a, ab.bc[1].#a)", Map.of("#a", "a"), Map.of())).isEqualTo(
        "Invalid FilterExpression: The first operand must be distinct from the remaining operands for this operator "
            + "or function; operator: contains, first operand: [ab, bc, [1], a]");
  }

  @Test
  void sizeTakesAValueAndYieldsANumber() {
    assertThat(filterError("size(:a) > a", Map.of(), values(":a", bool(true)))).isEqualTo(
        "Invalid FilterExpression: Incorrect operand type for operator or function; operator or function: size, "
            + "operand type: BOOL");
    assertThat(filterError("attribute_type(a, size(a))")).isEqualTo("Invalid FilterExpression: Incorrect operand "
        + "type for operator or function; operator or function: attribute_type, operand type: N");
    assertThat(filterError("attribute_type(a, :a)", Map.of(), values(":a", s("1")))).isEqualTo(
        "Invalid FilterExpression: Invalid attribute type name found; type: 1, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
  }

  @Test
  void anUpdateExpressionIsCheckedWholeBeforeItsClausesAndPaths() {
    assertThat(updateError("set a = set", Map.of(), Map.of())).startsWith("Invalid UpdateExpression: Syntax error; ");
    assertThat(updateError("set #c = :c set abOrt = :c", Map.of("#c", "c"), values(":c", s("x")))).isEqualTo(
        "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: abOrt");
    assertThat(updateError("set #c = :c set c = :c", Map.of("#c", "c"), values(":c", s("x")))).isEqualTo(
        "Invalid UpdateExpression: The \"SET\" section can only be used once in an update expression;");
    assertThat(updateError("set c[1].a = a, #c = if_not_exists(a)", Map.of("#c", "c"), Map.of())).isEqualTo(
        "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these "
            + "paths; path one: [c, [1], a], path two: [c]");
    assertThat(updateError("set b = list_append(:a, a), c = if_not_exists(a) add d :a", Map.of(), values(":a", s("a"))))
        .isEqualTo("Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, "
            + "operand type: STRING");
    assertThat(updateError("SET a = if_not_exists(:c)", Map.of(), values(":a", s("a")))).isEqualTo(
        "Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :c");
  }
}
