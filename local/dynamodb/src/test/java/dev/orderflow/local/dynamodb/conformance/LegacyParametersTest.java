package dev.orderflow.local.dynamodb.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeAction;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.AttributeValueUpdate;
import software.amazon.awssdk.services.dynamodb.model.ComparisonOperator;
import software.amazon.awssdk.services.dynamodb.model.Condition;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConditionalOperator;
import software.amazon.awssdk.services.dynamodb.model.ExpectedAttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The legacy conditional parameters (AttributesToGet, Expected, AttributeUpdates, KeyConditions,
 * QueryFilter, ScanFilter, ConditionalOperator), which DynamoDB still documents and serves, and
 * which older code still sends.
 */
class LegacyParametersTest extends ConformanceSupport {

  private static Condition condition(ComparisonOperator operator, AttributeValue... values) {
    return Condition.builder().comparisonOperator(operator).attributeValueList(values).build();
  }

  @Test
  void attributesToGetReturnsOnlyTheNamedAttributes() {
    String table = hashTable();
    put(table, item("pk", s("a"), "v", n(1), "w", n(2)));

    Map<String, AttributeValue> read = ddb.getItem(r -> r.tableName(table).key(key("a")).attributesToGet("v")).item();

    assertThat(read).isEqualTo(item("v", n(1)));
  }

  @Test
  void expectedGuardsAPutLikeAConditionExpression() {
    String table = hashTable();
    put(table, item("pk", s("a"), "v", n(1)));

    ddb.putItem(r -> r.tableName(table).item(item("pk", s("b"))).expected(Map.of("pk",
        ExpectedAttributeValue.builder().exists(false).build())));
    Throwable existing = org.assertj.core.api.Assertions.catchThrowable(() -> ddb.putItem(r -> r.tableName(table)
        .item(item("pk", s("a"))).expected(Map.of("pk", ExpectedAttributeValue.builder().exists(false).build()))));
    ddb.putItem(r -> r.tableName(table).item(item("pk", s("a"), "v", n(2))).expected(Map.of("v",
        ExpectedAttributeValue.builder().value(n(1)).build())));
    ddb.putItem(r -> r.tableName(table).item(item("pk", s("a"), "v", n(3))).expected(Map.of("v",
        ExpectedAttributeValue.builder().comparisonOperator(ComparisonOperator.GT).attributeValueList(n(1)).build())));

    assertThat(existing).isInstanceOf(ConditionalCheckFailedException.class);
    assertThat(get(table, key("b"))).isNotEmpty();
    assertThat(get(table, key("a")).get("v")).isEqualTo(n(3));
  }

  @Test
  void attributeUpdatesPutAddAndDelete() {
    String table = hashTable();
    put(table, item("pk", s("a"), "count", n(1), "gone", s("x"), "tags", ss("a", "b")));

    ddb.updateItem(r -> r.tableName(table).key(key("a")).attributeUpdates(Map.of(
        "title", AttributeValueUpdate.builder().action(AttributeAction.PUT).value(s("new")).build(),
        "count", AttributeValueUpdate.builder().action(AttributeAction.ADD).value(n(4)).build(),
        "gone", AttributeValueUpdate.builder().action(AttributeAction.DELETE).build(),
        "tags", AttributeValueUpdate.builder().action(AttributeAction.DELETE).value(ss("a")).build())));

    Map<String, AttributeValue> read = get(table, key("a"));
    assertThat(read.keySet()).containsExactlyInAnyOrder("pk", "title", "count", "tags");
    assertThat(read.get("title")).isEqualTo(s("new"));
    assertThat(read.get("count")).isEqualTo(n(5));
    assertThat(read.get("tags").ss()).containsExactly("b");
  }

  @Test
  void keyConditionsAndQueryFilterSelectItems() {
    String table = hashRangeTable(ScalarAttributeType.S);
    for (String sk : List.of("order#1", "order#2", "order#3", "invoice#1")) {
      put(table, item("pk", s("p"), "sk", s(sk), "open", bool(!sk.endsWith("2"))));
    }

    List<String> orders = ddb.query(r -> r.tableName(table).keyConditions(Map.of(
        "pk", condition(ComparisonOperator.EQ, s("p")),
        "sk", condition(ComparisonOperator.BEGINS_WITH, s("order#")))))
        .items().stream().map(i -> i.get("sk").s()).toList();
    List<String> openOrders = ddb.query(r -> r.tableName(table).keyConditions(Map.of(
        "pk", condition(ComparisonOperator.EQ, s("p")),
        "sk", condition(ComparisonOperator.BEGINS_WITH, s("order#"))))
        .queryFilter(Map.of("open", condition(ComparisonOperator.EQ, bool(true)))))
        .items().stream().map(i -> i.get("sk").s()).toList();

    assertThat(orders).containsExactly("order#1", "order#2", "order#3");
    assertThat(openOrders).containsExactly("order#1", "order#3");
  }

  @Test
  void scanFilterCombinesConditionsWithTheConditionalOperator() {
    String table = hashTable();
    put(table, item("pk", s("a"), "v", n(1)));
    put(table, item("pk", s("b"), "v", n(5)));
    put(table, item("pk", s("c"), "v", n(9)));

    int either = ddb.scan(r -> r.tableName(table).conditionalOperator(ConditionalOperator.OR).scanFilter(Map.of(
        "v", condition(ComparisonOperator.LT, n(2)),
        "pk", condition(ComparisonOperator.EQ, s("c"))))).count();
    int between = ddb.scan(r -> r.tableName(table).scanFilter(Map.of(
        "v", condition(ComparisonOperator.BETWEEN, n(2), n(9))))).count();

    assertThat(either).isEqualTo(2);
    assertThat(between).isEqualTo(2);
  }

  @Test
  void rejectsLegacyAndExpressionParametersInOneRequest() {
    String table = hashTable();

    validationError(() -> ddb.putItem(r -> r.tableName(table).item(key("a"))
        .expected(Map.of("pk", ExpectedAttributeValue.builder().exists(false).build()))
        .conditionExpression("attribute_not_exists(pk)")));
    validationError(() -> ddb.getItem(r -> r.tableName(table).key(key("a")).attributesToGet("pk")
        .projectionExpression("pk")));

    assertThat(get(table, key("a"))).isEmpty();
  }

  // Legacy parameters with expressions, and the size of a legacy IN
  // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.KeyConditions.html,
  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.ScanFilter.html):
  // real DynamoDB takes KeyConditions with a ProjectionExpression, and an IN of thousands of values.

  @Test
  void keyConditionsGoWithAProjectionExpression() {
    String table = hashTable();
    put(table, item("pk", s("a"), "v", n(1), "w", n(2)));

    var items = ddb.query(r -> r.tableName(table).projectionExpression("v")
        .keyConditions(java.util.Map.of("pk", condition(ComparisonOperator.EQ, s("a"))))).items();

    assertThat(items).containsExactly(item("v", n(1)));
  }

  @Test
  void aLegacyInTakesThousandsOfValuesBeyondTheExpressionLimits() {
    String table = hashTable();
    put(table, item("pk", s("a"), "v", s("v42")));
    AttributeValue[] values = java.util.stream.IntStream.range(0, 5000).mapToObj(i -> s("v" + i))
        .toArray(AttributeValue[]::new);

    var items = ddb.scan(r -> r.tableName(table)
        .scanFilter(java.util.Map.of("v", condition(ComparisonOperator.IN, values)))).items();

    assertThat(items).hasSize(1);
  }
}
