package dev.orderflow.local.dynamodb.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.ListStreamsResponse;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.model.StreamStatus;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * DynamoDB Streams: ListStreams, DescribeStream, every shard iterator type, GetRecords, the four
 * view types, record order and sequence numbers, and no record for writes that change nothing.
 */
class StreamsTest extends ConformanceSupport {

  /** INSERT a, MODIFY a, REMOVE a on a fresh table with the view type; answers the three records. */
  private List<StreamRecord> insertModifyRemove(StreamViewType viewType) {
    String table = hashTableWithStream(viewType);
    put(table, item("pk", s("a"), "v", n(1)));
    put(table, item("pk", s("a"), "v", n(2)));
    ddb.deleteItem(r -> r.tableName(table).key(key("a")));
    List<Record> records = awaitRecords(streamArn(table), 3);
    assertThat(records).extracting(Record::eventName)
        .containsExactly(OperationType.INSERT, OperationType.MODIFY, OperationType.REMOVE);
    assertThat(records).allSatisfy(r -> assertThat(r.dynamodb().streamViewType()).isEqualTo(viewType));
    return records.stream().map(Record::dynamodb).toList();
  }

  @Test
  void listStreamsAndDescribeStreamShowTheTableStream() {
    String table = hashTableWithStream(StreamViewType.NEW_AND_OLD_IMAGES);
    String arn = streamArn(table);

    ListStreamsResponse forTable = streams.listStreams(r -> r.tableName(table));
    ListStreamsResponse all = streams.listStreams(r -> r.limit(100));
    StreamDescription description = streams.describeStream(r -> r.streamArn(arn)).streamDescription();

    assertThat(forTable.streams()).hasSize(1);
    assertThat(forTable.streams().get(0).streamArn()).isEqualTo(arn);
    assertThat(forTable.streams().get(0).tableName()).isEqualTo(table);
    assertThat(forTable.streams().get(0).streamLabel()).isEqualTo(describe(table).latestStreamLabel());
    assertThat(all.streams()).anySatisfy(s -> assertThat(s.streamArn()).isEqualTo(arn));
    assertThat(description.streamArn()).isEqualTo(arn);
    assertThat(description.streamStatus()).isEqualTo(StreamStatus.ENABLED);
    assertThat(description.streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
    assertThat(description.tableName()).isEqualTo(table);
    assertThat(description.keySchema()).containsExactly(hashKey("pk"));
    assertThat(description.shards()).isNotEmpty();
    assertThat(description.shards()).allSatisfy(s -> {
      assertThat(s.shardId()).isNotBlank();
      assertThat(s.sequenceNumberRange().startingSequenceNumber()).isNotBlank();
    });
  }

  @Test
  void aTableWithoutAStreamListsNone() {
    String table = hashTable();

    assertThat(streams.listStreams(r -> r.tableName(table)).streams()).isEmpty();
  }

  @Test
  void describingAnUnknownStreamIsResourceNotFound() {
    String arn = streamArn(hashTableWithStream(StreamViewType.KEYS_ONLY));
    String unknown = arn.substring(0, arn.lastIndexOf('/') + 1) + "2000-01-01T00:00:00.000";

    failure("ResourceNotFoundException", () -> streams.describeStream(r -> r.streamArn(unknown)));
  }

  // ---------------------------------------------------------------- view types

  @Test
  void keysOnlyRecordsCarryTheKeysAndNoImages() {
    List<StreamRecord> records = insertModifyRemove(StreamViewType.KEYS_ONLY);

    assertThat(records).allSatisfy(r -> {
      assertThat(r.keys()).isEqualTo(key("a"));
      assertThat(r.hasNewImage()).isFalse();
      assertThat(r.hasOldImage()).isFalse();
    });
  }

  @Test
  void newImageRecordsCarryTheItemAfterTheWrite() {
    List<StreamRecord> records = insertModifyRemove(StreamViewType.NEW_IMAGE);

    assertThat(records.get(0).newImage()).isEqualTo(item("pk", s("a"), "v", n(1)));
    assertThat(records.get(1).newImage()).isEqualTo(item("pk", s("a"), "v", n(2)));
    assertThat(records.get(2).hasNewImage()).isFalse();
    assertThat(records).allSatisfy(r -> assertThat(r.hasOldImage()).isFalse());
    assertThat(records).allSatisfy(r -> assertThat(r.keys()).isEqualTo(key("a")));
  }

  @Test
  void oldImageRecordsCarryTheItemBeforeTheWrite() {
    List<StreamRecord> records = insertModifyRemove(StreamViewType.OLD_IMAGE);

    assertThat(records.get(0).hasOldImage()).isFalse();
    assertThat(records.get(1).oldImage()).isEqualTo(item("pk", s("a"), "v", n(1)));
    assertThat(records.get(2).oldImage()).isEqualTo(item("pk", s("a"), "v", n(2)));
    assertThat(records).allSatisfy(r -> assertThat(r.hasNewImage()).isFalse());
  }

  @Test
  void newAndOldImageRecordsCarryBoth() {
    List<StreamRecord> records = insertModifyRemove(StreamViewType.NEW_AND_OLD_IMAGES);

    assertThat(records.get(0).hasOldImage()).isFalse();
    assertThat(records.get(0).newImage()).isEqualTo(item("pk", s("a"), "v", n(1)));
    assertThat(records.get(1).oldImage()).isEqualTo(item("pk", s("a"), "v", n(1)));
    assertThat(records.get(1).newImage()).isEqualTo(item("pk", s("a"), "v", n(2)));
    assertThat(records.get(2).oldImage()).isEqualTo(item("pk", s("a"), "v", n(2)));
    assertThat(records.get(2).hasNewImage()).isFalse();
  }

  // ---------------------------------------------------------------- record contents and order

  @Test
  void recordsDescribeTheirEventAndSource() {
    Instant before = Instant.now().minusSeconds(60);
    String table = hashTableWithStream(StreamViewType.NEW_IMAGE);
    put(table, item("pk", s("a")));
    put(table, item("pk", s("b")));

    List<Record> records = awaitRecords(streamArn(table), 2);

    assertThat(records).allSatisfy(r -> {
      assertThat(r.eventSource()).isEqualTo("aws:dynamodb");
      assertThat(r.awsRegion()).isEqualTo("us-east-1");
      assertThat(r.eventVersion()).isNotBlank();
      assertThat(r.eventID()).isNotBlank();
      assertThat(r.userIdentity()).as("only TTL deletions name an identity").isNull();
      assertThat(r.dynamodb().sizeBytes()).isPositive();
      assertThat(r.dynamodb().approximateCreationDateTime()).isBetween(before, Instant.now().plusSeconds(60));
    });
    assertThat(records).extracting(Record::eventID).doesNotHaveDuplicates();
  }

  @Test
  void recordsComeInWriteOrderWithIncreasingSequenceNumbers() {
    String table = hashTableWithStream(StreamViewType.KEYS_ONLY);
    List<String> written = List.of("k5", "k1", "k9", "k3", "k1", "k7", "k2", "k5", "k0", "k8");
    for (int i = 0; i < written.size(); i++) {
      put(table, item("pk", s(written.get(i)), "i", n(i)));
    }

    List<Record> records = awaitRecords(streamArn(table), written.size());

    assertThat(records).extracting(r -> r.dynamodb().keys().get("pk").s()).containsExactlyElementsOf(written);
    List<BigInteger> sequence = records.stream().map(ConformanceSupport::sequenceNumber).toList();
    assertThat(sequence).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void updateItemCreatingAnItemIsAnInsertAndChangingItIsAModify() {
    String table = hashTableWithStream(StreamViewType.NEW_AND_OLD_IMAGES);

    ddb.updateItem(r -> r.tableName(table).key(key("a")).updateExpression("SET v = :v")
        .expressionAttributeValues(values(":v", n(1))));
    ddb.updateItem(r -> r.tableName(table).key(key("a")).updateExpression("REMOVE v"));

    List<Record> records = awaitRecords(streamArn(table), 2);
    assertThat(records).extracting(Record::eventName).containsExactly(OperationType.INSERT, OperationType.MODIFY);
    assertThat(records.get(1).dynamodb().oldImage()).isEqualTo(item("pk", s("a"), "v", n(1)));
    assertThat(records.get(1).dynamodb().newImage()).isEqualTo(key("a"));
  }

  @Test
  void batchWritesAndTransactionsAreRecordedButConditionChecksAreNot() {
    String table = hashTableWithStream(StreamViewType.KEYS_ONLY);
    put(table, item("pk", s("guard")));
    String arn = streamArn(table);
    awaitRecords(arn, 1);

    ddb.batchWriteItem(r -> r.requestItems(Map.of(table, List.of(
        WriteRequest.builder().putRequest(PutRequest.builder().item(key("b1")).build()).build(),
        WriteRequest.builder().putRequest(PutRequest.builder().item(key("b2")).build()).build()))));
    ddb.transactWriteItems(r -> r.transactItems(
        TransactWriteItem.builder().conditionCheck(c -> c.tableName(table).key(key("guard"))
            .conditionExpression("attribute_exists(pk)")).build(),
        TransactWriteItem.builder().put(Put.builder().tableName(table).item(key("t1")).build()).build()));

    List<Record> records = awaitRecords(arn, 4);
    assertThat(records).extracting(r -> r.dynamodb().keys().get("pk").s())
        .containsExactlyInAnyOrder("guard", "b1", "b2", "t1");
  }

  // ---------------------------------------------------------------- writes that change nothing

  /**
   * Runs the writes that must leave no record, then a marker write; the stream must hold the
   * setup records, then the marker, and nothing between.
   */
  private void assertNoRecordFor(String table, Runnable noOpWrites, int setupRecords) {
    String arn = streamArn(table);
    awaitRecords(arn, setupRecords);

    noOpWrites.run();
    put(table, item("pk", s("marker")));

    List<Record> records = awaitRecords(arn, setupRecords + 1);
    assertThat(records).hasSize(setupRecords + 1);
    assertThat(records.get(setupRecords).dynamodb().keys()).isEqualTo(key("marker"));
  }

  @Test
  void aWriteThatFailsItsConditionLeavesNoRecord() {
    String table = hashTableWithStream(StreamViewType.NEW_AND_OLD_IMAGES);
    put(table, item("pk", s("a"), "v", n(1)));

    assertNoRecordFor(table, () -> {
      failure("ConditionalCheckFailedException", () -> ddb.putItem(r -> r.tableName(table)
          .item(item("pk", s("a"), "v", n(2))).conditionExpression("attribute_not_exists(pk)")));
      failure("ConditionalCheckFailedException", () -> ddb.deleteItem(r -> r.tableName(table)
          .key(key("a")).conditionExpression("v = :x").expressionAttributeValues(values(":x", n(9)))));
      failure("TransactionCanceledException", () -> ddb.transactWriteItems(r -> r.transactItems(
          TransactWriteItem.builder().put(Put.builder().tableName(table).item(key("t")).build()).build(),
          TransactWriteItem.builder().conditionCheck(c -> c.tableName(table).key(key("missing"))
              .conditionExpression("attribute_exists(pk)")).build())));
    }, 1);
  }

  @Test
  void putOfAnIdenticalItemLeavesNoRecord() {
    String table = hashTableWithStream(StreamViewType.NEW_AND_OLD_IMAGES);
    put(table, item("pk", s("a"), "v", n(1), "tags", ss("x", "y")));

    // The same item, written with its set in another order and its number in another form.
    assertNoRecordFor(table, () -> put(table, item("pk", s("a"), "v", n("1.0"), "tags", ss("y", "x"))), 1);
  }

  @Test
  void updateThatChangesNothingLeavesNoRecord() {
    String table = hashTableWithStream(StreamViewType.NEW_AND_OLD_IMAGES);
    put(table, item("pk", s("a"), "v", n(1)));

    assertNoRecordFor(table, () -> {
      ddb.updateItem(r -> r.tableName(table).key(key("a")).updateExpression("SET v = :v")
          .expressionAttributeValues(values(":v", n(1))));
      ddb.updateItem(r -> r.tableName(table).key(key("a")).updateExpression("REMOVE absent"));
      ddb.updateItem(r -> r.tableName(table).key(key("a")).updateExpression("SET v = if_not_exists(v, :z)")
          .expressionAttributeValues(values(":z", n(0))));
    }, 1);
  }

  @Test
  void deleteOfAMissingItemLeavesNoRecord() {
    String table = hashTableWithStream(StreamViewType.NEW_AND_OLD_IMAGES);
    put(table, item("pk", s("a")));

    assertNoRecordFor(table, () -> ddb.deleteItem(r -> r.tableName(table).key(key("never-there"))), 1);
  }

  // ---------------------------------------------------------------- shard iterators

  private Shard onlyShard(String arn) {
    List<Shard> shards = shards(arn);
    assertThat(shards).as("a small, new stream has one shard").hasSize(1);
    return shards.get(0);
  }

  private String iterator(String arn, Shard shard, ShardIteratorType type, String sequenceNumber) {
    return streams.getShardIterator(r -> r.streamArn(arn).shardId(shard.shardId()).shardIteratorType(type)
        .sequenceNumber(sequenceNumber)).shardIterator();
  }

  private static List<String> keysOf(List<Record> records) {
    return records.stream().map(r -> r.dynamodb().keys().get("pk").s()).toList();
  }

  @Test
  void everyShardIteratorTypeStartsWhereItSays() {
    String table = hashTableWithStream(StreamViewType.KEYS_ONLY);
    for (String k : List.of("r0", "r1", "r2", "r3")) {
      put(table, key(k));
    }
    String arn = streamArn(table);
    List<Record> all = awaitRecords(arn, 4);
    Shard shard = onlyShard(arn);
    String second = all.get(1).dynamodb().sequenceNumber();

    String latest = iterator(arn, shard, ShardIteratorType.LATEST, null);
    put(table, key("r4"));

    assertThat(keysOf(drain(iterator(arn, shard, ShardIteratorType.TRIM_HORIZON, null))))
        .containsExactly("r0", "r1", "r2", "r3", "r4");
    assertThat(keysOf(drain(iterator(arn, shard, ShardIteratorType.AT_SEQUENCE_NUMBER, second))))
        .containsExactly("r1", "r2", "r3", "r4");
    assertThat(keysOf(drain(iterator(arn, shard, ShardIteratorType.AFTER_SEQUENCE_NUMBER, second))))
        .containsExactly("r2", "r3", "r4");
    await("the record written after LATEST", () -> !drain(latest).isEmpty());
    assertThat(keysOf(drain(latest))).containsExactly("r4");
  }

  @Test
  void getRecordsHonoursLimitAndTheNextIteratorContinues() {
    String table = hashTableWithStream(StreamViewType.KEYS_ONLY);
    for (int i = 0; i < 5; i++) {
      put(table, key("r" + i));
    }
    String arn = streamArn(table);
    awaitRecords(arn, 5);
    Shard shard = onlyShard(arn);

    GetRecordsResponse first = streams.getRecords(r -> r.shardIterator(
        iterator(arn, shard, ShardIteratorType.TRIM_HORIZON, null)).limit(2));
    GetRecordsResponse second = streams.getRecords(r -> r.shardIterator(first.nextShardIterator()).limit(2));
    GetRecordsResponse rest = streams.getRecords(r -> r.shardIterator(second.nextShardIterator()));
    GetRecordsResponse empty = streams.getRecords(r -> r.shardIterator(rest.nextShardIterator()));

    assertThat(keysOf(first.records())).containsExactly("r0", "r1");
    assertThat(keysOf(second.records())).containsExactly("r2", "r3");
    assertThat(keysOf(rest.records())).containsExactly("r4");
    assertThat(empty.records()).isEmpty();
    assertThat(empty.nextShardIterator()).as("an open shard always gives a next iterator").isNotNull();
  }

  @Test
  void aSequenceNumberIteratorNeedsASequenceNumber() {
    String table = hashTableWithStream(StreamViewType.KEYS_ONLY);
    String arn = streamArn(table);
    Shard shard = onlyShard(arn);

    validationError(() -> iterator(arn, shard, ShardIteratorType.AT_SEQUENCE_NUMBER, null));
  }

  @Test
  void anIteratorForAnUnknownShardIsResourceNotFound() {
    String table = hashTableWithStream(StreamViewType.KEYS_ONLY);
    String arn = streamArn(table);

    failure("ResourceNotFoundException", () -> streams.getShardIterator(r -> r.streamArn(arn)
        .shardId("shardId-00000000000000000000-00000000").shardIteratorType(ShardIteratorType.TRIM_HORIZON)));
  }
}
