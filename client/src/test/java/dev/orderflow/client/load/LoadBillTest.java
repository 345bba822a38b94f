package dev.orderflow.client.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** A run's bill from two readings of the local system's bill. */
class LoadBillTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode bill(long orders, double postOrders, double lists, double writeUnits, double queryUnits)
      throws Exception {
    return JSON.readTree("""
        {"ordersFinished": %d, "lines": [
          {"service": "AppSync", "unit": "query and mutation operations", "count": %s, "cost": %s,
           "by": {"postOrder": %s, "getAllOrders": %s}},
          {"service": "DynamoDB", "unit": "write request units", "count": %s, "cost": %s, "by": {"UpdateItem": %s}},
          {"service": "DynamoDB", "unit": "read request units", "count": %s, "cost": %s, "by": {"Query (index byCustomer)": %s}},
          {"service": "SNS", "unit": "email deliveries", "count": %d, "cost": %s, "by": {"email": %d}}]}
        """.formatted(orders, postOrders + lists, (postOrders + lists) * 4e-6, postOrders, lists,
        writeUnits, writeUnits * 0.625e-6, writeUnits, queryUnits, queryUnits * 0.125e-6, queryUnits,
        orders, orders * 2e-5, orders));
  }

  @Test
  void billsTheOrdersOfTheRunPerMillionAndLeavesTheTestsOwnReadsOut() throws Exception {
    JsonNode start = bill(10, 10, 2, 40, 3);
    JsonNode end = bill(1_010, 1_010, 52, 4_040, 103);

    LoadBill run = LoadBill.between(start, end);

    assertThat(run.orders()).isEqualTo(1_000);
    assertThat(run.lines()).extracting(LoadBill.Line::count).containsExactly(1_000.0, 4_000.0, 0.0, 1_000.0);
    // 1,000 postOrder at $4.00 per million and 4,000 write units at $0.625 per million, per 1,000 orders.
    assertThat(run.perMillionOrders()).isCloseTo(4.00 + 2.50, within(1e-9));
    // 50 getAllOrders and their 100 read units, per 1,000 orders.
    assertThat(run.followingReads()).isCloseTo(0.2 + 0.0125, within(1e-9));
  }

  @Test
  void aBillIsSettledWhenOnlyIdlePollersEmptyReceivesWereCountedSince() throws Exception {
    String reading = """
        {"ordersFinished": 5, "lines": [
          {"service": "SQS", "unit": "requests", "count": %s, "cost": 0, "by": {"SendMessage": 5,
           "ReceiveMessage": 2, "ReceiveMessage (empty)": %s}},
          {"service": "SNS", "unit": "publishes", "count": %s, "cost": 0, "by": {"PublishBatch": %s}}]}
        """;
    JsonNode first = JSON.readTree(reading.formatted(17, 10, 1, 1));
    JsonNode polledOnly = JSON.readTree(reading.formatted(22, 15, 1, 1));
    JsonNode published = JSON.readTree(reading.formatted(22, 15, 2, 2));

    assertThat(LoadBill.settled(first, polledOnly)).isTrue();
    assertThat(LoadBill.settled(polledOnly, published)).isFalse();
  }
}
