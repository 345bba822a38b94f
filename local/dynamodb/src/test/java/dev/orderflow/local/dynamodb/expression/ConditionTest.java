package dev.orderflow.local.dynamodb.expression;

import static dev.orderflow.local.dynamodb.expression.TestValues.assertValidation;
import static dev.orderflow.local.dynamodb.expression.TestValues.attrs;
import static dev.orderflow.local.dynamodb.expression.TestValues.b;
import static dev.orderflow.local.dynamodb.expression.TestValues.bool;
import static dev.orderflow.local.dynamodb.expression.TestValues.bs;
import static dev.orderflow.local.dynamodb.expression.TestValues.item;
import static dev.orderflow.local.dynamodb.expression.TestValues.l;
import static dev.orderflow.local.dynamodb.expression.TestValues.m;
import static dev.orderflow.local.dynamodb.expression.TestValues.n;
import static dev.orderflow.local.dynamodb.expression.TestValues.ns;
import static dev.orderflow.local.dynamodb.expression.TestValues.nul;
import static dev.orderflow.local.dynamodb.expression.TestValues.s;
import static dev.orderflow.local.dynamodb.expression.TestValues.ss;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.local.dynamodb.table.AttributeValue;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConditionTest {

  private static final Map<String, AttributeValue> ORDER = item(
      "id", s("o-1"),
      "qty", n("5"),
      "price", n("12.50"),
      "name", s("Margherita"),
      "photo", b("abcdef"),
      "paid", bool(true),
      "note", nul(),
      "tags", ss("veg", "hot"),
      "sizes", ns("1", "2", "3"),
      "blobs", bs("x", "y"),
      "parts", l(s("a"), n("7"), m("k", s("v"))),
      "customer", m("address", m("city", s("Oslo"), "zip", s("0150")), "phones", l(s("111"), s("222"))));

  private static boolean holds(String expression, Object... placeholders) {
    ExpressionAttributes attributes = attrs(placeholders);
    Condition condition = Condition.parse(expression, attributes, "ConditionExpression");
    attributes.checkAllUsed();
    return condition.test(ORDER);
  }

  private static void fails(String expression, String message, Object... placeholders) {
    assertValidation(() -> Condition.parse(expression, attrs(placeholders), "ConditionExpression"), message);
  }

  @Test
  void comparesNumbersByValue() {
    assertThat(holds("qty = :v", ":v", n("5.0"))).isTrue();
    assertThat(holds("price = :v", ":v", n("12.5"))).isTrue();
    assertThat(holds("qty < :v", ":v", n("10"))).isTrue();
    assertThat(holds("qty <= :v", ":v", n("5"))).isTrue();
    assertThat(holds("qty > :v", ":v", n("5"))).isFalse();
    assertThat(holds("qty >= :v", ":v", n("-3"))).isTrue();
    assertThat(holds("qty <> :v", ":v", n("5"))).isFalse();
  }

  @Test
  void comparesStringsByUtf8Bytes() {
    assertThat(holds("#n > :v", "#n", "name", ":v", s("Apple"))).isTrue();
    assertThat(holds("#n < :v", "#n", "name", ":v", s("margherita"))).isTrue();
    assertThat(holds("#n < :v", "#n", "name", ":v", s("Ä"))).isTrue();
  }

  @Test
  void comparesBinaryUnsigned() {
    assertThat(holds("photo < :v", ":v", b("b"))).isTrue();
    assertThat(holds("photo > :v", ":v", b("abc"))).isTrue();
  }

  @Test
  void comparisonAcrossTypesIsFalseNotAnError() {
    assertThat(holds("qty = :v", ":v", s("5"))).isFalse();
    assertThat(holds("qty < :v", ":v", s("9"))).isFalse();
    assertThat(holds("qty >= :v", ":v", s("1"))).isFalse();
    assertThat(holds("tags < :v", ":v", ss("zzz"))).isFalse();
    assertThat(holds("qty <> :v", ":v", s("5"))).isTrue();
  }

  @Test
  void equalityWorksOnEveryType() {
    assertThat(holds("tags = :v", ":v", ss("hot", "veg"))).isTrue();
    assertThat(holds("parts = :v", ":v", l(s("a"), n("7.00"), m("k", s("v"))))).isTrue();
    assertThat(holds("customer.address = :v", ":v", m("zip", s("0150"), "city", s("Oslo")))).isTrue();
    assertThat(holds("paid = :v", ":v", bool(true))).isTrue();
    assertThat(holds("note = :v", ":v", nul())).isTrue();
  }

  @Test
  void missingAttributeMakesComparisonsFalseAndInequalityTrue() {
    assertThat(holds("nothing = :v", ":v", s("x"))).isFalse();
    assertThat(holds("nothing < :v", ":v", n("1"))).isFalse();
    assertThat(holds("nothing <> :v", ":v", s("x"))).isTrue();
  }

  @Test
  void nestedPathsAndListIndexesReachInsideDocuments() {
    assertThat(holds("customer.address.city = :v", ":v", s("Oslo"))).isTrue();
    assertThat(holds("customer.phones[1] = :v", ":v", s("222"))).isTrue();
    assertThat(holds("parts[2].k = :v", ":v", s("v"))).isTrue();
    assertThat(holds("customer.phones[5] = :v", ":v", s("222"))).isFalse();
    assertThat(holds("customer.#a.#c = :v", "#a", "address", "#c", "city", ":v", s("Oslo"))).isTrue();
  }

  @Test
  void aNameWithADotIsOneAttributeThroughAPlaceholder() {
    Map<String, AttributeValue> dotted = item("a.b", s("flat"), "a", m("b", s("nested")));
    Condition flat = Condition.parse("#ab = :v", attrs("#ab", "a.b", ":v", s("flat")), "ConditionExpression");
    Condition nested = Condition.parse("a.b = :v", attrs(":v", s("nested")), "ConditionExpression");
    assertThat(flat.test(dotted)).isTrue();
    assertThat(nested.test(dotted)).isTrue();
  }

  @Test
  void pathsMayBeComparedWithPaths() {
    Map<String, AttributeValue> prices = item("low", n("1"), "high", n("9"));
    Condition condition = Condition.parse("low < high", ExpressionAttributes.none(), "ConditionExpression");
    assertThat(condition.test(prices)).isTrue();
  }

  @Test
  void betweenIsInclusive() {
    assertThat(holds("qty BETWEEN :lo AND :hi", ":lo", n("5"), ":hi", n("5"))).isTrue();
    assertThat(holds("qty between :lo and :hi", ":lo", n("1"), ":hi", n("4"))).isFalse();
    assertThat(holds("#n BETWEEN :lo AND :hi", "#n", "name", ":lo", s("M"), ":hi", s("N"))).isTrue();
    assertThat(holds("#n BETWEEN :lo AND :hi", "#n", "name", ":lo", n("1"), ":hi", n("9"))).isFalse();
  }

  @Test
  void rejectsBetweenWithLowerBoundAboveUpper() {
    fails("qty BETWEEN :lo AND :hi", "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be"
        + " greater than or equal to lower bound; lower bound operand: AttributeValue: {N:10}, upper bound operand:"
        + " AttributeValue: {N:5}", ":lo", n("10"), ":hi", n("5"));
  }

  @Test
  void rejectsBetweenWithBoundsOfDifferentTypes() {
    fails("qty BETWEEN :lo AND :hi", "Invalid ConditionExpression: The BETWEEN operator requires same data type for"
        + " lower and upper bounds; lower bound operand: AttributeValue: {N:1}, upper bound operand:"
        + " AttributeValue: {S:a}", ":lo", n("1"), ":hi", s("a"));
  }

  @Test
  void inMatchesAnyCandidate() {
    assertThat(holds("qty IN (:a, :b, :c)", ":a", n("1"), ":b", n("5"), ":c", s("5"))).isTrue();
    assertThat(holds("qty in (:a)", ":a", n("4"))).isFalse();
    assertThat(holds("nothing IN (:a)", ":a", n("4"))).isFalse();
  }

  @Test
  void inAcceptsOneHundredOperandsAndRejectsMore() {
    StringBuilder list = new StringBuilder();
    Object[] placeholders = new Object[202];
    for (int i = 0; i < 101; i++) {
      list.append(i == 0 ? "" : ", ").append(":v").append(i);
      placeholders[2 * i] = ":v" + i;
      placeholders[2 * i + 1] = n(Integer.toString(i));
    }
    fails("qty IN (" + list + ")",
        "Invalid ConditionExpression: The IN operator is provided with too many operands; number of operands: 101",
        placeholders);
    String hundred = list.substring(0, list.lastIndexOf(","));
    Object[] fewer = java.util.Arrays.copyOf(placeholders, 200);
    assertThat(holds("qty IN (" + hundred + ")", fewer)).isTrue();
  }

  @Test
  void andBindsTighterThanOr() {
    // false AND false OR true: true only if AND is evaluated first.
    assertThat(holds("qty = :x AND qty = :x OR qty = :five", ":x", n("1"), ":five", n("5"))).isTrue();
    // true OR false AND false
    assertThat(holds("qty = :five OR qty = :x AND qty = :x", ":x", n("1"), ":five", n("5"))).isTrue();
    assertThat(holds("(qty = :five OR qty = :x) AND qty = :x", ":x", n("1"), ":five", n("5"))).isFalse();
  }

  @Test
  void notBindsTighterThanAnd() {
    assertThat(holds("NOT qty = :x AND qty = :five", ":x", n("1"), ":five", n("5"))).isTrue();
    assertThat(holds("NOT (qty = :five AND qty = :x)", ":x", n("1"), ":five", n("5"))).isTrue();
    assertThat(holds("not not qty = :five", ":five", n("5"))).isTrue();
  }

  @Test
  void keywordsAreCaseInsensitive() {
    assertThat(holds("qty Between :a aNd :b Or NOT qty In (:a)", ":a", n("1"), ":b", n("9"))).isTrue();
  }

  @Test
  void attributeExistsAndNotExists() {
    assertThat(holds("attribute_exists(id)")).isTrue();
    assertThat(holds("attribute_exists(customer.address.city)")).isTrue();
    assertThat(holds("attribute_exists(customer.phones[2])")).isFalse();
    assertThat(holds("attribute_not_exists(nothing)")).isTrue();
    assertThat(holds("attribute_not_exists(note)")).isFalse();
    Condition create = Condition.parse("attribute_not_exists(id)", ExpressionAttributes.none(), "ConditionExpression");
    assertThat(create.test(new LinkedHashMap<>())).isTrue();
  }

  @Test
  void attributeTypeMatchesTheStoredType() {
    assertThat(holds("attribute_type(qty, :t)", ":t", s("N"))).isTrue();
    assertThat(holds("attribute_type(tags, :t)", ":t", s("SS"))).isTrue();
    assertThat(holds("attribute_type(customer, :t)", ":t", s("M"))).isTrue();
    assertThat(holds("attribute_type(note, :t)", ":t", s("NULL"))).isTrue();
    assertThat(holds("attribute_type(paid, :t)", ":t", s("BOOL"))).isTrue();
    assertThat(holds("attribute_type(qty, :t)", ":t", s("S"))).isFalse();
    assertThat(holds("attribute_type(nothing, :t)", ":t", s("S"))).isFalse();
  }

  @Test
  void rejectsAnUnknownAttributeTypeName() {
    fails("attribute_type(qty, :t)", "Invalid ConditionExpression: Invalid attribute type name found; type: NUMBER,"
        + " valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}", ":t", s("NUMBER"));
  }

  @Test
  void beginsWithOnStringsAndBinary() {
    assertThat(holds("begins_with(#n, :p)", "#n", "name", ":p", s("Marg"))).isTrue();
    assertThat(holds("begins_with(#n, :p)", "#n", "name", ":p", s("marg"))).isFalse();
    assertThat(holds("begins_with(photo, :p)", ":p", b("abc"))).isTrue();
    assertThat(holds("begins_with(qty, :p)", ":p", s("5"))).isFalse();
  }

  @Test
  void rejectsBeginsWithANumberOperand() {
    fails("begins_with(qty, :p)", "Invalid ConditionExpression: Incorrect operand type for operator or function;"
        + " operator or function: begins_with, operand type: N", ":p", n("5"));
  }

  @Test
  void containsLooksIntoStringsSetsAndLists() {
    assertThat(holds("contains(#n, :v)", "#n", "name", ":v", s("ghe"))).isTrue();
    assertThat(holds("contains(tags, :v)", ":v", s("veg"))).isTrue();
    assertThat(holds("contains(tags, :v)", ":v", s("ve"))).isFalse();
    assertThat(holds("contains(sizes, :v)", ":v", n("2.0"))).isTrue();
    assertThat(holds("contains(blobs, :v)", ":v", b("y"))).isTrue();
    assertThat(holds("contains(parts, :v)", ":v", n("7"))).isTrue();
    assertThat(holds("contains(parts, :v)", ":v", m("k", s("v")))).isTrue();
    assertThat(holds("contains(photo, :v)", ":v", b("cde"))).isTrue();
    assertThat(holds("contains(qty, :v)", ":v", n("5"))).isFalse();
    assertThat(holds("contains(nothing, :v)", ":v", n("5"))).isFalse();
  }

  @Test
  void sizeCountsCharactersBytesAndElements() {
    assertThat(holds("size(#n) = :v", "#n", "name", ":v", n("10"))).isTrue();
    assertThat(holds("size(photo) = :v", ":v", n("6"))).isTrue();
    assertThat(holds("size(tags) = :v", ":v", n("2"))).isTrue();
    assertThat(holds("size(parts) > :v", ":v", n("2"))).isTrue();
    assertThat(holds("size(customer) = :v", ":v", n("2"))).isTrue();
    assertThat(holds("size(customer.phones) BETWEEN :a AND :b", ":a", n("1"), ":b", n("2"))).isTrue();
    assertThat(holds("size(qty) >= :v", ":v", n("0"))).isFalse();
    assertThat(holds("size(nothing) >= :v", ":v", n("0"))).isFalse();
  }

  @Test
  void functionNamesAreCaseSensitive() {
    fails("Attribute_Exists(id)", "Invalid ConditionExpression: Invalid function name; function: Attribute_Exists");
  }

  @Test
  void rejectsAConditionFunctionUsedAsAnOperand() {
    fails("attribute_exists(id) = :v", "Invalid ConditionExpression: The function is not allowed to be used this"
        + " way in an expression; function: attribute_exists", ":v", bool(true));
  }

  @Test
  void rejectsSizeUsedAsACondition() {
    fails("size(id)", "Invalid ConditionExpression: The function is not allowed to be used this way in an"
        + " expression; function: size");
  }

  @Test
  void rejectsUpdateFunctionsInConditions() {
    fails("if_not_exists(a, :v) = :v", "Invalid ConditionExpression: The function is not allowed to be used this"
        + " way in an expression; function: if_not_exists", ":v", n("1"));
  }

  @Test
  void rejectsAWrongNumberOfOperands() {
    fails("attribute_exists(id, qty)", "Invalid ConditionExpression: Incorrect number of operands for operator or"
        + " function; operator or function: attribute_exists, number of operands: 2");
    fails("begins_with(id)", "Invalid ConditionExpression: Incorrect number of operands for operator or"
        + " function; operator or function: begins_with, number of operands: 1");
  }

  @Test
  void rejectsAValueWhereAFunctionNeedsAPath() {
    fails("attribute_exists(:v)", "Invalid ConditionExpression: Operator or function requires a document path;"
        + " operator or function: attribute_exists", ":v", s("id"));
  }

  @Test
  void sizeOfAValueIsTheValuesSizeWhenItHasOne() {
    // size() takes a value too; one without a size (a number, a boolean, null) is refused by type.
    assertThat(holds("size(:v) = :n", ":v", s("id"), ":n", n("2"))).isTrue();
    fails("size(:v) = :v", "Invalid ConditionExpression: Incorrect operand type for operator or function;"
        + " operator or function: size, operand type: BOOL", ":v", bool(true));
    fails("size(size(qty)) = :v", "Invalid ConditionExpression: Incorrect operand type for operator or function;"
        + " operator or function: size, operand type: N", ":v", n("1"));
  }

  @Test
  void rejectsRedundantParentheses() {
    fails("((qty = :v))", "Invalid ConditionExpression: The expression has redundant parentheses;", ":v", n("1"));
    assertThat(holds("(qty = :v)", ":v", n("5"))).isTrue();
    assertThat(holds("((qty = :v) OR (qty = :w)) AND (id = :id)", ":v", n("5"), ":w", n("6"), ":id", s("o-1")))
        .isTrue();
  }

  @Test
  void rejectsReservedWordsAsNames() {
    fails("status = :v", "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status",
        ":v", s("x"));
    fails("customer.Name = :v",
        "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: Name", ":v", s("x"));
  }

  @Test
  void messagesNameTheParameter() {
    assertValidation(() -> Condition.parse("a = ", ExpressionAttributes.none(), "FilterExpression"),
        "Invalid FilterExpression: Syntax error; token: \"<EOF>\", near: \"= \"");
  }

  @Test
  void rejectsAnEmptyExpression() {
    fails("", "Invalid ConditionExpression: The expression can not be empty;");
    fails("   ", "Invalid ConditionExpression: The expression can not be empty;");
  }

  @Test
  void resolvesPlaceholdersPerRequestEvenWhenTheTextIsCached() {
    Condition first = Condition.parse("#k = :v", attrs("#k", "qty", ":v", n("5")), "ConditionExpression");
    Condition second = Condition.parse("#k = :v", attrs("#k", "id", ":v", s("o-1")), "ConditionExpression");
    Condition third = Condition.parse("#k = :v", attrs("#k", "id", ":v", s("o-2")), "ConditionExpression");
    assertThat(first.test(ORDER)).isTrue();
    assertThat(second.test(ORDER)).isTrue();
    assertThat(third.test(ORDER)).isFalse();
  }
}
