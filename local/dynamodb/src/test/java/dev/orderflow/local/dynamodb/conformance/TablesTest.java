package dev.orderflow.local.dynamodb.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateGlobalSecondaryIndexAction;
import software.amazon.awssdk.services.dynamodb.model.CreateTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteGlobalSecondaryIndexAction;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexUpdate;
import software.amazon.awssdk.services.dynamodb.model.ListTablesResponse;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamStatus;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/** CreateTable, DescribeTable, UpdateTable (indexes and streams), DeleteTable and ListTables. */
class TablesTest extends ConformanceSupport {

  @Test
  void createTableAnswersTheDescriptionAndDescribeTableShowsItActive() {
    String name = newTableName();
    Instant before = Instant.now().minusSeconds(5);

    CreateTableResponse created = ddb.createTable(r -> r.tableName(name)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .keySchema(hashKey("pk"), rangeKey("sk"))
        .attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("sk", ScalarAttributeType.N)));
    awaitTableActive(name);
    TableDescription described = describe(name);

    assertThat(created.tableDescription().tableName()).isEqualTo(name);
    assertThat(created.tableDescription().tableStatus()).isIn(TableStatus.CREATING, TableStatus.ACTIVE);
    assertThat(described.tableName()).isEqualTo(name);
    assertThat(described.tableStatus()).isEqualTo(TableStatus.ACTIVE);
    assertThat(described.keySchema()).containsExactly(hashKey("pk"), rangeKey("sk"));
    assertThat(described.attributeDefinitions())
        .containsExactlyInAnyOrder(attr("pk", ScalarAttributeType.S), attr("sk", ScalarAttributeType.N));
    assertThat(described.tableArn()).startsWith("arn:aws:dynamodb:us-east-1:").endsWith(":table/" + name);
    assertThat(described.creationDateTime()).isBetween(before, Instant.now().plusSeconds(5));
    assertThat(described.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
    assertThat(described.itemCount()).isZero();
    assertThat(described.tableSizeBytes()).isZero();
  }

  @Test
  void provisionedTableReportsItsThroughput() {
    String name = createTable(t -> t.billingMode(BillingMode.PROVISIONED)
        .provisionedThroughput(ProvisionedThroughput.builder().readCapacityUnits(5L).writeCapacityUnits(7L).build())
        .keySchema(hashKey("pk"))
        .attributeDefinitions(attr("pk", ScalarAttributeType.S)));

    TableDescription described = describe(name);

    assertThat(described.provisionedThroughput().readCapacityUnits()).isEqualTo(5L);
    assertThat(described.provisionedThroughput().writeCapacityUnits()).isEqualTo(7L);
  }

  @Test
  void rejectsProvisionedTableWithoutThroughput() {
    String name = newTableName();

    validationError(() -> ddb.createTable(r -> r.tableName(name)
        .billingMode(BillingMode.PROVISIONED)
        .keySchema(hashKey("pk"))
        .attributeDefinitions(attr("pk", ScalarAttributeType.S))));
  }

  @Test
  void rejectsCreatingATableThatAlreadyExists() {
    String name = hashTable();

    failure("ResourceInUseException", () -> ddb.createTable(r -> r.tableName(name)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .keySchema(hashKey("pk"))
        .attributeDefinitions(attr("pk", ScalarAttributeType.S))));
  }

  @Test
  void rejectsAttributeDefinitionsThatNoKeyUses() {
    String name = newTableName();

    validationError(() -> ddb.createTable(r -> r.tableName(name)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .keySchema(hashKey("pk"))
        .attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("unused", ScalarAttributeType.S))));

    failure("ResourceNotFoundException", () -> describe(name));
  }

  @Test
  void rejectsKeyAttributeWithoutDefinition() {
    String name = newTableName();

    validationError(() -> ddb.createTable(r -> r.tableName(name)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .keySchema(hashKey("pk"), rangeKey("sk"))
        .attributeDefinitions(attr("pk", ScalarAttributeType.S))));
  }

  @Test
  void rejectsTableNamesOutsideTheAllowedCharactersAndLength() {
    validationError(() -> ddb.createTable(r -> r.tableName("ab")
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .keySchema(hashKey("pk"))
        .attributeDefinitions(attr("pk", ScalarAttributeType.S))));
    validationError(() -> ddb.createTable(r -> r.tableName("has space")
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .keySchema(hashKey("pk"))
        .attributeDefinitions(attr("pk", ScalarAttributeType.S))));
  }

  @Test
  void describingAMissingTableIsResourceNotFound() {
    failure("ResourceNotFoundException", () -> describe("no-such-table"));
  }

  @Test
  void updateTableCreatesAGlobalSecondaryIndexFilledWithExistingItems() {
    String table = hashTable();
    put(table, item("pk", s("a"), "colour", s("red"), "size", n(1)));
    put(table, item("pk", s("b"), "colour", s("red"), "size", n(2)));
    put(table, item("pk", s("c"), "colour", s("blue"), "size", n(3)));

    ddb.updateTable(r -> r.tableName(table)
        .attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("colour", ScalarAttributeType.S))
        .globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder()
            .create(CreateGlobalSecondaryIndexAction.builder()
                .indexName("byColour")
                .keySchema(hashKey("colour"))
                .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                .build())
            .build()));
    awaitIndexesActive(table);
    QueryResponse reds = ddb.query(r -> r.tableName(table).indexName("byColour")
        .keyConditionExpression("colour = :c").expressionAttributeValues(values(":c", s("red"))));

    GlobalSecondaryIndexDescription index = describe(table).globalSecondaryIndexes().get(0);
    assertThat(index.indexName()).isEqualTo("byColour");
    assertThat(index.keySchema()).containsExactly(hashKey("colour"));
    assertThat(index.projection().projectionType()).isEqualTo(ProjectionType.ALL);
    assertThat(reds.items()).extracting(i -> i.get("pk").s()).containsExactlyInAnyOrder("a", "b");
    assertThat(reds.items()).allSatisfy(i -> assertThat(i).containsKey("size"));
  }

  @Test
  void updateTableDeletesAGlobalSecondaryIndex() {
    String table = createTable(t -> t
        .keySchema(hashKey("pk"))
        .attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("colour", ScalarAttributeType.S))
        .globalSecondaryIndexes(g -> g.indexName("byColour").keySchema(hashKey("colour"))
            .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY))));
    assertThat(describe(table).globalSecondaryIndexes()).hasSize(1);

    ddb.updateTable(r -> r.tableName(table).globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder()
        .delete(DeleteGlobalSecondaryIndexAction.builder().indexName("byColour").build()).build()));
    await("index byColour to disappear", () -> describe(table).globalSecondaryIndexes().isEmpty());

    validationError(() -> ddb.query(r -> r.tableName(table).indexName("byColour")
        .keyConditionExpression("colour = :c").expressionAttributeValues(values(":c", s("red")))));
  }

  @Test
  void updateTableEnablesAStreamThatThenRecordsWrites() {
    String table = hashTable();
    put(table, item("pk", s("before")));
    assertThat(describe(table).latestStreamArn()).isNull();

    ddb.updateTable(r -> r.tableName(table).streamSpecification(StreamSpecification.builder()
        .streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE).build()));
    awaitTableActive(table);
    put(table, item("pk", s("after")));

    TableDescription described = describe(table);
    assertThat(described.streamSpecification().streamEnabled()).isTrue();
    assertThat(described.streamSpecification().streamViewType()).isEqualTo(StreamViewType.NEW_IMAGE);
    assertThat(described.latestStreamLabel()).isNotBlank();
    assertThat(described.latestStreamArn()).startsWith(described.tableArn() + "/stream/")
        .endsWith(described.latestStreamLabel());
    var records = awaitRecords(described.latestStreamArn(), 1);
    assertThat(records).extracting(r -> r.dynamodb().keys().get("pk").s()).containsExactly("after");
  }

  @Test
  void updateTableDisablesAStreamAndLaterWritesAreNotRecorded() {
    String table = hashTableWithStream(StreamViewType.KEYS_ONLY);
    String arn = streamArn(table);
    put(table, item("pk", s("recorded")));
    awaitRecords(arn, 1);

    ddb.updateTable(r -> r.tableName(table).streamSpecification(s -> s.streamEnabled(false)));
    awaitTableActive(table);
    put(table, item("pk", s("not-recorded")));

    StreamStatus status = streams.describeStream(r -> r.streamArn(arn)).streamDescription().streamStatus();
    assertThat(status).isIn(StreamStatus.DISABLING, StreamStatus.DISABLED);
    assertThat(readStream(arn)).extracting(r -> r.dynamodb().keys().get("pk").s()).containsExactly("recorded");
  }

  @Test
  void reEnablingAStreamCreatesANewStream() {
    String table = hashTableWithStream(StreamViewType.KEYS_ONLY);
    String first = streamArn(table);

    ddb.updateTable(r -> r.tableName(table).streamSpecification(s -> s.streamEnabled(false)));
    awaitTableActive(table);
    ddb.updateTable(r -> r.tableName(table).streamSpecification(StreamSpecification.builder()
        .streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE).build()));
    awaitTableActive(table);
    String second = streamArn(table);

    assertThat(second).isNotEqualTo(first);
    assertThat(streams.listStreams(r -> r.tableName(table)).streams()).extracting(s -> s.streamArn())
        .contains(first, second);
  }

  @Test
  void rejectsALocalSecondaryIndexOnATableWithoutASortKey() {
    String name = newTableName();

    validationError(() -> ddb.createTable(r -> r.tableName(name)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .keySchema(hashKey("pk"))
        .attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("x", ScalarAttributeType.S))
        .localSecondaryIndexes(l -> l.indexName("byX").keySchema(hashKey("pk"), rangeKey("x"))
            .projection(p -> p.projectionType(ProjectionType.ALL)))));
  }

  @Test
  void rejectsEnablingAStreamOnATableThatHasOne() {
    String table = hashTableWithStream(StreamViewType.NEW_IMAGE);

    validationError(() -> ddb.updateTable(r -> r.tableName(table).streamSpecification(StreamSpecification.builder()
        .streamEnabled(true).streamViewType(StreamViewType.OLD_IMAGE).build())));
  }

  @Test
  void rejectsDisablingAStreamOnATableThatHasNone() {
    String table = hashTable();

    validationError(() -> ddb.updateTable(r -> r.tableName(table).streamSpecification(s -> s.streamEnabled(false))));
  }

  @Test
  void deleteTableRemovesTheTableAndItsItems() {
    String table = hashTable();
    put(table, item("pk", s("a")));

    TableDescription deleted = ddb.deleteTable(r -> r.tableName(table)).tableDescription();
    awaitTableGone(table);

    assertThat(deleted.tableName()).isEqualTo(table);
    failure("ResourceNotFoundException", () -> get(table, key("a")));
    assertThat(ddb.listTables().tableNames()).doesNotContain(table);
    // The name is free again, and the new table starts empty.
    ddb.createTable(r -> r.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
        .keySchema(hashKey("pk")).attributeDefinitions(attr("pk", ScalarAttributeType.S)));
    awaitTableActive(table);
    assertThat(get(table, key("a"))).isEmpty();
  }

  @Test
  void deletingAMissingTableIsResourceNotFound() {
    failure("ResourceNotFoundException", () -> ddb.deleteTable(r -> r.tableName("no-such-table")));
  }

  @Test
  void listTablesPagesThroughEveryTableWithLimitAndExclusiveStartTableName() {
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      created.add(hashTable());
    }

    List<String> listed = new ArrayList<>();
    String start = null;
    int pages = 0;
    do {
      String exclusiveStart = start;
      ListTablesResponse page = ddb.listTables(r -> r.limit(2).exclusiveStartTableName(exclusiveStart));
      assertThat(page.tableNames()).hasSizeLessThanOrEqualTo(2);
      listed.addAll(page.tableNames());
      start = page.lastEvaluatedTableName();
      pages++;
    } while (start != null && pages < 100);

    assertThat(start).as("the last page has no LastEvaluatedTableName").isNull();
    assertThat(listed).containsAll(created).doesNotHaveDuplicates();
    // Paging by ExclusiveStartTableName presumes the names come in order.
    assertThat(listed).isSorted();
    assertThat(pages).isGreaterThanOrEqualTo(3);
  }

  @Test
  void rejectsListTablesLimitOutsideOneToOneHundred() {
    validationError(() -> ddb.listTables(r -> r.limit(0)));
    validationError(() -> ddb.listTables(r -> r.limit(101)));
  }

  // UpdateTable's GlobalSecondaryIndexUpdates: one index created or deleted per call
  // (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTable.html); the
  // messages are the ones real DynamoDB answers.

  @Test
  void updateTableCreatesOrDeletesOneIndexPerCall() {
    String table = hashTable();
    GlobalSecondaryIndexUpdate delete = GlobalSecondaryIndexUpdate.builder()
        .delete(DeleteGlobalSecondaryIndexAction.builder().indexName("one").build()).build();
    GlobalSecondaryIndexUpdate deleteAnother = GlobalSecondaryIndexUpdate.builder()
        .delete(DeleteGlobalSecondaryIndexAction.builder().indexName("two").build()).build();

    var e = failure("LimitExceededException",
        () -> ddb.updateTable(r -> r.tableName(table).globalSecondaryIndexUpdates(delete, deleteAnother)));

    assertThat(e.awsErrorDetails().errorMessage())
        .isEqualTo("Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table");
  }

  @Test
  void anIndexUpdatePastTheThroughputBoundsIsBlockedBeforeTheIndexIsLookedFor() {
    String table = hashTable();

    String message = validationError(() -> ddb.updateTable(r -> r.tableName(table).globalSecondaryIndexUpdates(
        GlobalSecondaryIndexUpdate.builder().update(u -> u.indexName("none").provisionedThroughput(
            ProvisionedThroughput.builder().readCapacityUnits(1L).writeCapacityUnits(1_000_000_000_001L).build()))
            .build())));

    assertThat(message).isEqualTo("This operation cannot be performed with given input values. Please contact "
        + "DynamoDB service team for more info: Action Blocked: IndexUpdate");
  }
}
