package dev.orderflow.local.dynamodb.expression;

import static dev.orderflow.local.dynamodb.expression.TestValues.assertValidation;
import static dev.orderflow.local.dynamodb.expression.TestValues.attrs;
import static dev.orderflow.local.dynamodb.expression.TestValues.n;
import static dev.orderflow.local.dynamodb.expression.TestValues.s;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.orderflow.local.dynamodb.table.AttributeValue;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpressionAttributesTest {

  @Test
  void acceptsPlaceholdersThatEveryExpressionOfARequestUses() {
    ExpressionAttributes attributes = attrs("#s", "status", ":p", s("PENDING"), ":q", n("1"), "#q", "qty");
    Update.parse("SET #q = :q", attributes);
    Condition.parse("#s = :p", attributes, "ConditionExpression");
    assertThatCode(attributes::checkAllUsed).doesNotThrowAnyException();
  }

  @Test
  void rejectsUnusedNames() {
    ExpressionAttributes attributes = attrs("#a", "a", "#b", "b", "#c", "c");
    Condition.parse("attribute_exists(#b)", attributes, "ConditionExpression");
    assertValidation(attributes::checkAllUsed,
        "Value provided in ExpressionAttributeNames unused in expressions: keys: {#a, #c}");
  }

  @Test
  void rejectsUnusedValues() {
    ExpressionAttributes attributes = attrs(":v", n("1"), ":w", n("2"));
    Condition.parse("a = :w", attributes, "FilterExpression");
    assertValidation(attributes::checkAllUsed,
        "Value provided in ExpressionAttributeValues unused in expressions: keys: {:v}");
  }

  @Test
  void rejectsMalformedPlaceholderKeys() {
    assertValidation(() -> new ExpressionAttributes(Map.of("name", "n"), null),
        "ExpressionAttributeNames contains invalid key: Syntax error; key: \"name\"");
    assertValidation(() -> new ExpressionAttributes(null, Map.<String, AttributeValue>of("v", n("1"))),
        "ExpressionAttributeValues contains invalid key: Syntax error; key: \"v\"");
  }

  @Test
  void rejectsMapsGivenEmpty() {
    assertValidation(() -> ExpressionAttributes.checkNotEmpty(Map.of(), null),
        "ExpressionAttributeNames must not be empty");
    assertValidation(() -> ExpressionAttributes.checkNotEmpty(null, Map.of()),
        "ExpressionAttributeValues must not be empty");
    assertThatCode(() -> ExpressionAttributes.checkNotEmpty(null, null)).doesNotThrowAnyException();
  }

  @Test
  void rejectsUndefinedPlaceholdersInConditions() {
    assertValidation(() -> Condition.parse("#x = :v", attrs(":v", n("1")), "ConditionExpression"),
        "Invalid ConditionExpression: An expression attribute name used in the document path is not defined;"
            + " attribute name: #x");
    assertValidation(() -> Condition.parse("a = :v", ExpressionAttributes.none(), "ConditionExpression"),
        "Invalid ConditionExpression: An expression attribute value used in expression is not defined;"
            + " attribute value: :v");
  }

  @Test
  void reservedWordsAreCaseInsensitiveAndTheListIsComplete() {
    assertValidation(() -> Condition.parse("Count > :v", attrs(":v", n("1")), "ConditionExpression"),
        "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: Count");
    org.assertj.core.api.Assertions.assertThat(ReservedWords.count()).isEqualTo(573);
    org.assertj.core.api.Assertions.assertThat(ReservedWords.isReserved("zone")).isTrue();
    org.assertj.core.api.Assertions.assertThat(ReservedWords.isReserved("orderStatus")).isFalse();
  }

  @Test
  void syntaxErrorsNameTheTokenAndItsNeighbours() {
    assertValidation(() -> Condition.parse("a = :v AND", attrs(":v", n("1")), "ConditionExpression"),
        "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"AND\"");
    assertValidation(() -> Condition.parse("a == :v", attrs(":v", n("1")), "ConditionExpression"),
        "Invalid ConditionExpression: Syntax error; token: \"=\", near: \"== :v\"");
    assertValidation(() -> Condition.parse("user-id = :v", attrs(":v", n("1")), "ConditionExpression"),
        "Invalid ConditionExpression: Syntax error; token: \"-\", near: \"user-id\"");
    assertValidation(() -> Condition.parse("a = :v $", attrs(":v", n("1")), "ConditionExpression"),
        "Invalid ConditionExpression: Syntax error; token: \"$\", near: \":v $\"");
    assertValidation(() -> Condition.parse("1a = :v", attrs(":v", n("1")), "ConditionExpression"),
        "Invalid ConditionExpression: Syntax error; token: \"1\", near: \"1a\"");
    assertValidation(() -> Condition.parse("a = # ", ExpressionAttributes.none(), "ConditionExpression"),
        "Invalid ConditionExpression: Syntax error; token: \"#\", near: \"= #\"");
    assertValidation(() -> Condition.parse("a BETWEEN :v OR :v", attrs(":v", n("1")), "ConditionExpression"),
        "Invalid ConditionExpression: Syntax error; token: \"OR\", near: \":v OR :v\"");
  }
}
