package dev.orderflow.local.dynamodb.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Condition expressions: comparators, BETWEEN, IN, logical operators and their precedence, and
 * every function. Each condition is tried on one stored item with a harmless update; whether the
 * update went through tells whether the condition held.
 */
class ConditionExpressionsTest extends ConformanceSupport {

  private String table;

  @BeforeAll
  void storeTheItem() {
    table = hashTable();
    put(table, item(
        "pk", s("item"),
        "name", s("pizza margherita"),
        "qty", n(5),
        "price", n("9.5"),
        "flag", bool(true),
        "none", nul(),
        "bin", b(1, 2, 3),
        "tags", ss("hot", "veg"),
        "sizes", ns("1", "2", "3"),
        "list", l(s("a"), n(1), m("x", s("y"))),
        "map", m("part", s("v"), "count", n(2)),
        "blank", s("")));
  }

  /** Whether the condition holds on the stored item (checked by a conditional update). */
  private boolean holds(String condition, Map<String, AttributeValue> values) {
    return holds(condition, Map.of(), values);
  }

  private boolean holds(String condition, Map<String, String> names, Map<String, AttributeValue> values) {
    Throwable thrown = catchThrowable(() -> ddb.updateItem(r -> r.tableName(table).key(key("item"))
        .updateExpression("SET touched = :touched")
        .conditionExpression(condition)
        .expressionAttributeNames(names.isEmpty() ? null : names)
        .expressionAttributeValues(with(values, ":touched", bool(true)))));
    if (thrown == null) {
      return true;
    }
    if (thrown instanceof ConditionalCheckFailedException) {
      return false;
    }
    // Anything else (a ValidationException above all) is for the caller to judge.
    if (thrown instanceof RuntimeException e) {
      throw e;
    }
    throw new AssertionError(thrown);
  }

  private static Map<String, AttributeValue> with(Map<String, AttributeValue> values, String name, AttributeValue value) {
    Map<String, AttributeValue> all = new java.util.LinkedHashMap<>(values);
    all.put(name, value);
    return all;
  }

  @Test
  void comparesNumbersAsNumbers() {
    assertThat(holds("qty = :v", values(":v", n("5.0")))).isTrue();
    assertThat(holds("qty <> :v", values(":v", n(4)))).isTrue();
    assertThat(holds("qty < :v", values(":v", n(10)))).isTrue();
    assertThat(holds("qty <= :v", values(":v", n(5)))).isTrue();
    assertThat(holds("qty > :v", values(":v", n(10)))).isFalse();
    assertThat(holds("qty >= :v", values(":v", n("5.01")))).isFalse();
    assertThat(holds("price > :v", values(":v", n("10")))).isFalse();
    assertThat(holds("price > :v", values(":v", n("-10")))).isTrue();
  }

  @Test
  void comparesStringsByTheirBytes() {
    assertThat(holds("#n = :v", names("#n", "name"), values(":v", s("pizza margherita")))).isTrue();
    assertThat(holds("#n < :v", names("#n", "name"), values(":v", s("pizzb")))).isTrue();
    assertThat(holds("#n > :v", names("#n", "name"), values(":v", s("Z")))).as("lower case sorts after upper").isTrue();
  }

  @Test
  void comparesBinariesByTheirUnsignedBytes() {
    assertThat(holds("bin = :v", values(":v", b(1, 2, 3)))).isTrue();
    assertThat(holds("bin < :v", values(":v", b(0x80)))).isTrue();
    assertThat(holds("bin > :v", values(":v", b(1, 2)))).isTrue();
  }

  @Test
  void valuesOfDifferentTypesAreNeverEqualNorOrdered() {
    assertThat(holds("qty = :v", values(":v", s("5")))).isFalse();
    assertThat(holds("qty <> :v", values(":v", s("5")))).isTrue();
    assertThat(holds("qty < :v", values(":v", s("9")))).isFalse();
    assertThat(holds("qty > :v", values(":v", s("1")))).isFalse();
  }

  @Test
  void comparisonsWithAMissingAttributeAreFalse() {
    assertThat(holds("absent = :v", values(":v", n(1)))).isFalse();
    assertThat(holds("absent < :v", values(":v", n(1)))).isFalse();
    assertThat(holds("NOT absent = :v", values(":v", n(1)))).isTrue();
  }

  @Test
  void comparesDocumentsAsWholeValues() {
    assertThat(holds("#m = :v", names("#m", "map"), values(":v", m("count", n(2), "part", s("v"))))).isTrue();
    assertThat(holds("#l = :v", names("#l", "list"), values(":v", l(s("a"), n(1), m("x", s("y")))))).isTrue();
    assertThat(holds("#l = :v", names("#l", "list"), values(":v", l(n(1), s("a"), m("x", s("y")))))).isFalse();
    assertThat(holds("tags = :v", values(":v", ss("veg", "hot")))).as("sets compare regardless of order").isTrue();
    assertThat(holds("flag = :v", values(":v", bool(true)))).isTrue();
    assertThat(holds("#z = :v", names("#z", "none"), values(":v", nul()))).isTrue();
  }

  @Test
  void comparesNestedPathsAndListElements() {
    assertThat(holds("#m.part = :v", names("#m", "map"), values(":v", s("v")))).isTrue();
    assertThat(holds("#m.#c > :v", names("#m", "map", "#c", "count"), values(":v", n(1)))).isTrue();
    assertThat(holds("#l[1] = :v", names("#l", "list"), values(":v", n(1)))).isTrue();
    assertThat(holds("#l[2].x = :v", names("#l", "list"), values(":v", s("y")))).isTrue();
    assertThat(holds("#l[9] = :v", names("#l", "list"), values(":v", n(1)))).isFalse();
  }

  @Test
  void betweenIsInclusiveAtBothEnds() {
    assertThat(holds("qty BETWEEN :lo AND :hi", values(":lo", n(5), ":hi", n(5)))).isTrue();
    assertThat(holds("qty BETWEEN :lo AND :hi", values(":lo", n(1), ":hi", n(4)))).isFalse();
    assertThat(holds("price BETWEEN :lo AND :hi", values(":lo", n("9.4"), ":hi", n("9.6")))).isTrue();
  }

  @Test
  void inMatchesAnyListedValue() {
    assertThat(holds("qty IN (:a, :b, :c)", values(":a", n(1), ":b", n(5), ":c", n(9)))).isTrue();
    assertThat(holds("qty IN (:a, :b)", values(":a", n(1), ":b", n(2)))).isFalse();
    assertThat(holds("qty IN (:a)", values(":a", s("5")))).isFalse();
  }

  @Test
  void inAcceptsUpToOneHundredValues() {
    Map<String, AttributeValue> hundred = new java.util.LinkedHashMap<>();
    for (int i = 0; i < 100; i++) {
      hundred.put(":v" + i, n(i));
    }
    String hundredList = String.join(", ", hundred.keySet());
    Map<String, AttributeValue> hundredAndOne = new java.util.LinkedHashMap<>(hundred);
    hundredAndOne.put(":v100", n(100));
    String hundredAndOneList = String.join(", ", hundredAndOne.keySet());

    assertThat(holds("qty IN (" + hundredList + ")", hundred)).isTrue();
    validationError(() -> holds("qty IN (" + hundredAndOneList + ")", hundredAndOne));
  }

  @Test
  void logicalOperatorsBindNotThenAndThenOr() {
    Map<String, AttributeValue> v = values(":five", n(5), ":six", n(6));
    // true OR (false AND false) is true; were OR to bind first it would be false.
    assertThat(holds("qty = :five OR qty = :six AND qty = :six", v)).isTrue();
    // (NOT true) AND false is false; NOT (true AND false) would be true.
    assertThat(holds("NOT qty = :five AND qty = :six", v)).isFalse();
    assertThat(holds("NOT (qty = :five AND qty = :six)", v)).isTrue();
    assertThat(holds("(qty = :five OR qty = :six) AND qty = :six", v)).isFalse();
  }

  @Test
  void attributeExistsAndNotExistsLookAtPaths() {
    assertThat(holds("attribute_exists(qty)", values())).isTrue();
    assertThat(holds("attribute_exists(absent)", values())).isFalse();
    assertThat(holds("attribute_not_exists(absent)", values())).isTrue();
    assertThat(holds("attribute_exists(#m.part)", names("#m", "map"), values())).isTrue();
    assertThat(holds("attribute_exists(#m.nope)", names("#m", "map"), values())).isFalse();
    assertThat(holds("attribute_exists(#l[2])", names("#l", "list"), values())).isTrue();
    assertThat(holds("attribute_not_exists(#l[3])", names("#l", "list"), values())).isTrue();
    assertThat(holds("attribute_exists(#z)", names("#z", "none"), values())).as("a NULL value exists").isTrue();
  }

  @Test
  void attributeTypeMatchesTheStoredType() {
    assertThat(holds("attribute_type(qty, :t)", values(":t", s("N")))).isTrue();
    assertThat(holds("attribute_type(qty, :t)", values(":t", s("S")))).isFalse();
    assertThat(holds("attribute_type(tags, :t)", values(":t", s("SS")))).isTrue();
    assertThat(holds("attribute_type(sizes, :t)", values(":t", s("NS")))).isTrue();
    assertThat(holds("attribute_type(#l, :t)", names("#l", "list"), values(":t", s("L")))).isTrue();
    assertThat(holds("attribute_type(#m, :t)", names("#m", "map"), values(":t", s("M")))).isTrue();
    assertThat(holds("attribute_type(flag, :t)", values(":t", s("BOOL")))).isTrue();
    assertThat(holds("attribute_type(#z, :t)", names("#z", "none"), values(":t", s("NULL")))).isTrue();
    assertThat(holds("attribute_type(bin, :t)", values(":t", s("B")))).isTrue();
  }

  @Test
  void rejectsAnUnknownTypeInAttributeType() {
    validationError(() -> holds("attribute_type(qty, :t)", values(":t", s("NUMBER"))));
  }

  @Test
  void beginsWithMatchesStringAndBinaryPrefixes() {
    assertThat(holds("begins_with(#n, :p)", names("#n", "name"), values(":p", s("pizza")))).isTrue();
    assertThat(holds("begins_with(#n, :p)", names("#n", "name"), values(":p", s("Pizza")))).isFalse();
    assertThat(holds("begins_with(bin, :p)", values(":p", b(1, 2)))).isTrue();
    assertThat(holds("begins_with(qty, :p)", values(":p", s("5")))).as("not a string").isFalse();
  }

  @Test
  void containsLooksInStringsSetsAndLists() {
    assertThat(holds("contains(#n, :p)", names("#n", "name"), values(":p", s("marg")))).isTrue();
    assertThat(holds("contains(#n, :p)", names("#n", "name"), values(":p", s("calzone")))).isFalse();
    assertThat(holds("contains(tags, :p)", values(":p", s("veg")))).isTrue();
    assertThat(holds("contains(tags, :p)", values(":p", s("ve")))).as("a set holds whole elements").isFalse();
    assertThat(holds("contains(sizes, :p)", values(":p", n(2)))).isTrue();
    assertThat(holds("contains(#l, :p)", names("#l", "list"), values(":p", s("a")))).isTrue();
    assertThat(holds("contains(#l, :p)", names("#l", "list"), values(":p", m("x", s("y"))))).isTrue();
    assertThat(holds("contains(#l, :p)", names("#l", "list"), values(":p", s("b")))).isFalse();
  }

  @Test
  void sizeMeasuresStringsBinariesSetsListsAndMaps() {
    assertThat(holds("size(#n) = :v", names("#n", "name"), values(":v", n(16)))).isTrue();
    assertThat(holds("size(bin) = :v", values(":v", n(3)))).isTrue();
    assertThat(holds("size(tags) = :v", values(":v", n(2)))).isTrue();
    assertThat(holds("size(#l) = :v", names("#l", "list"), values(":v", n(3)))).isTrue();
    assertThat(holds("size(#m) = :v", names("#m", "map"), values(":v", n(2)))).isTrue();
    assertThat(holds("size(blank) = :v", values(":v", n(0)))).isTrue();
    assertThat(holds("size(#n) > qty", names("#n", "name"), values())).as("size compares with a path").isTrue();
  }

  @Test
  void sizeOfAMissingAttributeMakesTheConditionFalse() {
    assertThat(holds("size(absent) = :v", values(":v", n(0)))).isFalse();
  }

  @Test
  void conditionCanCompareTwoAttributes() {
    assertThat(holds("qty < price", values())).isTrue();
    assertThat(holds("qty = price", values())).isFalse();
  }

  @Test
  void aFailedConditionLeavesTheItemUnchanged() {
    String own = hashTable();
    put(own, item("pk", s("a"), "v", n(1)));

    Throwable thrown = catchThrowable(() -> ddb.putItem(r -> r.tableName(own)
        .item(item("pk", s("a"), "v", n(2))).conditionExpression("v = :x")
        .expressionAttributeValues(values(":x", n(9)))));

    assertThat(thrown).isInstanceOf(ConditionalCheckFailedException.class);
    assertThat(get(own, key("a"))).isEqualTo(item("pk", s("a"), "v", n(1)));
  }

  @Test
  void attributeNotExistsOnTheKeyGuardsAgainstOverwritingAnItem() {
    String own = hashTable();

    ddb.putItem(r -> r.tableName(own).item(item("pk", s("a"), "v", n(1))).conditionExpression("attribute_not_exists(pk)"));
    Throwable second = catchThrowable(() -> ddb.putItem(r -> r.tableName(own)
        .item(item("pk", s("a"), "v", n(2))).conditionExpression("attribute_not_exists(pk)")));

    assertThat(second).isInstanceOf(ConditionalCheckFailedException.class);
    assertThat(get(own, key("a")).get("v")).isEqualTo(n(1));
  }

  @Test
  void rejectsAConditionThatIsNotABooleanExpression() {
    validationError(() -> holds("qty", values()));
    validationError(() -> holds("size(qty)", values()));
    validationError(() -> holds("qty = ", values()));
  }

  @Test
  void rejectsAnUnknownFunction() {
    validationError(() -> holds("is_there(qty)", values()));
  }
}
