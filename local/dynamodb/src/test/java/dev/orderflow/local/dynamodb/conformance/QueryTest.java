package dev.orderflow.local.dynamodb.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Query: key conditions with every sort key operator, direction, Limit and paging, filters
 * applied after Limit, counts, Select, and the errors a malformed query gets.
 */
class QueryTest extends ConformanceSupport {

  private static final int ITEMS = 100;

  /** Partition "p" holds sort keys 1..100 (even ones flagged), partition "q" one item. */
  private String numbers;
  /** Partition "p" holds string sort keys. */
  private String strings;

  @BeforeAll
  void storeItems() {
    numbers = hashRangeTable(ScalarAttributeType.N);
    for (int i = 1; i <= ITEMS; i++) {
      put(numbers, item("pk", s("p"), "sk", n(i), "even", bool(i % 2 == 0), "payload", s("item " + i)));
    }
    put(numbers, item("pk", s("q"), "sk", n(1)));

    strings = hashRangeTable(ScalarAttributeType.S);
    for (String sk : List.of("order#1", "order#2", "order#10", "invoice#1", "a", "B", "aa", "z", "\u00e9")) {
      put(strings, item("pk", s("p"), "sk", s(sk)));
    }
  }

  private QueryResponse query(String table, String keyCondition, Map<String, AttributeValue> values) {
    return query(table, keyCondition, values, r -> { });
  }

  private QueryResponse query(String table, String keyCondition, Map<String, AttributeValue> values,
      Consumer<QueryRequest.Builder> more) {
    QueryRequest.Builder request = QueryRequest.builder().tableName(table)
        .keyConditionExpression(keyCondition).expressionAttributeValues(values);
    more.accept(request);
    return ddb.query(request.build());
  }

  private static List<Integer> numericSortKeys(QueryResponse response) {
    return response.items().stream().map(i -> Integer.valueOf(i.get("sk").n())).toList();
  }

  private static List<String> stringSortKeys(QueryResponse response) {
    return response.items().stream().map(i -> i.get("sk").s()).toList();
  }

  private static List<Integer> range(int fromInclusive, int toInclusive) {
    return IntStream.rangeClosed(fromInclusive, toInclusive).boxed().toList();
  }

  // ---------------------------------------------------------------- key conditions

  @Test
  void partitionKeyAloneGivesThePartitionInAscendingSortKeyOrder() {
    QueryResponse response = query(numbers, "pk = :p", values(":p", s("p")));

    assertThat(numericSortKeys(response)).isEqualTo(range(1, ITEMS));
    assertThat(response.count()).isEqualTo(ITEMS);
    assertThat(response.scannedCount()).isEqualTo(ITEMS);
    assertThat(response.hasLastEvaluatedKey()).isFalse();
  }

  @Test
  void everySortKeyComparisonSelectsTheRightItems() {
    Map<String, AttributeValue> v = values(":p", s("p"), ":k", n(10));

    assertThat(numericSortKeys(query(numbers, "pk = :p AND sk = :k", v))).containsExactly(10);
    assertThat(numericSortKeys(query(numbers, "pk = :p AND sk < :k", v))).isEqualTo(range(1, 9));
    assertThat(numericSortKeys(query(numbers, "pk = :p AND sk <= :k", v))).isEqualTo(range(1, 10));
    assertThat(numericSortKeys(query(numbers, "pk = :p AND sk > :k", v))).isEqualTo(range(11, ITEMS));
    assertThat(numericSortKeys(query(numbers, "pk = :p AND sk >= :k", v))).isEqualTo(range(10, ITEMS));
    assertThat(numericSortKeys(query(numbers, "pk = :p AND sk BETWEEN :lo AND :hi",
        values(":p", s("p"), ":lo", n(20), ":hi", n(25))))).isEqualTo(range(20, 25));
  }

  @Test
  void beginsWithSelectsSortKeysByPrefix() {
    QueryResponse response = query(strings, "pk = :p AND begins_with(sk, :prefix)",
        values(":p", s("p"), ":prefix", s("order#")));

    assertThat(stringSortKeys(response)).containsExactly("order#1", "order#10", "order#2");
  }

  @Test
  void stringSortKeysAreOrderedByTheirUtf8Bytes() {
    QueryResponse response = query(strings, "pk = :p AND sk BETWEEN :lo AND :hi",
        values(":p", s("p"), ":lo", s("A"), ":hi", s("\u00ff")));

    assertThat(stringSortKeys(response)).containsExactly("B", "a", "aa", "invoice#1", "order#1", "order#10",
        "order#2", "z", "\u00e9");
  }

  @Test
  void keyConditionMayNameKeysThroughPlaceholdersAndParentheses() {
    QueryResponse response = query(numbers, "(#p = :p) AND (#s BETWEEN :lo AND :hi)",
        values(":p", s("p"), ":lo", n(1), ":hi", n(3)),
        r -> r.expressionAttributeNames(names("#p", "pk", "#s", "sk")));

    assertThat(numericSortKeys(response)).containsExactly(1, 2, 3);
  }

  @Test
  void anEmptyPartitionGivesNoItems() {
    QueryResponse response = query(numbers, "pk = :p", values(":p", s("nobody")));

    assertThat(response.items()).isEmpty();
    assertThat(response.count()).isZero();
    assertThat(response.hasLastEvaluatedKey()).isFalse();
  }

  @Test
  void scanIndexForwardFalseReturnsDescendingOrder() {
    QueryResponse response = query(numbers, "pk = :p AND sk <= :k", values(":p", s("p"), ":k", n(5)),
        r -> r.scanIndexForward(false));

    assertThat(numericSortKeys(response)).containsExactly(5, 4, 3, 2, 1);
  }

  // ---------------------------------------------------------------- Limit and paging

  @Test
  void limitStopsAfterThatManyItemsAndGivesTheLastKey() {
    QueryResponse response = query(numbers, "pk = :p", values(":p", s("p")), r -> r.limit(3));

    assertThat(numericSortKeys(response)).containsExactly(1, 2, 3);
    assertThat(response.lastEvaluatedKey()).isEqualTo(key("p", n(3)));
  }

  @Test
  void pagingWithExclusiveStartKeyVisitsEveryItemOnceInOrder() {
    for (boolean forward : new boolean[] {true, false}) {
      List<Integer> seen = new ArrayList<>();
      Map<String, AttributeValue> start = null;
      int pages = 0;
      do {
        Map<String, AttributeValue> exclusiveStart = start;
        QueryResponse page = query(numbers, "pk = :p", values(":p", s("p")),
            r -> r.limit(7).scanIndexForward(forward).exclusiveStartKey(exclusiveStart));
        assertThat(page.items()).hasSizeLessThanOrEqualTo(7);
        seen.addAll(numericSortKeys(page));
        start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
        pages++;
      } while (start != null && pages < 1000);

      List<Integer> expected = new ArrayList<>(range(1, ITEMS));
      if (!forward) {
        java.util.Collections.reverse(expected);
      }
      assertThat(seen).as("forward = %s", forward).isEqualTo(expected);
      assertThat(pages).isBetween(15, 16);
    }
  }

  @Test
  void pagingWorksWithASortKeyConditionToo() {
    List<Integer> seen = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    do {
      Map<String, AttributeValue> exclusiveStart = start;
      QueryResponse page = query(numbers, "pk = :p AND sk BETWEEN :lo AND :hi",
          values(":p", s("p"), ":lo", n(40), ":hi", n(60)), r -> r.limit(4).exclusiveStartKey(exclusiveStart));
      seen.addAll(numericSortKeys(page));
      start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
    } while (start != null);

    assertThat(seen).isEqualTo(range(40, 60));
  }

  // ---------------------------------------------------------------- filters and counts

  @Test
  void filterIsAppliedAfterLimitSoAPageMayHoldFewerItems() {
    QueryResponse response = query(numbers, "pk = :p", values(":p", s("p"), ":yes", bool(true)),
        r -> r.limit(5).filterExpression("even = :yes"));

    assertThat(numericSortKeys(response)).containsExactly(2, 4);
    assertThat(response.count()).isEqualTo(2);
    assertThat(response.scannedCount()).isEqualTo(5);
    assertThat(response.lastEvaluatedKey()).isEqualTo(key("p", n(5)));
  }

  @Test
  void filterThatMatchesNothingStillReportsTheScannedCountAndTheLastKey() {
    QueryResponse response = query(numbers, "pk = :p", values(":p", s("p"), ":x", s("nothing")),
        r -> r.limit(10).filterExpression("payload = :x"));

    assertThat(response.items()).isEmpty();
    assertThat(response.count()).isZero();
    assertThat(response.scannedCount()).isEqualTo(10);
    assertThat(response.lastEvaluatedKey()).isEqualTo(key("p", n(10)));
  }

  @Test
  void countAndScannedCountDifferWhenAFilterDropsItems() {
    QueryResponse response = query(numbers, "pk = :p", values(":p", s("p"), ":yes", bool(true)),
        r -> r.filterExpression("even = :yes"));

    assertThat(response.count()).isEqualTo(ITEMS / 2);
    assertThat(response.scannedCount()).isEqualTo(ITEMS);
  }

  @Test
  void selectCountGivesTheCountWithoutItems() {
    QueryResponse response = query(numbers, "pk = :p AND sk > :k", values(":p", s("p"), ":k", n(90)),
        r -> r.select(Select.COUNT));

    assertThat(response.count()).isEqualTo(10);
    assertThat(response.items()).isEmpty();
  }

  @Test
  void selectAllAttributesGivesWholeItems() {
    QueryResponse response = query(numbers, "pk = :p AND sk = :k", values(":p", s("p"), ":k", n(4)),
        r -> r.select(Select.ALL_ATTRIBUTES));

    assertThat(response.items()).containsExactly(
        item("pk", s("p"), "sk", n(4), "even", bool(true), "payload", s("item 4")));
  }

  @Test
  void selectSpecificAttributesGivesTheProjection() {
    QueryResponse response = query(numbers, "pk = :p AND sk = :k", values(":p", s("p"), ":k", n(4)),
        r -> r.select(Select.SPECIFIC_ATTRIBUTES).projectionExpression("payload"));

    assertThat(response.items()).containsExactly(item("payload", s("item 4")));
  }

  @Test
  void rejectsSelectThatContradictsTheProjection() {
    validationError(() -> query(numbers, "pk = :p", values(":p", s("p")),
        r -> r.select(Select.ALL_ATTRIBUTES).projectionExpression("payload")));
    validationError(() -> query(numbers, "pk = :p", values(":p", s("p")),
        r -> r.select(Select.COUNT).projectionExpression("payload")));
  }

  @Test
  void rejectsAllProjectedAttributesWithoutAnIndex() {
    validationError(() -> query(numbers, "pk = :p", values(":p", s("p")),
        r -> r.select(Select.ALL_PROJECTED_ATTRIBUTES)));
  }

  @Test
  void aPageStopsAtOneMegabyteOfData() {
    String table = hashRangeTable(ScalarAttributeType.N);
    String big = "x".repeat(300_000);
    for (int i = 0; i < 5; i++) {
      put(table, item("pk", s("p"), "sk", n(i), "blob", s(big)));
    }

    QueryResponse first = query(table, "pk = :p", values(":p", s("p")));

    assertThat(first.items()).hasSizeBetween(3, 4);
    assertThat(first.hasLastEvaluatedKey()).isTrue();
  }

  // ---------------------------------------------------------------- malformed queries

  @Test
  void rejectsAKeyConditionWithoutPartitionKeyEquality() {
    validationError(() -> query(numbers, "sk = :k", values(":k", n(1))));
    validationError(() -> query(numbers, "pk > :p", values(":p", s("p"))));
    validationError(() -> query(numbers, "begins_with(pk, :p)", values(":p", s("p"))));
  }

  @Test
  void rejectsSortKeyOperatorsThatKeyConditionsDoNotAllow() {
    validationError(() -> query(numbers, "pk = :p AND sk <> :k", values(":p", s("p"), ":k", n(1))));
    validationError(() -> query(numbers, "pk = :p AND sk IN (:k)", values(":p", s("p"), ":k", n(1))));
    validationError(() -> query(numbers, "pk = :p OR sk = :k", values(":p", s("p"), ":k", n(1))));
    validationError(() -> query(numbers, "pk = :p AND attribute_exists(sk)", values(":p", s("p"))));
  }

  @Test
  void rejectsAKeyConditionOnANonKeyAttribute() {
    validationError(() -> query(numbers, "pk = :p AND payload = :x", values(":p", s("p"), ":x", s("item 1"))));
  }

  @Test
  void rejectsAKeyConditionWithTwoConditionsOnOneKey() {
    validationError(() -> query(numbers, "pk = :p AND sk > :a AND sk < :b",
        values(":p", s("p"), ":a", n(1), ":b", n(5))));
  }

  @Test
  void rejectsAFilterOnAKeyAttribute() {
    validationError(() -> query(numbers, "pk = :p", values(":p", s("p"), ":k", n(1)),
        r -> r.filterExpression("sk = :k")));
  }

  @Test
  void rejectsAKeyValueOfTheWrongType() {
    validationError(() -> query(numbers, "pk = :p AND sk = :k", values(":p", s("p"), ":k", s("1"))));
  }

  @Test
  void rejectsALimitBelowOne() {
    validationError(() -> query(numbers, "pk = :p", values(":p", s("p")), r -> r.limit(0)));
  }
}
