package dev.orderflow.local.tables;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.local.bill.Bill;
import dev.orderflow.local.bill.Line;
import dev.orderflow.local.bill.Meter;
import dev.orderflow.local.bill.Prices;
import dev.orderflow.local.gateway.Caller;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The request units the stack's table calls are billed: each secondary index's share apart, so a
 * bill shows which writes reach an index, and BatchGetItem's reads.
 */
class TableMeteringTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Caller ROLE = Caller.role("arn:aws:iam::000000000000:role/Workflow", null);

  private final LocalTables tables = new LocalTables();
  private final Meter meter = new Meter();

  @AfterEach
  void close() {
    tables.close();
  }

  private JsonNode call(Caller caller, String operation, String request) throws IOException {
    return tables.call(caller, operation, JSON.readTree(request));
  }

  private Bill bill() {
    return meter.bill(Prices.defaults());
  }

  private void ordersTable(String projection) throws IOException {
    tables.engine().call("CreateTable", JSON.readTree("""
        {"TableName": "orders", "BillingMode": "PAY_PER_REQUEST",
         "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"},
           {"AttributeName": "customerId", "AttributeType": "S"}, {"AttributeName": "createdAt", "AttributeType": "S"}],
         "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
         "GlobalSecondaryIndexes": [{"IndexName": "byCustomer",
           "KeySchema": [{"AttributeName": "customerId", "KeyType": "HASH"}, {"AttributeName": "createdAt", "KeyType": "RANGE"}],
           "Projection": {"ProjectionType": "%s"}}]}""".formatted(projection)));
    tables.meter(meter);
  }

  /** An order's three writes, as postOrder records it and the workflow claims and finishes it. */
  private void recordClaimAndFinish(String id) throws IOException {
    call(ROLE, "UpdateItem", """
        {"TableName": "orders", "Key": {"id": {"S": "%s"}},
         "UpdateExpression": "SET customerId = :c, createdAt = :t, orderStatus = :s, #n = :n",
         "ExpressionAttributeNames": {"#n": "name"},
         "ExpressionAttributeValues": {":c": {"S": "pat"}, ":t": {"S": "2026-12-04T03:00:00Z"}, ":s": {"S": "PENDING"},
           ":n": {"S": "Margherita"}}}""".formatted(id));
    for (String status : new String[] {"PROCESSING", "SUCCESS"}) {
      call(ROLE, "UpdateItem", """
          {"TableName": "orders", "Key": {"id": {"S": "%s"}}, "UpdateExpression": "SET orderStatus = :s",
           "ExpressionAttributeValues": {":s": {"S": "%s"}}}""".formatted(id, status));
    }
  }

  @Test
  void withAKeysOnlyIndexOnlyTheWriteThatCreatesAnOrderWritesTheIndex() throws IOException {
    ordersTable("KEYS_ONLY");

    recordClaimAndFinish("o-1");

    assertThat(bill().line(Line.DYNAMODB_WRITE_UNITS).count()).isEqualTo(4.0);
    assertThat(bill().line(Line.DYNAMODB_WRITE_UNITS).by())
        .containsEntry("UpdateItem", 3.0).containsEntry("UpdateItem (index byCustomer)", 1.0).hasSize(2);
  }

  @Test
  void withAnIndexOfAllAttributesEveryWriteWritesTheIndexToo() throws IOException {
    ordersTable("ALL");

    recordClaimAndFinish("o-1");

    assertThat(bill().line(Line.DYNAMODB_WRITE_UNITS).by())
        .containsEntry("UpdateItem", 3.0).containsEntry("UpdateItem (index byCustomer)", 3.0);
  }

  @Test
  void aBatchGetIsBilledPerItemAndItsAnswerCarriesNoCapacityUnlessAsked() throws IOException {
    ordersTable("KEYS_ONLY");
    recordClaimAndFinish("o-1");
    recordClaimAndFinish("o-2");

    JsonNode answer = call(ROLE, "BatchGetItem", """
        {"RequestItems": {"orders": {"ConsistentRead": true,
          "Keys": [{"id": {"S": "o-1"}}, {"id": {"S": "o-2"}}, {"id": {"S": "gone"}}]}}}""");
    JsonNode query = call(ROLE, "Query", """
        {"TableName": "orders", "IndexName": "byCustomer", "KeyConditionExpression": "customerId = :c",
         "ExpressionAttributeValues": {":c": {"S": "pat"}}}""");

    assertThat(answer.path("Responses").path("orders")).hasSize(2);
    assertThat(answer.has("ConsumedCapacity")).isFalse();
    assertThat(query.has("ConsumedCapacity")).isFalse();
    // Three strongly consistent reads of at most 4 KB (a missing item too), and one eventually
    // consistent query of the index.
    assertThat(bill().line(Line.DYNAMODB_READ_UNITS).by())
        .containsEntry("BatchGetItem", 3.0).containsEntry("Query (index byCustomer)", 0.5);
  }

  @Test
  void theLocalUsersCallsAreNotBilled() throws IOException {
    ordersTable("KEYS_ONLY");

    call(Caller.USER, "PutItem", """
        {"TableName": "orders", "Item": {"id": {"S": "o-1"}, "customerId": {"S": "pat"}, "createdAt": {"S": "t"}}}""");

    assertThat(bill().line(Line.DYNAMODB_WRITE_UNITS).count()).isZero();
  }
}
