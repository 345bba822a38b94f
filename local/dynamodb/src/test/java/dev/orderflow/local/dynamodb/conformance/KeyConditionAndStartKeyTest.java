package dev.orderflow.local.dynamodb.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ComparisonOperator;
import software.amazon.awssdk.services.dynamodb.model.Condition;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * A query's key condition and a read's ExclusiveStartKey, checked in DynamoDB's order and
 * wording: the key condition's shape before any table is looked up, its key attributes after;
 * the start key element by element, in stages around the key condition; a start key outside the
 * key condition.
 *
 * <p>Sources: KeyConditionExpression and ExclusiveStartKey in
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html, ExclusiveStartKey
 * and Segment in https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Scan.html,
 * "Key condition expressions for query"
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.KeyConditionExpressions.html),
 * KeyConditions in
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.KeyConditions.html;
 * the messages are the ones real DynamoDB answers.
 */
class KeyConditionAndStartKeyTest extends ConformanceSupport {

  private static final String MISSING_TABLE = "no-such-table";
  private static final String INVALID = "The provided starting key is invalid";
  private static final String MISMATCH = "The provided key element does not match the schema";

  /** See {@link ConformanceSupport#tableWithBothIndexes()}. */
  private String table;

  @BeforeAll
  void createIndexedTable() {
    table = tableWithBothIndexes();
  }

  private String queryError(String tableName, String keyCondition, Map<String, AttributeValue> values,
      Consumer<QueryRequest.Builder> more) {
    return validationError(() -> ddb.query(r -> {
      r.tableName(tableName).keyConditionExpression(keyCondition);
      if (!values.isEmpty()) {
        r.expressionAttributeValues(values);
      }
      more.accept(r);
    }));
  }

  private String queryError(Map<String, AttributeValue> start, String keyCondition, Map<String, AttributeValue> values,
      String index) {
    return queryError(table, keyCondition, values, r -> {
      r.exclusiveStartKey(start);
      if (index != null) {
        r.indexName(index);
      }
    });
  }

  private String scanError(Map<String, AttributeValue> start, String index) {
    return validationError(() -> ddb.scan(r -> {
      r.tableName(table).exclusiveStartKey(start);
      if (index != null) {
        r.indexName(index);
      }
    }));
  }

  // ---------------------------------------------------------------- the key condition's shape

  static Stream<Arguments> malformedKeyConditions() {
    return Stream.of(
        Arguments.of("a = :a OR b = :a", "Invalid operator used in KeyConditionExpression: OR"),
        Arguments.of("attribute_exists(a) AND a = :a", "Invalid operator used in KeyConditionExpression: attribute_exists"),
        Arguments.of("size(b) > a AND a = :a", "KeyConditionExpressions cannot contain nested operations"),
        Arguments.of("a between b and size(a) AND a = :a",
            "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition"),
        Arguments.of("b > a.b AND a = :a",
            "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition"),
        Arguments.of("a.d > c AND a = :a", "KeyConditionExpressions cannot have conditions on nested attributes"),
        Arguments.of("begins_with(:a, b)",
            "Invalid condition in KeyConditionExpression: begins_with operator must have the key attribute as its first operand"),
        Arguments.of(":a > :a AND a < :a", "Invalid condition in KeyConditionExpression: No key attribute specified"),
        Arguments.of("b > :a AND b < :a AND c = :a", "KeyConditionExpressions must only contain one condition per key"),
        Arguments.of("a = :a AND b = :a AND c = :a", "Conditions can be of length 1 or 2 only"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedKeyConditions")
  void theShapeOfAKeyConditionIsCheckedBeforeTheTableIsLookedUp(String keyCondition, String message) {
    assertThat(queryError(MISSING_TABLE, keyCondition, values(":a", s("x")), r -> { })).isEqualTo(message);
  }

  @Test
  void theKeyConditionIsValidatedBeforeTheFilterExpression() {
    // The key condition's operand types come first, even before an empty filter.
    String message = queryError(MISSING_TABLE, "attribute_type(a, :a)", values(":a", n(1)),
        r -> r.filterExpression(""));

    assertThat(message).startsWith("Invalid KeyConditionExpression: Incorrect operand type for operator or function; "
        + "operator or function: attribute_type, operand type:");
  }

  @Test
  void keyConditionsThatNameNoPartitionKeyAreUnsupportedOrMissIt() {
    Map<String, AttributeValue> one = values(":a", s("x"));

    assertThat(queryError(table, "y = :a AND z = :a", one, r -> { })).isEqualTo("Query key condition not supported");
    assertThat(queryError(table, "z = :a", one, r -> { }))
        .isEqualTo("Query condition missed key schema element: pk");
    assertThat(queryError(table, ":a > pk", values(":a", s("x")), r -> { })).isEqualTo("Query key condition not supported");
    // A value of the wrong type is refused before the operator.
    assertThat(queryError(table, ":a > pk", values(":a", n(1)), r -> { }))
        .isEqualTo("One or more parameter values were invalid: Condition parameter type does not match schema type");
  }

  @Test
  void aLegacyKeyConditionWithAnOperatorNoIndexServesIsNotIndexable() {
    for (ComparisonOperator operator : List.of(ComparisonOperator.NULL, ComparisonOperator.NE,
        ComparisonOperator.CONTAINS, ComparisonOperator.IN)) {
      Condition.Builder condition = Condition.builder().comparisonOperator(operator);
      if (operator != ComparisonOperator.NULL) {
        condition.attributeValueList(s("x"));
      }
      Condition onSortKey = condition.build();
      String message = validationError(() -> ddb.query(QueryRequest.builder().tableName(table)
          .keyConditions(Map.of("pk", Condition.builder().comparisonOperator(ComparisonOperator.EQ)
              .attributeValueList(s("p")).build(), "sk", onSortKey)).build()));

      assertThat(message).as(operator.toString())
          .isEqualTo("Attempted conditional constraint is not an indexable operation");
    }
  }

  // ---------------------------------------------------------------- ExclusiveStartKey of a query

  @Test
  void aQueryStartKeyWithTheWrongNumberOfAttributesIsInvalidBeforeTheKeyConditionIsMatched() {
    String message = queryError(item("pk", s("p")), "z = :a", values(":a", s("x")), null);

    assertThat(message).isEqualTo(INVALID);
  }

  @Test
  void aQueryStartKeyWithAPartitionKeyOfTheWrongTypeDoesNotMatchTheSchema() {
    String message = queryError(item("pk", n(1), "zz", s("x")), "z = :a", values(":a", s("x")), null);

    assertThat(message).isEqualTo(MISMATCH);
  }

  @Test
  void aQueryStartKeysSortKeyIsCheckedAfterTheKeyCondition() {
    Map<String, AttributeValue> wrongSortType = item("pk", s("p"), "sk", n(1));

    assertThat(queryError(wrongSortType, "z = :a", values(":a", s("x")), null))
        .isEqualTo("Query condition missed key schema element: pk");
    assertThat(queryError(wrongSortType, "pk = :a", values(":a", s("x")), null)).isEqualTo(MISMATCH);
    assertThat(queryError(item("pk", s("p"), "zz", s("x")), "pk = :a", values(":a", s("x")), null))
        .isEqualTo(INVALID);
  }

  @Test
  void onAnIndexTheTablesOwnKeyAttributesAreCheckedLastWithAPrefix() {
    Map<String, AttributeValue> start = item("pk", s("p"), "sk", n(1), "ls", s("l"));

    assertThat(queryError(start, "pk = :a", values(":a", s("p")), "byLocal")).isEqualTo(INVALID + ": " + MISMATCH);
    assertThat(queryError(item("pk", s("p"), "sk", s("s"), "ls", n(1)), "pk = :a", values(":a", s("p")), "byLocal"))
        .isEqualTo(MISMATCH);
    assertThat(queryError(item("x", s("p"), "y", s("s"), "gs", s("g")), "gs = :a", values(":a", s("g")), "byGlobal"))
        .isEqualTo(INVALID + ": " + MISMATCH);
  }

  @Test
  void aQueryStartKeyOutsideTheSortKeyConditionDoesNotMatchThePredicate() {
    Map<String, AttributeValue> start = item("pk", s("other"), "sk", s("a"));

    assertThat(queryError(start, "pk = :p AND sk > :s", values(":p", s("p"), ":s", s("b")), null))
        .isEqualTo("The provided starting key does not match the range key predicate");
    assertThat(queryError(start, "pk = :p AND sk < :s", values(":p", s("p"), ":s", s("b")), null))
        .isEqualTo("The query can return at most one row and cannot be restarted");
    assertThat(queryError(start, "pk = :p", values(":p", s("p")), null))
        .isEqualTo("The provided starting key is outside query boundaries based on provided conditions");
  }

  // ---------------------------------------------------------------- ExclusiveStartKey of a scan

  @Test
  void aScanStartKeyOfATableHasOneRefusalForEveryFault() {
    for (Map<String, AttributeValue> start : List.of(item("pk", s("p")), item("pk", n(1), "sk", s("s")),
        item("pk", s("p"), "zz", s("s")), item("pk", s("p"), "sk", s("s"), "zz", s("z")))) {
      assertThat(scanError(start, null)).as(start.toString()).isEqualTo(INVALID + ": " + MISMATCH);
    }
  }

  @Test
  void aScanStartKeyOfAnIndexIsCheckedLikeAQuerys() {
    assertThat(scanError(item("pk", s("p")), "byLocal")).isEqualTo(INVALID);
    assertThat(scanError(item("pk", s("p"), "sk", s("s"), "ls", n(1)), "byLocal")).isEqualTo(MISMATCH);
    assertThat(scanError(item("pk", s("p"), "sk", n(1), "ls", s("l")), "byLocal")).isEqualTo(INVALID + ": " + MISMATCH);
    assertThat(scanError(item("pk", s("p"), "sk", s("s"), "zz", s("g")), "byGlobal")).isEqualTo(INVALID);
  }

  @Test
  void aScanStartKeyFromAnotherSegmentNamesTheSegment() {
    for (int i = 0; i < 20; i++) {
      put(table, item("pk", s("p" + i), "sk", s("s")));
    }
    Map<String, AttributeValue> fromSegmentOne = ddb.scan(ScanRequest.builder().tableName(table).segment(1)
        .totalSegments(2).limit(1).build()).items().get(0);

    String message = validationError(() -> ddb.scan(r -> r.tableName(table).segment(0).totalSegments(2)
        .exclusiveStartKey(Map.of("pk", fromSegmentOne.get("pk"), "sk", fromSegmentOne.get("sk")))));

    assertThat(message).isEqualTo(INVALID + ": Invalid ExclusiveStartKey. Please use ExclusiveStartKey with correct "
        + "Segment. TotalSegments: 2 Segment: 0");
  }
}
