package dev.orderflow.local.dynamodb.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/** PutItem, GetItem, UpdateItem and DeleteItem, with every ReturnValues option. */
class ItemsTest extends ConformanceSupport {

  private static final Map<String, AttributeValue> EVERY_TYPE = item(
      "pk", s("all"),
      "str", s("text"),
      "num", n("42"),
      "bin", b(0, 1, 255),
      "yes", bool(true),
      "no", bool(false),
      "nothing", nul(),
      "list", l(s("x"), n("1"), l(bool(true))),
      "map", m("inner", s("v"), "deeper", m("n", n("7"))),
      "strings", ss("a", "b"),
      "numbers", ns("1", "2.5"),
      "binaries", bs(b(1), b(2)));

  @Test
  void putThenGetGivesBackEveryAttributeType() {
    String table = hashTable();

    put(table, EVERY_TYPE);

    Map<String, AttributeValue> read = get(table, key("all"));
    assertThat(read.keySet()).containsExactlyInAnyOrderElementsOf(EVERY_TYPE.keySet());
    assertThat(read.get("str")).isEqualTo(s("text"));
    assertThat(read.get("num")).isEqualTo(n("42"));
    assertThat(read.get("bin").b().asByteArray()).containsExactly(0, 1, 255);
    assertThat(read.get("yes").bool()).isTrue();
    assertThat(read.get("no").bool()).isFalse();
    assertThat(read.get("nothing").nul()).isTrue();
    assertThat(read.get("list")).isEqualTo(l(s("x"), n("1"), l(bool(true))));
    assertThat(read.get("map")).isEqualTo(m("inner", s("v"), "deeper", m("n", n("7"))));
    assertThat(read.get("strings").ss()).containsExactlyInAnyOrder("a", "b");
    assertThat(read.get("numbers").ns()).containsExactlyInAnyOrder("1", "2.5");
    assertThat(read.get("binaries").bs()).extracting(SdkBytes::asByteArray)
        .containsExactlyInAnyOrder(new byte[] {1}, new byte[] {2});
  }

  @Test
  void getOfAMissingItemAnswersNoItem() {
    String table = hashTable();

    GetItemResponse response = ddb.getItem(r -> r.tableName(table).key(key("missing")));

    assertThat(response.hasItem()).isFalse();
  }

  @Test
  void putReplacesTheWholeItem() {
    String table = hashTable();
    put(table, item("pk", s("a"), "old", s("1"), "kept", s("x")));

    put(table, item("pk", s("a"), "kept", s("y")));

    assertThat(get(table, key("a"))).isEqualTo(item("pk", s("a"), "kept", s("y")));
  }

  @Test
  void emptyStringsAndBinariesAreAllowedOutsideKeys() {
    String table = hashTable();

    put(table, item("pk", s("a"), "note", s(""), "blob", b()));

    Map<String, AttributeValue> read = get(table, key("a"));
    assertThat(read.get("note").s()).isEmpty();
    assertThat(read.get("blob").b().asByteArray()).isEmpty();
  }

  @Test
  void attributeNamesWithDotsAreLiteralNamesInItems() {
    String table = hashTable();
    put(table, item("pk", s("a"), "a.b", s("dotted"), "a", m("b", s("nested"))));

    Map<String, AttributeValue> dotted = ddb.getItem(r -> r.tableName(table).key(key("a"))
        .projectionExpression("#ab").expressionAttributeNames(names("#ab", "a.b"))).item();
    Map<String, AttributeValue> nested = ddb.getItem(r -> r.tableName(table).key(key("a"))
        .projectionExpression("a.b")).item();

    assertThat(dotted).isEqualTo(item("a.b", s("dotted")));
    assertThat(nested).isEqualTo(item("a", m("b", s("nested"))));
  }

  @Test
  void aTableArnServesAsTheTableName() {
    String table = hashTable();
    String arn = describe(table).tableArn();

    ddb.putItem(r -> r.tableName(arn).item(item("pk", s("a"), "v", n(1))));

    assertThat(ddb.getItem(r -> r.tableName(arn).key(key("a"))).item()).isEqualTo(item("pk", s("a"), "v", n(1)));
    assertThat(get(table, key("a"))).isEqualTo(item("pk", s("a"), "v", n(1)));
  }

  // ---------------------------------------------------------------- PutItem ReturnValues

  @Test
  void putWithReturnValuesAllOldGivesThePreviousItem() {
    String table = hashTable();
    put(table, item("pk", s("a"), "v", n(1)));

    PutItemResponse replaced = ddb.putItem(r -> r.tableName(table).item(item("pk", s("a"), "v", n(2)))
        .returnValues(ReturnValue.ALL_OLD));
    PutItemResponse created = ddb.putItem(r -> r.tableName(table).item(item("pk", s("b"), "v", n(3)))
        .returnValues(ReturnValue.ALL_OLD));

    assertThat(replaced.attributes()).isEqualTo(item("pk", s("a"), "v", n(1)));
    assertThat(created.hasAttributes()).as("no previous item, no attributes").isFalse();
  }

  @Test
  void putWithReturnValuesNoneGivesNoAttributes() {
    String table = hashTable();
    put(table, item("pk", s("a"), "v", n(1)));

    PutItemResponse response = ddb.putItem(r -> r.tableName(table).item(item("pk", s("a"), "v", n(2)))
        .returnValues(ReturnValue.NONE));

    assertThat(response.hasAttributes()).isFalse();
  }

  @Test
  void putRejectsReturnValuesOtherThanNoneAndAllOld() {
    String table = hashTable();

    for (ReturnValue option : new ReturnValue[] {ReturnValue.ALL_NEW, ReturnValue.UPDATED_OLD, ReturnValue.UPDATED_NEW}) {
      validationError(() -> ddb.putItem(r -> r.tableName(table).item(key("a")).returnValues(option)));
    }
    assertThat(get(table, key("a"))).isEmpty();
  }

  // ---------------------------------------------------------------- UpdateItem ReturnValues

  private UpdateItemResponse updateReturning(ReturnValue option) {
    String table = hashTable();
    put(table, item("pk", s("a"), "changed", n(1), "removed", s("gone"), "untouched", s("same")));
    return ddb.updateItem(r -> r.tableName(table).key(key("a"))
        .updateExpression("SET changed = :two, added = :new REMOVE removed")
        .expressionAttributeValues(values(":two", n(2), ":new", s("fresh")))
        .returnValues(option));
  }

  @Test
  void updateWithReturnValuesNoneGivesNoAttributes() {
    assertThat(updateReturning(ReturnValue.NONE).hasAttributes()).isFalse();
  }

  @Test
  void updateWithReturnValuesAllOldGivesTheWholeItemBefore() {
    assertThat(updateReturning(ReturnValue.ALL_OLD).attributes())
        .isEqualTo(item("pk", s("a"), "changed", n(1), "removed", s("gone"), "untouched", s("same")));
  }

  @Test
  void updateWithReturnValuesUpdatedOldGivesOnlyTheUpdatedAttributesBefore() {
    // "added" had no value before, so it has no old value to return.
    assertThat(updateReturning(ReturnValue.UPDATED_OLD).attributes())
        .isEqualTo(item("changed", n(1), "removed", s("gone")));
  }

  @Test
  void updateWithReturnValuesAllNewGivesTheWholeItemAfter() {
    assertThat(updateReturning(ReturnValue.ALL_NEW).attributes())
        .isEqualTo(item("pk", s("a"), "changed", n(2), "untouched", s("same"), "added", s("fresh")));
  }

  @Test
  void updateWithReturnValuesUpdatedNewGivesOnlyTheUpdatedAttributesAfter() {
    assertThat(updateReturning(ReturnValue.UPDATED_NEW).attributes())
        .isEqualTo(item("changed", n(2), "added", s("fresh")));
  }

  @Test
  void updatedOldAndUpdatedNewGiveOnlyTheNestedPathsThatChanged() {
    String table = hashTable();
    put(table, item("pk", s("a"), "doc", m("b", s("dog"), "c", l(n(1), n(2), n(3))), "d", s("cat")));

    UpdateItemResponse old = ddb.updateItem(r -> r.tableName(table).key(key("a"))
        .updateExpression("SET doc.b = :v, doc.c[1] = :n").expressionAttributeValues(values(":v", s("hi"), ":n", n(20)))
        .returnValues(ReturnValue.UPDATED_OLD));
    UpdateItemResponse updated = ddb.updateItem(r -> r.tableName(table).key(key("a"))
        .updateExpression("SET doc.b = :v").expressionAttributeValues(values(":v", s("yo")))
        .returnValues(ReturnValue.UPDATED_NEW));

    assertThat(old.attributes()).isEqualTo(item("doc", m("b", s("dog"), "c", l(n(2)))));
    assertThat(updated.attributes()).isEqualTo(item("doc", m("b", s("yo"))));
  }

  @Test
  void updatedNewOfACreatedItemLeavesOutTheKey() {
    String table = hashTable();

    UpdateItemResponse response = ddb.updateItem(r -> r.tableName(table).key(key("new"))
        .updateExpression("SET v = :v").expressionAttributeValues(values(":v", n(1)))
        .returnValues(ReturnValue.UPDATED_NEW));

    assertThat(response.attributes()).isEqualTo(item("v", n(1)));
  }

  @Test
  void updateCreatesTheItemWhenItIsMissing() {
    String table = hashTable();

    UpdateItemResponse response = ddb.updateItem(r -> r.tableName(table).key(key("new"))
        .updateExpression("SET v = :v").expressionAttributeValues(values(":v", s("x")))
        .returnValues(ReturnValue.ALL_NEW));

    assertThat(response.attributes()).isEqualTo(item("pk", s("new"), "v", s("x")));
    assertThat(get(table, key("new"))).isEqualTo(item("pk", s("new"), "v", s("x")));
  }

  @Test
  void updateWithoutAnExpressionCreatesAnItemWithOnlyItsKey() {
    String table = hashTable();

    ddb.updateItem(r -> r.tableName(table).key(key("bare")));

    assertThat(get(table, key("bare"))).isEqualTo(key("bare"));
  }

  // ---------------------------------------------------------------- DeleteItem

  @Test
  void deleteWithReturnValuesAllOldGivesTheDeletedItem() {
    String table = hashTable();
    put(table, item("pk", s("a"), "v", n(1)));

    var response = ddb.deleteItem(r -> r.tableName(table).key(key("a")).returnValues(ReturnValue.ALL_OLD));

    assertThat(response.attributes()).isEqualTo(item("pk", s("a"), "v", n(1)));
    assertThat(get(table, key("a"))).isEmpty();
  }

  @Test
  void deleteOfAMissingItemSucceedsWithNoAttributes() {
    String table = hashTable();

    var response = ddb.deleteItem(r -> r.tableName(table).key(key("missing")).returnValues(ReturnValue.ALL_OLD));

    assertThat(response.hasAttributes()).isFalse();
  }

  @Test
  void deleteRejectsReturnValuesOtherThanNoneAndAllOld() {
    String table = hashTable();
    put(table, item("pk", s("a")));

    validationError(() -> ddb.deleteItem(r -> r.tableName(table).key(key("a")).returnValues(ReturnValue.ALL_NEW)));
    assertThat(get(table, key("a"))).isNotEmpty();
  }

  // ---------------------------------------------------------------- failed conditions

  @Test
  void failedPutConditionWithReturnValuesOnConditionCheckFailureGivesTheItemInTheException() {
    String table = hashTable();
    put(table, item("pk", s("a"), "v", n(1)));

    DynamoDbException e = failure("ConditionalCheckFailedException", () -> ddb.putItem(r -> r.tableName(table)
        .item(item("pk", s("a"), "v", n(2)))
        .conditionExpression("attribute_not_exists(pk)")
        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));

    assertThat(e).isInstanceOf(ConditionalCheckFailedException.class);
    assertThat(((ConditionalCheckFailedException) e).item()).isEqualTo(item("pk", s("a"), "v", n(1)));
    assertThat(get(table, key("a"))).isEqualTo(item("pk", s("a"), "v", n(1)));
  }

  @Test
  void failedUpdateConditionWithReturnValuesOnConditionCheckFailureGivesTheItemInTheException() {
    String table = hashTable();
    put(table, item("pk", s("a"), "v", n(1)));

    DynamoDbException e = failure("ConditionalCheckFailedException", () -> ddb.updateItem(r -> r.tableName(table)
        .key(key("a")).updateExpression("SET v = :new").conditionExpression("v = :expected")
        .expressionAttributeValues(values(":new", n(3), ":expected", n(2)))
        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));

    assertThat(((ConditionalCheckFailedException) e).item()).isEqualTo(item("pk", s("a"), "v", n(1)));
  }

  @Test
  void failedDeleteConditionWithReturnValuesOnConditionCheckFailureGivesTheItemInTheException() {
    String table = hashTable();
    put(table, item("pk", s("a"), "v", n(1)));

    DynamoDbException e = failure("ConditionalCheckFailedException", () -> ddb.deleteItem(r -> r.tableName(table)
        .key(key("a")).conditionExpression("v = :expected").expressionAttributeValues(values(":expected", n(2)))
        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));

    assertThat(((ConditionalCheckFailedException) e).item()).isEqualTo(item("pk", s("a"), "v", n(1)));
    assertThat(get(table, key("a"))).isNotEmpty();
  }

  @Test
  void failedConditionWithoutReturnValuesOnConditionCheckFailureCarriesNoItem() {
    String table = hashTable();
    put(table, item("pk", s("a"), "v", n(1)));

    DynamoDbException e = failure("ConditionalCheckFailedException", () -> ddb.putItem(r -> r.tableName(table)
        .item(item("pk", s("a"))).conditionExpression("attribute_not_exists(pk)")));

    assertThat(((ConditionalCheckFailedException) e).hasItem()).isFalse();
  }

  @Test
  void failedConditionOnAMissingItemCarriesNoItemEvenWhenAsked() {
    String table = hashTable();

    DynamoDbException e = failure("ConditionalCheckFailedException", () -> ddb.updateItem(r -> r.tableName(table)
        .key(key("missing")).updateExpression("SET v = :v").conditionExpression("attribute_exists(pk)")
        .expressionAttributeValues(values(":v", n(1)))
        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));

    assertThat(((ConditionalCheckFailedException) e).hasItem()).isFalse();
    assertThat(get(table, key("missing"))).isEmpty();
  }

  // ---------------------------------------------------------------- consumed capacity

  @Test
  void reportsConsumedCapacityWhenAsked() {
    String table = hashTable();

    ConsumedCapacity write = ddb.putItem(r -> r.tableName(table).item(item("pk", s("a"), "v", s("small")))
        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity();
    ConsumedCapacity strongRead = ddb.getItem(r -> r.tableName(table).key(key("a")).consistentRead(true)
        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity();
    ConsumedCapacity eventualRead = ddb.getItem(r -> r.tableName(table).key(key("a"))
        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity();
    ConsumedCapacity notAsked = ddb.getItem(r -> r.tableName(table).key(key("a"))).consumedCapacity();

    // An item under 1 KB costs one write unit; under 4 KB one read unit, half if eventually consistent.
    assertThat(write.tableName()).isEqualTo(table);
    assertThat(write.capacityUnits()).isEqualTo(1.0);
    assertThat(strongRead.capacityUnits()).isEqualTo(1.0);
    assertThat(eventualRead.capacityUnits()).isEqualTo(0.5);
    assertThat(notAsked).isNull();
  }
}
