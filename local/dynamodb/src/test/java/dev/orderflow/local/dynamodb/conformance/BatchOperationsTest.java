package dev.orderflow.local.dynamodb.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * BatchGetItem and BatchWriteItem, with their documented limits and their ConsumedCapacity (one
 * entry per table: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html,
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html; read and
 * write units as "Read/write capacity mode" counts them,
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html).
 */
class BatchOperationsTest extends ConformanceSupport {

  private static WriteRequest putRequest(Map<String, AttributeValue> item) {
    return WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
  }

  private static WriteRequest deleteRequest(Map<String, AttributeValue> key) {
    return WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key).build()).build();
  }

  private static List<Map<String, AttributeValue>> keys(int count) {
    return IntStream.range(0, count).mapToObj(i -> key("k" + i)).toList();
  }

  @Test
  void batchWritePutsAndDeletesAcrossTables() {
    String first = hashTable();
    String second = hashTable();
    put(first, item("pk", s("old"), "v", n(0)));

    BatchWriteItemResponse response = ddb.batchWriteItem(r -> r.requestItems(Map.of(
        first, List.of(putRequest(item("pk", s("a"), "v", n(1))), deleteRequest(key("old"))),
        second, List.of(putRequest(item("pk", s("b"), "v", n(2)))))));

    assertThat(response.unprocessedItems()).isEmpty();
    assertThat(get(first, key("a"))).isEqualTo(item("pk", s("a"), "v", n(1)));
    assertThat(get(first, key("old"))).isEmpty();
    assertThat(get(second, key("b"))).isEqualTo(item("pk", s("b"), "v", n(2)));
  }

  @Test
  void batchWriteAcceptsTwentyFiveRequests() {
    String table = hashTable();
    List<WriteRequest> writes = keys(25).stream().map(k -> putRequest(k)).toList();

    BatchWriteItemResponse response = ddb.batchWriteItem(r -> r.requestItems(Map.of(table, writes)));

    assertThat(response.unprocessedItems()).isEmpty();
    assertThat(ddb.scan(r -> r.tableName(table)).count()).isEqualTo(25);
  }

  @Test
  void rejectsMoreThanTwentyFiveWritesEvenAcrossTables() {
    String first = hashTable();
    String second = hashTable();
    List<WriteRequest> thirteen = keys(13).stream().map(k -> putRequest(k)).toList();

    validationError(() -> ddb.batchWriteItem(r -> r.requestItems(Map.of(first, thirteen, second, thirteen))));

    assertThat(ddb.scan(r -> r.tableName(first)).count()).isZero();
  }

  @Test
  void rejectsTwoWritesOfOneItemInABatch() {
    String table = hashTable();

    validationError(() -> ddb.batchWriteItem(r -> r.requestItems(Map.of(table,
        List.of(putRequest(item("pk", s("a"), "v", n(1))), putRequest(item("pk", s("a"), "v", n(2))))))));
    validationError(() -> ddb.batchWriteItem(r -> r.requestItems(Map.of(table,
        List.of(putRequest(item("pk", s("b"))), deleteRequest(key("b")), putRequest(item("pk", s("c"))))))));

    assertThat(ddb.scan(r -> r.tableName(table)).count()).as("nothing of a refused batch is written").isZero();
  }

  @Test
  void rejectsAWholeBatchWhenOneItemLacksItsKey() {
    String table = hashTable();

    validationError(() -> ddb.batchWriteItem(r -> r.requestItems(Map.of(table,
        List.of(putRequest(item("pk", s("fine"))), putRequest(item("other", s("no key"))))))));

    assertThat(get(table, key("fine"))).isEmpty();
  }

  @Test
  void rejectsAnEmptyBatchWrite() {
    String table = hashTable();

    validationError(() -> ddb.batchWriteItem(r -> r.requestItems(Map.of(table, List.of()))));
  }

  @Test
  void batchWriteToAMissingTableIsResourceNotFound() {
    failure("ResourceNotFoundException", () -> ddb.batchWriteItem(r -> r.requestItems(Map.of("no-such-table",
        List.of(putRequest(key("a")))))));
  }

  @Test
  void batchGetReturnsTheFoundItemsOfEveryTableAndLeavesOutMissingOnes() {
    String first = hashTable();
    String second = hashTable();
    put(first, item("pk", s("a"), "v", n(1), "w", s("x")));
    put(second, item("pk", s("b"), "v", n(2)));

    BatchGetItemResponse response = ddb.batchGetItem(r -> r.requestItems(Map.of(
        first, KeysAndAttributes.builder().keys(key("a"), key("missing")).projectionExpression("pk, v").build(),
        second, KeysAndAttributes.builder().keys(key("b")).consistentRead(true).build())));

    assertThat(response.unprocessedKeys()).isEmpty();
    assertThat(response.responses().get(first)).containsExactly(item("pk", s("a"), "v", n(1)));
    assertThat(response.responses().get(second)).containsExactly(item("pk", s("b"), "v", n(2)));
  }

  @Test
  void batchGetAcceptsOneHundredKeys() {
    String table = hashTable();
    for (Map<String, AttributeValue> k : keys(100)) {
      put(table, k);
    }

    BatchGetItemResponse response = ddb.batchGetItem(r -> r.requestItems(Map.of(table,
        KeysAndAttributes.builder().keys(keys(100)).build())));

    assertThat(response.responses().get(table)).hasSize(100);
    assertThat(response.unprocessedKeys()).isEmpty();
  }

  @Test
  void rejectsMoreThanOneHundredKeysEvenAcrossTables() {
    String first = hashTable();
    String second = hashTable();

    validationError(() -> ddb.batchGetItem(r -> r.requestItems(Map.of(
        first, KeysAndAttributes.builder().keys(keys(51)).build(),
        second, KeysAndAttributes.builder().keys(keys(50)).build()))));
  }

  @Test
  void rejectsTheSameKeyTwiceInABatchGet() {
    String table = hashTable();

    validationError(() -> ddb.batchGetItem(r -> r.requestItems(Map.of(table,
        KeysAndAttributes.builder().keys(key("a"), key("a")).build()))));
  }

  @Test
  void batchGetOfAMissingTableIsResourceNotFound() {
    failure("ResourceNotFoundException", () -> ddb.batchGetItem(r -> r.requestItems(Map.of("no-such-table",
        KeysAndAttributes.builder().keys(key("a")).build()))));
  }

  @Test
  void batchGetAnswersAtMostSixteenMegabytesAndReturnsTheRestAsUnprocessedKeys() {
    String table = hashTable();
    String big = "x".repeat(390_000);
    List<Map<String, AttributeValue>> all = keys(60);
    for (Map<String, AttributeValue> k : all) {
      put(table, item("pk", k.get("pk"), "blob", s(big)));
    }

    BatchGetItemResponse first = ddb.batchGetItem(r -> r.requestItems(Map.of(table,
        KeysAndAttributes.builder().keys(all).build())));

    List<Map<String, AttributeValue>> returned = first.responses().get(table);
    assertThat(first.unprocessedKeys()).containsKey(table);
    List<Map<String, AttributeValue>> unprocessed = first.unprocessedKeys().get(table).keys();
    assertThat(returned.size()).isLessThan(all.size());
    List<String> answered = new ArrayList<>();
    returned.forEach(i -> answered.add(i.get("pk").s()));
    unprocessed.forEach(k -> answered.add(k.get("pk").s()));
    assertThat(answered).containsExactlyInAnyOrderElementsOf(all.stream().map(k -> k.get("pk").s()).toList());
  }

  @Test
  void batchesReportTheCapacityOfEachTable() {
    String first = hashTable();
    String second = hashTable();
    BatchWriteItemResponse written = ddb.batchWriteItem(r -> r.returnConsumedCapacity("TOTAL").requestItems(Map.of(
        first, List.of(putRequest(item("pk", s("a"), "big", s("x".repeat(1500)))), putRequest(key("b"))),
        second, List.of(putRequest(key("c"))))));
    BatchGetItemResponse read = ddb.batchGetItem(r -> r.returnConsumedCapacity("INDEXES").requestItems(Map.of(
        first, KeysAndAttributes.builder().keys(key("a"), key("b"), key("missing")).build(),
        second, KeysAndAttributes.builder().keys(key("c")).consistentRead(true).build())));

    // Writes: 1 KB units, at least one per item. Reads: 4 KB units, at least one per key (a missing
    // item too), half of it for an eventually consistent read.
    assertThat(written.consumedCapacity()).extracting(c -> c.tableName() + "=" + c.capacityUnits())
        .containsExactlyInAnyOrder(first + "=3.0", second + "=1.0");
    assertThat(read.consumedCapacity()).extracting(c -> c.tableName() + "=" + c.capacityUnits() + "/" + c.table().capacityUnits())
        .containsExactlyInAnyOrder(first + "=1.5/1.5", second + "=1.0/1.0");
  }

  @Test
  void anEmptyProjectionOfABatchReadIsRefusedBeforeRepeatedKeys() {
    String message = validationError(() -> ddb.batchGetItem(r -> r.requestItems(Map.of("no-such-table",
        KeysAndAttributes.builder().keys(key("a"), key("a")).projectionExpression("").build()))));

    assertThat(message).isEqualTo("Invalid ProjectionExpression: The expression can not be empty;");
  }
}
