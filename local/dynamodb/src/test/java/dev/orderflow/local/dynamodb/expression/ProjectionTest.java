package dev.orderflow.local.dynamodb.expression;

import static dev.orderflow.local.dynamodb.expression.TestValues.assertValidation;
import static dev.orderflow.local.dynamodb.expression.TestValues.attrs;
import static dev.orderflow.local.dynamodb.expression.TestValues.item;
import static dev.orderflow.local.dynamodb.expression.TestValues.l;
import static dev.orderflow.local.dynamodb.expression.TestValues.m;
import static dev.orderflow.local.dynamodb.expression.TestValues.n;
import static dev.orderflow.local.dynamodb.expression.TestValues.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.local.dynamodb.table.AttributeValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProjectionTest {

  private static final Map<String, AttributeValue> ORDER = item(
      "id", s("o-1"),
      "qty", n("5"),
      "parts", l(s("a"), m("x", s("1"), "y", s("2")), s("c"), s("d")),
      "customer", m("address", m("city", s("Oslo"), "zip", s("0150")), "phones", l(s("111"), s("222"))));

  private static Map<String, AttributeValue> project(String expression, Object... placeholders) {
    ExpressionAttributes attributes = attrs(placeholders);
    Projection projection = Projection.parse(expression, attributes);
    attributes.checkAllUsed();
    return projection.apply(ORDER);
  }

  @Test
  void keepsTopLevelAttributesThatExist() {
    assertThat(project("id, qty, nothing")).isEqualTo(item("id", s("o-1"), "qty", n("5")));
  }

  @Test
  void keepsNestedPathsInTheirStructure() {
    assertThat(project("customer.address.city, id"))
        .isEqualTo(item("customer", m("address", m("city", s("Oslo"))), "id", s("o-1")));
  }

  @Test
  void keepsPickedListElementsInIndexOrderWithoutGaps() {
    assertThat(project("parts[3], parts[0], parts[9]")).isEqualTo(item("parts", l(s("a"), s("d"))));
    assertThat(project("parts[1].y, customer.phones[1]"))
        .isEqualTo(item("parts", l(m("y", s("2"))), "customer", m("phones", l(s("222")))));
  }

  @Test
  void leavesOutPathsThatDoNotMatchTheItemsShape() {
    assertThat(project("qty.x, id[0], customer.address.street")).isEmpty();
  }

  @Test
  void resolvesNamePlaceholders() {
    assertThat(project("#c.#a.zip", "#c", "customer", "#a", "address"))
        .isEqualTo(item("customer", m("address", m("zip", s("0150")))));
  }

  @Test
  void rejectsDuplicateAndOverlappingPaths() {
    assertValidation(() -> Projection.parse("id, qty, id", ExpressionAttributes.none()),
        "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of"
            + " these paths; path one: [id], path two: [id]");
    assertValidation(() -> Projection.parse("customer.address, customer", ExpressionAttributes.none()),
        "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of"
            + " these paths; path one: [customer, address], path two: [customer]");
  }

  @Test
  void rejectsConflictingPaths() {
    assertValidation(() -> Projection.parse("parts[0], parts.x", ExpressionAttributes.none()),
        "Invalid ProjectionExpression: Two document paths conflict with each other; must remove or rewrite one of"
            + " these paths; path one: [parts, [0]], path two: [parts, x]");
  }

  @Test
  void rejectsReservedWordsAndSyntaxErrors() {
    assertValidation(() -> Projection.parse("id, name", ExpressionAttributes.none()),
        "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: name");
    assertValidation(() -> Projection.parse("id,, qty", ExpressionAttributes.none()),
        "Invalid ProjectionExpression: Syntax error; token: \",\", near: \",, qty\"");
    assertValidation(() -> Projection.parse("", ExpressionAttributes.none()),
        "Invalid ProjectionExpression: The expression can not be empty;");
  }

  @Test
  void attributesToGetTakesNamesLiterally() {
    Projection projection = Projection.ofAttributes(List.of("id", "name", "id"));
    assertThat(projection.apply(item("id", s("1"), "name", s("n"), "other", s("o"))))
        .isEqualTo(item("id", s("1"), "name", s("n")));
    assertThat(projection.topLevelNames()).containsExactly("id", "name");
  }
}
