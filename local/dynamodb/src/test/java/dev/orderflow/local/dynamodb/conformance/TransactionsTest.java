package dev.orderflow.local.dynamodb.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.Get;
import software.amazon.awssdk.services.dynamodb.model.ItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/** TransactWriteItems and TransactGetItems. */
class TransactionsTest extends ConformanceSupport {

  private static TransactWriteItem putAction(String table, Map<String, AttributeValue> item) {
    return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).build()).build();
  }

  private static TransactWriteItem incrementAction(String table, String pk) {
    return TransactWriteItem.builder().update(Update.builder().tableName(table).key(key(pk))
        .updateExpression("ADD v :one").expressionAttributeValues(values(":one", n(1))).build()).build();
  }

  private static TransactWriteItem deleteAction(String table, String pk) {
    return TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(key(pk)).build()).build();
  }

  private static TransactWriteItem checkAction(String table, String pk, String condition) {
    return TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table).key(key(pk))
        .conditionExpression(condition).build()).build();
  }

  private static TransactGetItem getOf(String table, String pk) {
    return TransactGetItem.builder().get(Get.builder().tableName(table).key(key(pk)).build()).build();
  }

  @Test
  void appliesEveryActionTogether() {
    String orders = hashTable();
    String stock = hashTable();
    put(orders, item("pk", s("existing"), "v", n(1)));
    put(orders, item("pk", s("doomed")));
    put(stock, item("pk", s("guard")));

    ddb.transactWriteItems(r -> r.transactItems(
        putAction(orders, item("pk", s("new"), "v", n(7))),
        incrementAction(orders, "existing"),
        deleteAction(orders, "doomed"),
        checkAction(stock, "guard", "attribute_exists(pk)")));

    assertThat(get(orders, key("new"))).isEqualTo(item("pk", s("new"), "v", n(7)));
    assertThat(get(orders, key("existing")).get("v")).isEqualTo(n(2));
    assertThat(get(orders, key("doomed"))).isEmpty();
    assertThat(get(stock, key("guard"))).isEqualTo(key("guard"));
  }

  @Test
  void oneFailedConditionCancelsEverythingWithAReasonPerActionInOrder() {
    String table = hashTable();
    put(table, item("pk", s("existing"), "v", n(1)));
    put(table, item("pk", s("doomed")));

    DynamoDbException e = failure("TransactionCanceledException", () -> ddb.transactWriteItems(r -> r.transactItems(
        putAction(table, item("pk", s("new"))),
        incrementAction(table, "existing"),
        checkAction(table, "absent", "attribute_exists(pk)"),
        deleteAction(table, "doomed"))));

    assertThat(e).isInstanceOf(TransactionCanceledException.class);
    List<CancellationReason> reasons = ((TransactionCanceledException) e).cancellationReasons();
    assertThat(reasons).extracting(CancellationReason::code)
        .containsExactly("None", "None", "ConditionalCheckFailed", "None");
    assertThat(e.awsErrorDetails().errorMessage()).contains("ConditionalCheckFailed");
    assertThat(get(table, key("new"))).isEmpty();
    assertThat(get(table, key("existing")).get("v")).isEqualTo(n(1));
    assertThat(get(table, key("doomed"))).isNotEmpty();
  }

  @Test
  void everyFailedConditionIsReported() {
    String table = hashTable();
    put(table, item("pk", s("a"), "v", n(1)));

    DynamoDbException e = failure("TransactionCanceledException", () -> ddb.transactWriteItems(r -> r.transactItems(
        TransactWriteItem.builder().put(Put.builder().tableName(table).item(item("pk", s("a"), "v", n(2)))
            .conditionExpression("attribute_not_exists(pk)").build()).build(),
        checkAction(table, "b", "attribute_exists(pk)"))));

    assertThat(((TransactionCanceledException) e).cancellationReasons()).extracting(CancellationReason::code)
        .containsExactly("ConditionalCheckFailed", "ConditionalCheckFailed");
  }

  @Test
  void aCancellationReasonCarriesTheItemWhenAsked() {
    String table = hashTable();
    put(table, item("pk", s("a"), "v", n(1)));

    DynamoDbException e = failure("TransactionCanceledException", () -> ddb.transactWriteItems(r -> r.transactItems(
        putAction(table, item("pk", s("b"))),
        TransactWriteItem.builder().update(Update.builder().tableName(table).key(key("a"))
            .updateExpression("SET v = :two").conditionExpression("v = :zero")
            .expressionAttributeValues(values(":two", n(2), ":zero", n(0)))
            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build()).build())));

    List<CancellationReason> reasons = ((TransactionCanceledException) e).cancellationReasons();
    assertThat(reasons.get(0).code()).isEqualTo("None");
    assertThat(reasons.get(0).hasItem()).isFalse();
    assertThat(reasons.get(1).code()).isEqualTo("ConditionalCheckFailed");
    assertThat(reasons.get(1).item()).isEqualTo(item("pk", s("a"), "v", n(1)));
  }

  @Test
  void rejectsTwoActionsOnOneItem() {
    String table = hashTable();
    put(table, item("pk", s("a"), "v", n(1)));

    validationError(() -> ddb.transactWriteItems(r -> r.transactItems(
        checkAction(table, "a", "attribute_exists(pk)"),
        incrementAction(table, "a"))));

    assertThat(get(table, key("a")).get("v")).isEqualTo(n(1));
  }

  @Test
  void acceptsOneHundredActionsAndRejectsMore() {
    String table = hashTable();
    List<TransactWriteItem> hundred = IntStream.range(0, 100).mapToObj(i -> putAction(table, key("k" + i))).toList();
    List<TransactWriteItem> hundredAndOne = IntStream.range(0, 101).mapToObj(i -> putAction(table, key("m" + i))).toList();

    ddb.transactWriteItems(r -> r.transactItems(hundred));
    validationError(() -> ddb.transactWriteItems(r -> r.transactItems(hundredAndOne)));

    assertThat(ddb.scan(r -> r.tableName(table)).count()).isEqualTo(100);
  }

  @Test
  void rejectsATransactionOfMoreThanFourMegabytes() {
    String table = hashTable();
    String big = "x".repeat(390_000);
    List<TransactWriteItem> eleven = IntStream.range(0, 11)
        .mapToObj(i -> putAction(table, item("pk", s("k" + i), "v", s(big)))).toList();

    validationError(() -> ddb.transactWriteItems(r -> r.transactItems(eleven)));

    assertThat(ddb.scan(r -> r.tableName(table)).count()).isZero();
  }

  @Test
  void rejectsAnEmptyTransaction() {
    validationError(() -> ddb.transactWriteItems(r -> r.transactItems(List.of())));
  }

  @Test
  void aValidationErrorInOneActionRejectsTheWholeTransaction() {
    String table = hashTable();

    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> ddb.transactWriteItems(r -> r.transactItems(
        putAction(table, item("pk", s("fine"))),
        putAction(table, item("pk", n(1))))));

    assertThat(thrown).isInstanceOf(DynamoDbException.class);
    assertThat(((DynamoDbException) thrown).statusCode()).isEqualTo(400);
    assertThat(get(table, key("fine"))).isEmpty();
  }

  @Test
  void aTransactionOnAMissingTableIsResourceNotFound() {
    failure("ResourceNotFoundException", () -> ddb.transactWriteItems(r -> r.transactItems(
        putAction("no-such-table", key("a")))));
  }

  @Test
  void aRepeatedClientRequestTokenAppliesTheTransactionOnce() {
    String table = hashTable();
    put(table, item("pk", s("counter"), "v", n(0)));

    ddb.transactWriteItems(r -> r.clientRequestToken("token-1").transactItems(incrementAction(table, "counter")));
    ddb.transactWriteItems(r -> r.clientRequestToken("token-1").transactItems(incrementAction(table, "counter")));

    assertThat(get(table, key("counter")).get("v")).isEqualTo(n(1));
  }

  @Test
  void aClientRequestTokenReusedForAnotherRequestIsRefused() {
    String table = hashTable();
    ddb.transactWriteItems(r -> r.clientRequestToken("token-2").transactItems(incrementAction(table, "a")));

    failure("IdempotentParameterMismatchException",
        () -> ddb.transactWriteItems(r -> r.clientRequestToken("token-2").transactItems(incrementAction(table, "b"))));

    assertThat(get(table, key("b"))).isEmpty();
  }

  @Test
  void transactGetReturnsTheItemsInRequestOrderWithEmptyResponsesForMissingOnes() {
    String first = hashTable();
    String second = hashTable();
    put(first, item("pk", s("a"), "v", n(1), "w", n(9)));
    put(second, item("pk", s("b"), "v", n(2)));

    List<ItemResponse> responses = ddb.transactGetItems(r -> r.transactItems(
        getOf(second, "b"),
        getOf(first, "missing"),
        TransactGetItem.builder().get(Get.builder().tableName(first).key(key("a")).projectionExpression("v").build())
            .build())).responses();

    assertThat(responses).hasSize(3);
    assertThat(responses.get(0).item()).isEqualTo(item("pk", s("b"), "v", n(2)));
    assertThat(responses.get(1).hasItem()).isFalse();
    assertThat(responses.get(2).item()).isEqualTo(item("v", n(1)));
  }

  @Test
  void rejectsMoreThanOneHundredGets() {
    String table = hashTable();
    List<TransactGetItem> gets = IntStream.range(0, 101).mapToObj(i -> getOf(table, "k" + i)).toList();

    validationError(() -> ddb.transactGetItems(r -> r.transactItems(gets)));
  }
}
