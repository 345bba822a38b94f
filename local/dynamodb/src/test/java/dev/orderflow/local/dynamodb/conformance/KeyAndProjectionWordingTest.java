package dev.orderflow.local.dynamodb.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Wording that depends on where a key or a path is given: a batch put's item without its key, an
 * empty key value in a key and in an item, and which of several faults of a projection wins.
 *
 * <p>Sources: BatchWriteItem
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html), GetItem
 * and PutItem (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_GetItem.html,
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html), "Projection
 * expressions"
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ProjectionExpressions.html);
 * the messages are the ones real DynamoDB answers.
 */
class KeyAndProjectionWordingTest extends ConformanceSupport {

  @Test
  void aBatchPutWhoseItemLacksItsKeyDoesNotMatchTheSchema() {
    String table = hashRangeTable(ScalarAttributeType.S);
    for (Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item : List.of(
        item("pk", s("p")), item("pk", n(1), "sk", s("s")), item("other", s("x")))) {
      String message = validationError(() -> ddb.batchWriteItem(r -> r.requestItems(Map.of(table,
          List.of(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build())))));

      assertThat(message).as(item.toString()).isEqualTo("The provided key element does not match the schema");
    }
  }

  @Test
  void anEmptyKeyValueIsWordedForAKeyAndForAnItem() {
    String table = hashTable();

    assertThat(validationError(() -> ddb.getItem(r -> r.tableName(table).key(key(""))))).isEqualTo(
        "One or more parameter values were invalid: The AttributeValue for a key attribute cannot contain an empty "
            + "string value. Key: pk");
    assertThat(validationError(() -> ddb.putItem(r -> r.tableName(table).item(key(""))))).isEqualTo(
        "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty "
            + "string value. Key: pk");
  }

  @Test
  void aProjectionsReservedWordsComeBeforeItsNamesAndOverlapsBeforeConflicts() {
    String table = hashTable();

    assertThat(validationError(() -> ddb.getItem(r -> r.tableName(table).key(key("k"))
        .projectionExpression("#a, ABSoLUTE")))).isEqualTo(
            "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: ABSoLUTE");
    assertThat(validationError(() -> ddb.getItem(r -> r.tableName(table).key(key("k"))
        .projectionExpression("b[1], b.a, #a.b, a").expressionAttributeNames(names("#a", "a"))))).isEqualTo(
            "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of "
                + "these paths; path one: [a, b], path two: [a]");
  }
}
