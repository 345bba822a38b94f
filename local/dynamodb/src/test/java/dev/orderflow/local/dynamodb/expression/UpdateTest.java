package dev.orderflow.local.dynamodb.expression;

import static dev.orderflow.local.dynamodb.expression.TestValues.assertValidation;
import static dev.orderflow.local.dynamodb.expression.TestValues.attrs;
import static dev.orderflow.local.dynamodb.expression.TestValues.bs;
import static dev.orderflow.local.dynamodb.expression.TestValues.item;
import static dev.orderflow.local.dynamodb.expression.TestValues.l;
import static dev.orderflow.local.dynamodb.expression.TestValues.m;
import static dev.orderflow.local.dynamodb.expression.TestValues.n;
import static dev.orderflow.local.dynamodb.expression.TestValues.ns;
import static dev.orderflow.local.dynamodb.expression.TestValues.s;
import static dev.orderflow.local.dynamodb.expression.TestValues.ss;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.orderflow.local.dynamodb.table.AttributeValue;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpdateTest {

  private static final Map<String, AttributeValue> ORDER = item(
      "id", s("o-1"),
      "qty", n("5"),
      "label", s("pizza"),
      "tags", ss("veg", "hot"),
      "sizes", ns("1", "2"),
      "parts", l(s("a"), s("b"), s("c"), s("d")),
      "customer", m("address", m("city", s("Oslo")), "phones", l(s("111"))));

  private static Map<String, AttributeValue> apply(Map<String, AttributeValue> item, String expression,
      Object... placeholders) {
    ExpressionAttributes attributes = attrs(placeholders);
    Update update = Update.parse(expression, attributes);
    attributes.checkAllUsed();
    return update.apply(item);
  }

  private static void parseFails(String expression, String message, Object... placeholders) {
    assertValidation(() -> Update.parse(expression, attrs(placeholders)), message);
  }

  private static void applyFails(Map<String, AttributeValue> item, String expression, String message,
      Object... placeholders) {
    Update update = Update.parse(expression, attrs(placeholders));
    assertValidation(() -> update.apply(item), message);
  }

  @Test
  void setWritesTopLevelAndNestedAttributes() {
    Map<String, AttributeValue> updated = apply(ORDER, "SET label = :l, customer.address.zip = :z, #s = :st",
        ":l", s("calzone"), ":z", s("0150"), "#s", "status", ":st", s("PENDING"));
    assertThat(updated).contains(entry("label", s("calzone")), entry("status", s("PENDING")));
    assertThat(updated.get("customer")).isEqualTo(
        m("address", m("city", s("Oslo"), "zip", s("0150")), "phones", l(s("111"))));
  }

  @Test
  void applyLeavesTheGivenItemUnchanged() {
    Map<String, AttributeValue> before = Map.copyOf(ORDER);
    apply(ORDER, "SET customer.address.city = :c REMOVE parts[0]", ":c", s("Bergen"));
    assertThat(ORDER).isEqualTo(before);
  }

  @Test
  void setOnAMissingItemCreatesIt() {
    assertThat(apply(Map.of(), "SET qty = :q", ":q", n("1"))).containsExactly(entry("qty", n("1")));
  }

  @Test
  void setAddsAndSubtractsNumbers() {
    assertThat(apply(ORDER, "SET qty = qty + :d", ":d", n("2.5")).get("qty")).isEqualTo(n("7.5"));
    assertThat(apply(ORDER, "SET qty = qty - :d", ":d", n("7")).get("qty")).isEqualTo(n("-2"));
    assertThat(apply(ORDER, "SET amount = :a - qty", ":a", n("1")).get("amount")).isEqualTo(n("-4"));
  }

  @Test
  void arithmeticKeepsThirtyEightDigits() {
    Map<String, AttributeValue> big = item("v", n("99999999999999999999999999999999999998"));
    assertThat(apply(big, "SET v = v + :one", ":one", n("1")).get("v"))
        .isEqualTo(n("99999999999999999999999999999999999999"));
    assertThat(apply(item("v", n("0.1")), "SET v = v + :x", ":x", n("0.2")).get("v")).isEqualTo(n("0.3"));
  }

  @Test
  void rejectsArithmeticThatNeedsMoreThanThirtyEightDigits() {
    Map<String, AttributeValue> big = item("v", n("99999999999999999999999999999999999999"));
    applyFails(big, "SET v = v + :x", "Attempting to store more than 38 significant digits in a Number",
        ":x", n("0.1"));
  }

  @Test
  void rejectsArithmeticThatOverflows() {
    Map<String, AttributeValue> big = item("v", n("9.9E+125"));
    applyFails(big, "SET v = v + :x",
        "Number overflow. Attempting to store a number with magnitude larger than supported range", ":x", n("9E+124"));
  }

  @Test
  void rejectsArithmeticOnAMissingAttribute() {
    applyFails(ORDER, "SET amount = amount + :x",
        "The provided expression refers to an attribute that does not exist in the item", ":x", n("1"));
    applyFails(ORDER, "SET twin = nothing",
        "The provided expression refers to an attribute that does not exist in the item");
  }

  @Test
  void rejectsArithmeticOnAStoredNonNumber() {
    applyFails(ORDER, "SET label = label + :x", "An operand in the update expression has an incorrect data type",
        ":x", n("1"));
  }

  @Test
  void rejectsArithmeticWithAConstantNonNumber() {
    parseFails("SET qty = qty + :x", "Invalid UpdateExpression: Incorrect operand type for operator or function;"
        + " operator or function: +, operand type: S", ":x", s("1"));
    parseFails("SET qty = :x - qty", "Invalid UpdateExpression: Incorrect operand type for operator or function;"
        + " operator or function: -, operand type: SS", ":x", ss("1"));
  }

  @Test
  void allowsOnlyOneArithmeticOperator() {
    parseFails("SET qty = qty + :x + :x", "Invalid UpdateExpression: Syntax error; token: \"+\", near: \":x + :x\"",
        ":x", n("1"));
  }

  @Test
  void ifNotExistsKeepsAnExistingValue() {
    Map<String, AttributeValue> updated = apply(ORDER, "SET qty = if_not_exists(qty, :z), created = if_not_exists(created, :now)",
        ":z", n("0"), ":now", s("2024-01-01"));
    assertThat(updated).contains(entry("qty", n("5")), entry("created", s("2024-01-01")));
  }

  @Test
  void ifNotExistsCombinesWithArithmetic() {
    assertThat(apply(Map.of(), "SET hits = if_not_exists(hits, :z) + :one", ":z", n("0"), ":one", n("1")))
        .containsEntry("hits", n("1"));
  }

  @Test
  void rejectsIfNotExistsWithoutAPath() {
    parseFails("SET a = if_not_exists(:v, :v)", "Invalid UpdateExpression: Operator or function requires a document"
        + " path; operator or function: if_not_exists", ":v", n("1"));
  }

  @Test
  void listAppendJoinsListsInOrder() {
    assertThat(apply(ORDER, "SET parts = list_append(parts, :more)", ":more", l(s("e"))).get("parts"))
        .isEqualTo(l(s("a"), s("b"), s("c"), s("d"), s("e")));
    assertThat(apply(ORDER, "SET parts = list_append(:more, parts)", ":more", l(s("z"))).get("parts"))
        .isEqualTo(l(s("z"), s("a"), s("b"), s("c"), s("d")));
    assertThat(apply(Map.of(), "SET history = list_append(if_not_exists(history, :empty), :e)", ":empty", l(), ":e", l(s("x"))))
        .containsEntry("history", l(s("x")));
  }

  @Test
  void rejectsListAppendOfANonList() {
    parseFails("SET parts = list_append(parts, :v)", "Invalid UpdateExpression: Incorrect operand type for operator or"
        + " function; operator or function: list_append, operand type: N", ":v", n("1"));
    applyFails(ORDER, "SET label = list_append(label, :v)",
        "An operand in the update expression has an incorrect data type", ":v", l(s("x")));
  }

  @Test
  void setOnAListIndexReplacesOrAppendsPastTheEnd() {
    assertThat(apply(ORDER, "SET parts[1] = :v", ":v", s("B")).get("parts"))
        .isEqualTo(l(s("a"), s("B"), s("c"), s("d")));
    assertThat(apply(ORDER, "SET parts[10] = :v", ":v", s("e")).get("parts"))
        .isEqualTo(l(s("a"), s("b"), s("c"), s("d"), s("e")));
  }

  @Test
  void rejectsSetIntoAMissingParent() {
    applyFails(ORDER, "SET absent.child = :v",
        "The document path provided in the update expression is invalid for update", ":v", s("x"));
    applyFails(ORDER, "SET customer.nothing.city = :v",
        "The document path provided in the update expression is invalid for update", ":v", s("x"));
    applyFails(ORDER, "SET label[0] = :v",
        "The document path provided in the update expression is invalid for update", ":v", s("x"));
    applyFails(ORDER, "SET parts.x = :v",
        "The document path provided in the update expression is invalid for update", ":v", s("x"));
  }

  @Test
  void operandsReadTheItemAsItWasBeforeTheUpdate() {
    Map<String, AttributeValue> updated = apply(item("a", n("1"), "b", n("2")), "SET a = b, b = a");
    assertThat(updated).containsEntry("a", n("2")).containsEntry("b", n("1"));
  }

  @Test
  void removeDeletesAttributesAndIgnoresMissingOnes() {
    Map<String, AttributeValue> updated = apply(ORDER, "REMOVE label, nothing, customer.address.city");
    assertThat(updated).doesNotContainKeys("label", "nothing");
    assertThat(updated.get("customer")).isEqualTo(m("address", m(), "phones", l(s("111"))));
  }

  @Test
  void removeOfListElementsUsesIndexesBeforeTheUpdate() {
    assertThat(apply(ORDER, "REMOVE parts[0], parts[2]").get("parts")).isEqualTo(l(s("b"), s("d")));
    assertThat(apply(ORDER, "REMOVE parts[2], parts[0]").get("parts")).isEqualTo(l(s("b"), s("d")));
    assertThat(apply(ORDER, "REMOVE parts[9]").get("parts")).isEqualTo(ORDER.get("parts"));
  }

  @Test
  void rejectsRemoveThroughAMissingParent() {
    applyFails(ORDER, "REMOVE nothing.child",
        "The document path provided in the update expression is invalid for update");
  }

  @Test
  void addSumsNumbersAndStartsMissingOnesAtZero() {
    assertThat(apply(ORDER, "ADD qty :d", ":d", n("-2")).get("qty")).isEqualTo(n("3"));
    assertThat(apply(ORDER, "ADD visits :d", ":d", n("1")).get("visits")).isEqualTo(n("1"));
  }

  @Test
  void addUnitesSetsOfOneType() {
    assertThat(apply(ORDER, "ADD tags :t", ":t", ss("hot", "new")).get("tags")).isEqualTo(ss("veg", "hot", "new"));
    assertThat(apply(ORDER, "ADD sizes :t", ":t", ns("3")).get("sizes")).isEqualTo(ns("1", "2", "3"));
    assertThat(apply(ORDER, "ADD blobs :t", ":t", bs("x")).get("blobs")).isEqualTo(bs("x"));
  }

  @Test
  void rejectsAddOfAnotherType() {
    applyFails(ORDER, "ADD tags :t", "An operand in the update expression has an incorrect data type",
        ":t", ns("1"));
    applyFails(ORDER, "ADD label :t", "An operand in the update expression has an incorrect data type",
        ":t", n("1"));
    parseFails("ADD qty :t", "Invalid UpdateExpression: Incorrect operand type for operator or function;"
        + " operator: ADD, operand type: STRING", ":t", s("1"));
    parseFails("ADD parts :t", "Invalid UpdateExpression: Incorrect operand type for operator or function;"
        + " operator: ADD, operand type: LIST", ":t", l(s("1")));
  }

  @Test
  void deleteTakesElementsOutOfASetAndRemovesAnEmptiedSet() {
    assertThat(apply(ORDER, "DELETE tags :t", ":t", ss("hot", "absent")).get("tags")).isEqualTo(ss("veg"));
    assertThat(apply(ORDER, "DELETE sizes :t", ":t", ns("1", "2"))).doesNotContainKey("sizes");
    assertThat(apply(ORDER, "DELETE nothing :t", ":t", ss("x"))).isEqualTo(ORDER);
  }

  @Test
  void rejectsDeleteOfANonSetOrAnotherSetType() {
    parseFails("DELETE qty :v", "Invalid UpdateExpression: Incorrect operand type for operator or function;"
        + " operator: DELETE, operand type: NUMBER", ":v", n("1"));
    applyFails(ORDER, "DELETE tags :v", "An operand in the update expression has an incorrect data type",
        ":v", ns("1"));
  }

  @Test
  void clausesMayComeInAnyOrderAndKeywordsInAnyCase() {
    Map<String, AttributeValue> updated = apply(ORDER, "remove label add qty :one Set note = :n delete tags :t",
        ":one", n("1"), ":n", s("hi"), ":t", ss("veg"));
    assertThat(updated).doesNotContainKey("label")
        .containsEntry("qty", n("6"))
        .containsEntry("note", s("hi"))
        .containsEntry("tags", ss("hot"));
  }

  @Test
  void rejectsAClauseUsedTwice() {
    parseFails("SET a = :v SET b = :v",
        "Invalid UpdateExpression: The \"SET\" section can only be used once in an update expression;", ":v", n("1"));
    parseFails("REMOVE a remove b",
        "Invalid UpdateExpression: The \"REMOVE\" section can only be used once in an update expression;");
  }

  @Test
  void rejectsOverlappingPaths() {
    parseFails("SET a = :v REMOVE a.b", "Invalid UpdateExpression: Two document paths overlap with each other; must"
        + " remove or rewrite one of these paths; path one: [a], path two: [a, b]", ":v", n("1"));
    parseFails("SET a = :v, a = :v", "Invalid UpdateExpression: Two document paths overlap with each other; must"
        + " remove or rewrite one of these paths; path one: [a], path two: [a]", ":v", n("1"));
    parseFails("SET a[1].b = :v ADD a[1] :v", "Invalid UpdateExpression: Two document paths overlap with each other;"
        + " must remove or rewrite one of these paths; path one: [a, [1], b], path two: [a, [1]]", ":v", n("1"));
  }

  @Test
  void rejectsConflictingPaths() {
    parseFails("SET a.b = :v, a[0] = :v", "Invalid UpdateExpression: Two document paths conflict with each other;"
        + " must remove or rewrite one of these paths; path one: [a, b], path two: [a, [0]]", ":v", n("1"));
  }

  @Test
  void siblingPathsAreFine() {
    Map<String, AttributeValue> updated = apply(ORDER, "SET customer.address.city = :c, customer.phones[0] = :p",
        ":c", s("Bergen"), ":p", s("999"));
    assertThat(updated.get("customer")).isEqualTo(m("address", m("city", s("Bergen")), "phones", l(s("999"))));
  }

  @Test
  void rejectsSyntaxErrors() {
    parseFails("SET #a = :v,", "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \",\"",
        "#a", "a", ":v", n("1"));
    parseFails("SET a :v", "Invalid UpdateExpression: Syntax error; token: \":v\", near: \"a :v\"", ":v", n("1"));
    parseFails("UPSERT a = :v", "Invalid UpdateExpression: Syntax error; token: \"UPSERT\", near: \"UPSERT a\"",
        ":v", n("1"));
    parseFails("ADD a b", "Invalid UpdateExpression: Syntax error; token: \"b\", near: \"a b\"");
    parseFails("SET a = :v & b", "Invalid UpdateExpression: Syntax error; token: \"&\", near: \":v &\"", ":v", n("1"));
    parseFails("", "Invalid UpdateExpression: The expression can not be empty;");
  }

  @Test
  void rejectsUnknownAndMisplacedFunctions() {
    parseFails("SET a = concat(a, :v)", "Invalid UpdateExpression: Invalid function name; function: concat",
        ":v", n("1"));
    parseFails("SET a = size(b)",
        "Invalid UpdateExpression: The function is not allowed in an update expression; function: size");
    parseFails("SET a = list_append(:v)", "Invalid UpdateExpression: Incorrect number of operands for operator or"
        + " function; operator or function: list_append, number of operands: 1", ":v", l());
  }

  @Test
  void rejectsReservedWordsAndUndefinedPlaceholders() {
    parseFails("SET status = :v",
        "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: status", ":v", n("1"));
    parseFails("SET #s = :v", "Invalid UpdateExpression: An expression attribute name used in the document path is"
        + " not defined; attribute name: #s", ":v", n("1"));
    parseFails("SET a = :w", "Invalid UpdateExpression: An expression attribute value used in expression is not"
        + " defined; attribute value: :w", ":v", n("1"));
  }

  @Test
  void reportsTopLevelAttributesOfEveryAction() {
    Update update = Update.parse("SET a.b = :v, c[0] = :v REMOVE d ADD e :v DELETE f :s",
        attrs(":v", n("1"), ":s", ss("x")));
    assertThat(update.topLevelAttributes()).containsExactlyInAnyOrder("a", "c", "d", "e", "f");
  }

  @Test
  void updatedPathsProjectOnlyWhatChanged() {
    Update update = Update.parse("SET customer.address.city = :c, qty = :q", attrs(":c", s("Bergen"), ":q", n("9")));
    Map<String, AttributeValue> updated = update.apply(ORDER);
    assertThat(update.updatedPaths().apply(updated)).isEqualTo(
        item("customer", m("address", m("city", s("Bergen"))), "qty", n("9")));
    assertThat(update.updatedPaths().apply(ORDER)).isEqualTo(
        item("customer", m("address", m("city", s("Oslo"))), "qty", n("5")));
  }
}
