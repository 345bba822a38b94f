package dev.orderflow.local.dynamodb.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeAction;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.AttributeValueUpdate;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ComparisonOperator;
import software.amazon.awssdk.services.dynamodb.model.Condition;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ExpectedAttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/**
 * Limits and the legacy parameters, as the API reference and the developer guide's "Service,
 * account, and table quotas" (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html)
 * and "Legacy conditional parameters" (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.html)
 * describe them, and the tag operations (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TagResource.html).
 */
class LimitsAndLegacyTest extends ConformanceSupport {

  // ---------------------------------------------------------------- Query boundaries

  @Test
  void aQueryStartKeyOutsideTheKeyConditionIsAValidationError() {
    String table = hashRangeTable(ScalarAttributeType.S);
    put(table, item("pk", s("a"), "sk", s("1")));

    String message = validationError(() -> ddb.query(r -> r.tableName(table).keyConditionExpression("pk = :p")
        .expressionAttributeValues(values(":p", s("a"))).exclusiveStartKey(key("zzz", s("1")))));
    String sortMessage = validationError(() -> ddb.query(r -> r.tableName(table)
        .keyConditionExpression("pk = :p AND sk > :s").expressionAttributeValues(values(":p", s("a"), ":s", s("5")))
        .exclusiveStartKey(key("a", s("1")))));

    assertThat(message).isEqualTo("The provided starting key is outside query boundaries based on provided conditions");
    assertThat(sortMessage).isEqualTo("The provided starting key does not match the range key predicate");
  }

  // ---------------------------------------------------------------- expression limits

  @Test
  void anExpressionOfMoreThan4096BytesIsRefusedAndOneOf4096IsNot() {
    String table = hashTable();
    String padding = "a".repeat(4096 - "attribute_not_exists()".length());

    String message = validationError(() -> ddb.putItem(r -> r.tableName(table).item(key("x"))
        .conditionExpression("attribute_not_exists(" + padding + "b)")));
    ddb.putItem(r -> r.tableName(table).item(key("x")).conditionExpression("attribute_not_exists(" + padding + ")"));

    assertThat(message).isEqualTo("Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; "
        + "expression size: 4097");
  }

  @Test
  void anExpressionOfMoreThan300OperatorsIsRefused() {
    String table = hashTable();
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < 151; i++) {
      parts.add("v < :v");
    }

    String message = validationError(() -> ddb.scan(r -> r.tableName(table).filterExpression(String.join(" AND ", parts))
        .expressionAttributeValues(values(":v", n(1)))));

    assertThat(message).isEqualTo("Invalid FilterExpression: The expression contains too many operators; operator count: 301");
  }

  @Test
  void operandsMayBeInParentheses() {
    String table = hashTable();
    put(table, item("pk", s("a"), "n", n(5), "b", s("xy")));

    ddb.updateItem(r -> r.tableName(table).key(key("a")).updateExpression("SET m = (n)"));
    ScanResponse scan = ddb.scan(r -> r.tableName(table).filterExpression("((size(b)) = :two)")
        .expressionAttributeValues(values(":two", n(2))));

    assertThat(get(table, key("a"))).containsEntry("m", n(5));
    assertThat(scan.count()).isEqualTo(1);
  }

  // ---------------------------------------------------------------- key sizes

  @Test
  void keysLongerThanTheirLimitAreRefusedOnReadsAndDeletesToo() {
    String table = hashRangeTable(ScalarAttributeType.S);
    String longPartition = "p".repeat(2049);
    String longSort = "s".repeat(1025);

    String get = validationError(() -> ddb.getItem(r -> r.tableName(table).key(key(longPartition, s("b")))));
    String delete = validationError(() -> ddb.deleteItem(r -> r.tableName(table).key(key("a", s(longSort)))));
    String batch = validationError(() -> ddb.batchGetItem(r -> r.requestItems(Map.of(table,
        KeysAndAttributes.builder().keys(key(longPartition, s("b"))).build()))));

    assertThat(get).isEqualTo("One or more parameter values were invalid: Size of hashkey has exceeded the maximum "
        + "size limit of2048 bytes");
    assertThat(delete).isEqualTo("One or more parameter values were invalid: Aggregated size of all range keys has "
        + "exceeded the size limit of 1024 bytes");
    assertThat(batch).isEqualTo(get);
  }

  @Test
  void keyConditionValuesLongerThanAKeyMayBeAreRefused() {
    String table = hashRangeTable(ScalarAttributeType.S);

    String partition = validationError(() -> ddb.query(r -> r.tableName(table).keyConditionExpression("pk = :p")
        .expressionAttributeValues(values(":p", s("p".repeat(2049))))));
    String sort = validationError(() -> ddb.query(r -> r.tableName(table).keyConditionExpression("pk = :p AND sk > :s")
        .expressionAttributeValues(values(":p", s("a"), ":s", s("s".repeat(1025))))));

    assertThat(partition).contains("Size of hashkey has exceeded the maximum size limit of2048 bytes");
    assertThat(sort).contains("Aggregated size of all range keys has exceeded the size limit of 1024 bytes");
  }

  @Test
  void aProjectionIntoAKeyAttributeIsRefusedBecauseKeysAreScalars() {
    String table = hashTable();
    put(table, item("pk", s("a")));

    String index = validationError(() -> ddb.getItem(r -> r.tableName(table).key(key("a"))
        .projectionExpression("#k[0]").expressionAttributeNames(names("#k", "pk"))));
    String lookup = validationError(() -> ddb.scan(r -> r.tableName(table).projectionExpression("pk.b")));

    assertThat(index).isEqualTo("Key attributes must be scalars; list random access '[]' and map lookup '.' are not "
        + "allowed: Key: pk");
    assertThat(lookup).isEqualTo(index);
  }

  // ---------------------------------------------------------------- legacy parameters

  @Test
  void attributesToGetProjectsScansAndQueries() {
    String table = hashTable();
    put(table, item("pk", s("a"), "x", n(1), "y", n(2)));

    ScanResponse scan = ddb.scan(r -> r.tableName(table).attributesToGet("x"));
    QueryResponse query = ddb.query(r -> r.tableName(table).attributesToGet("pk", "y")
        .keyConditions(Map.of("pk", Condition.builder().comparisonOperator(ComparisonOperator.EQ)
            .attributeValueList(s("a")).build())));

    assertThat(scan.items()).containsExactly(item("x", n(1)));
    assertThat(query.items()).containsExactly(item("pk", s("a"), "y", n(2)));
  }

  @Test
  void attributesToGetWithAKeyConditionExpressionIsRefused() {
    String table = hashTable();

    String message = validationError(() -> ddb.query(r -> r.tableName(table).attributesToGet("x")
        .keyConditionExpression("pk = :p").expressionAttributeValues(values(":p", s("a")))));

    assertThat(message).isEqualTo("Can not use both expression and non-expression parameters in the same request: "
        + "Non-expression parameters: {AttributesToGet} Expression parameters: {KeyConditionExpression}");
  }

  @Test
  void expectedTakesItsOperandAsValueWithAComparisonOperator() {
    String table = hashTable();
    put(table, item("pk", s("a"), "n", n(5)));

    ddb.putItem(r -> r.tableName(table).item(item("pk", s("a"), "n", n(6))).expected(Map.of("n",
        ExpectedAttributeValue.builder().comparisonOperator(ComparisonOperator.LT).value(n(6)).build())));
    String refused = failure("ConditionalCheckFailedException", () -> ddb.putItem(r -> r.tableName(table)
        .item(item("pk", s("a"), "n", n(7))).expected(Map.of("n",
            ExpectedAttributeValue.builder().comparisonOperator(ComparisonOperator.LT).value(n(6)).build()))))
        .awsErrorDetails().errorMessage();

    assertThat(get(table, key("a"))).containsEntry("n", n(6));
    assertThat(refused).isEqualTo("The conditional request failed");
  }

  @Test
  void attributeUpdatesAddAppendsToAList() {
    String table = hashTable();
    put(table, item("pk", s("a"), "l", l(n(1))));

    ddb.updateItem(r -> r.tableName(table).key(key("a")).attributeUpdates(Map.of(
        "l", AttributeValueUpdate.builder().action(AttributeAction.ADD).value(l(n(2))).build(),
        "fresh", AttributeValueUpdate.builder().action(AttributeAction.ADD).value(l(s("x"))).build())));

    assertThat(get(table, key("a"))).containsEntry("l", l(n(1), n(2))).containsEntry("fresh", l(s("x")));
  }

  @Test
  void scanFilterInTakesMoreThanAHundredValues() {
    String table = hashTable();
    put(table, item("pk", s("a"), "n", n(150)));
    List<AttributeValue> candidates = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      candidates.add(n(i));
    }

    ScanResponse scan = ddb.scan(r -> r.tableName(table).scanFilter(Map.of("n",
        Condition.builder().comparisonOperator(ComparisonOperator.IN).attributeValueList(candidates).build())));

    assertThat(scan.count()).isEqualTo(1);
  }

  // ---------------------------------------------------------------- capacity and batches

  @Test
  void aWriteOfAnItemInAGlobalIndexIsChargedToTheTableAndTheIndex() {
    String table = createTable(r -> r.attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("g", ScalarAttributeType.S))
        .keySchema(hashKey("pk")).billingMode(BillingMode.PAY_PER_REQUEST)
        .globalSecondaryIndexes(i -> i.indexName("byG").keySchema(hashKey("g")).projection(p -> p.projectionType("ALL"))));
    awaitIndexesActive(table);

    var inIndex = ddb.putItem(r -> r.tableName(table).item(item("pk", s("a"), "g", s("x")))
        .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)).consumedCapacity();
    var keyMoved = ddb.updateItem(r -> r.tableName(table).key(Map.of("pk", s("a"))).updateExpression("SET g = :g")
        .expressionAttributeValues(values(":g", s("y"))).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
        .consumedCapacity();
    var notInIndex = ddb.putItem(r -> r.tableName(table).item(item("pk", s("b")))
        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity();

    assertThat(inIndex.table().capacityUnits()).isEqualTo(1.0);
    assertThat(inIndex.globalSecondaryIndexes().get("byG").capacityUnits()).isEqualTo(1.0);
    assertThat(inIndex.capacityUnits()).isEqualTo(2.0);
    // A changed index key is a delete and a put in the index.
    assertThat(keyMoved.capacityUnits()).isEqualTo(3.0);
    assertThat(notInIndex.capacityUnits()).isEqualTo(1.0);
  }

  @Test
  void aTransactionalWriteIsChargedTwice() {
    String table = hashTable();

    var capacity = ddb.transactWriteItems(r -> r.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
        .transactItems(t -> t.put(p -> p.tableName(table).item(item("pk", s("a"), "v", s("x".repeat(1100)))))))
        .consumedCapacity();

    assertThat(capacity).hasSize(1);
    assertThat(capacity.get(0).capacityUnits()).isEqualTo(4.0);
  }

  @Test
  void aQueryOfAGlobalIndexIsChargedToTheIndex() {
    String table = createTable(r -> r.attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("g", ScalarAttributeType.S))
        .keySchema(hashKey("pk")).billingMode(BillingMode.PAY_PER_REQUEST)
        .globalSecondaryIndexes(i -> i.indexName("byG").keySchema(hashKey("g")).projection(p -> p.projectionType("ALL"))));
    awaitIndexesActive(table);
    put(table, item("pk", s("a"), "g", s("x")));

    QueryResponse query = ddb.query(r -> r.tableName(table).indexName("byG").keyConditionExpression("g = :g")
        .expressionAttributeValues(values(":g", s("x"))).returnConsumedCapacity(ReturnConsumedCapacity.INDEXES));

    assertThat(query.consumedCapacity().table().capacityUnits()).isEqualTo(0.0);
    assertThat(query.consumedCapacity().globalSecondaryIndexes().get("byG").capacityUnits()).isEqualTo(0.5);
    assertThat(query.consumedCapacity().capacityUnits()).isEqualTo(0.5);
  }

  @Test
  void aBatchGetIsChargedPerKeyAsSoManyGetItemsPerTable() {
    String table = hashTable();
    String other = hashTable();
    put(table, item("pk", s("small"), "v", s("x")));
    put(table, item("pk", s("big"), "v", s("x".repeat(5000))));
    put(other, item("pk", s("small"), "v", s("x")));

    var consistent = ddb.batchGetItem(r -> r.returnConsumedCapacity(ReturnConsumedCapacity.INDEXES).requestItems(Map.of(
        table, KeysAndAttributes.builder().consistentRead(true).keys(key("small"), key("big"), key("missing")).build())))
        .consumedCapacity();
    var eventual = ddb.batchGetItem(r -> r.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).requestItems(Map.of(
        table, KeysAndAttributes.builder().keys(key("small"), key("big")).build(),
        other, KeysAndAttributes.builder().keys(key("small")).build()))).consumedCapacity();
    var none = ddb.batchGetItem(r -> r.requestItems(Map.of(table, KeysAndAttributes.builder().keys(key("small")).build())))
        .consumedCapacity();

    // Each item rounded up to 4 KB on its own (1 + 2), a missing one as the smallest read (1).
    assertThat(consistent).singleElement().satisfies(c -> {
      assertThat(c.tableName()).isEqualTo(table);
      assertThat(c.capacityUnits()).isEqualTo(4.0);
      assertThat(c.table().capacityUnits()).isEqualTo(4.0);
    });
    assertThat(eventual).extracting(c -> c.tableName() + "=" + c.capacityUnits())
        .containsExactlyInAnyOrder(table + "=1.5", other + "=0.5");
    assertThat(none).isEmpty();
  }

  @Test
  void aBatchGetWhoseAnswerWouldPassSixteenMegabytesLeavesKeysUnprocessed() {
    String table = hashTable();
    String big = "x".repeat(390 * 1024);
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    for (int i = 0; i < 45; i++) {
      put(table, item("pk", s("k" + i), "big", s(big)));
      keys.add(key("k" + i));
    }

    BatchGetItemResponse answer = ddb.batchGetItem(r -> r.requestItems(Map.of(table,
        KeysAndAttributes.builder().keys(keys).build())));

    int returned = answer.responses().get(table).size();
    assertThat(returned).isEqualTo(42);
    assertThat(answer.unprocessedKeys().get(table).keys()).hasSize(45 - returned);
  }

  @Test
  void updateTableWithTheCurrentThroughputIsRefused() {
    String table = createTable(r -> r.attributeDefinitions(attr("pk", ScalarAttributeType.S)).keySchema(hashKey("pk"))
        .billingMode(BillingMode.PROVISIONED).provisionedThroughput(t -> t.readCapacityUnits(5L).writeCapacityUnits(5L)));

    String message = validationError(() -> ddb.updateTable(r -> r.tableName(table)
        .provisionedThroughput(t -> t.readCapacityUnits(5L).writeCapacityUnits(5L))));

    assertThat(message).startsWith("The provisioned throughput for the table will not change. The requested value "
        + "equals the current value. Current ReadCapacityUnits provisioned for the table: 5. Requested ReadCapacityUnits: 5.");
  }

  // ---------------------------------------------------------------- tags

  @Test
  void tagsAreAddedListedAndRemoved() {
    String table = createTable(r -> r.attributeDefinitions(attr("pk", ScalarAttributeType.S)).keySchema(hashKey("pk"))
        .billingMode(BillingMode.PAY_PER_REQUEST).tags(Tag.builder().key("team").value("orders").build()));
    String arn = describe(table).tableArn();

    ddb.tagResource(r -> r.resourceArn(arn).tags(Tag.builder().key("env").value("test").build(),
        Tag.builder().key("team").value("payments").build()));
    List<Tag> afterTagging = ddb.listTagsOfResource(r -> r.resourceArn(arn)).tags();
    ddb.untagResource(r -> r.resourceArn(arn).tagKeys("team"));
    List<Tag> afterUntagging = ddb.listTagsOfResource(r -> r.resourceArn(arn)).tags();

    assertThat(afterTagging).containsExactlyInAnyOrder(Tag.builder().key("team").value("payments").build(),
        Tag.builder().key("env").value("test").build());
    assertThat(afterUntagging).containsExactly(Tag.builder().key("env").value("test").build());
  }

  @Test
  void tagsOfAMissingTableAreNotFoundOfAnArnOfNoTableInvalidAndOfNoArnDenied() {
    String missing = "arn:aws:dynamodb:us-east-1:000000000000:table/no-such-table";

    DynamoDbException notFound = failure("ResourceNotFoundException",
        () -> ddb.listTagsOfResource(r -> r.resourceArn(missing)));
    String message = validationError(() -> ddb.listTagsOfResource(r -> r.resourceArn("a:b:c:d:e:f/g")));
    DynamoDbException denied = failure("AccessDeniedException",
        () -> ddb.listTagsOfResource(r -> r.resourceArn("not-an-arn")));

    // DynamoDB's own spelling, "ResourcArn".
    assertThat(notFound.awsErrorDetails().errorMessage())
        .isEqualTo("Requested resource not found: ResourcArn: " + missing + " not found");
    assertThat(message).isEqualTo("Invalid TableArn: Invalid ResourceArn provided as input a:b:c:d:e:f/g");
    assertThat(denied.awsErrorDetails().errorMessage())
        .endsWith("is not authorized to perform: dynamodb:ListTagsOfResource on resource: not-an-arn");
  }
}
