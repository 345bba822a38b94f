package dev.orderflow.local.dynamodb.expression;

import static dev.orderflow.local.dynamodb.expression.TestValues.item;
import static dev.orderflow.local.dynamodb.expression.TestValues.n;
import static dev.orderflow.local.dynamodb.expression.TestValues.s;

import dev.orderflow.local.dynamodb.table.AttributeValue;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prints how many conditional updates per second the expression stages handle on one thread:
 * placeholders resolved, condition tested and update applied per request, as the engine does.
 * Run with {@code java -cp <test and main classes> dev.orderflow.local.dynamodb.expression.ExpressionBenchmark}.
 */
public final class ExpressionBenchmark {

  private ExpressionBenchmark() {}

  /**
   * Runs the measurement.
   *
   * @param args unused
   */
  public static void main(String[] args) {
    Map<String, AttributeValue> order = item("id", s("o-1"), "orderStatus", s("PENDING"), "quantity", n("2"),
        "name", s("Margherita"), "updatedAt", s("2024-01-01T00:00:00Z"));
    for (int round = 0; round < 5; round++) {
      int requests = 200_000;
      long start = System.nanoTime();
      int passed = 0;
      for (int i = 0; i < requests; i++) {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("#s", "orderStatus");
        names.put("#u", "updatedAt");
        Map<String, AttributeValue> values = new LinkedHashMap<>();
        values.put(":pending", s("PENDING"));
        values.put(":next", s(i % 2 == 0 ? "SUCCESS" : "FAILED"));
        values.put(":now", s("2024-01-01T00:00:01Z"));
        values.put(":one", n("1"));
        ExpressionAttributes attributes = new ExpressionAttributes(names, values);
        Condition condition = Condition.parse("attribute_not_exists(id) OR #s = :pending", attributes,
            "ConditionExpression");
        Update update = Update.parse("SET #s = :next, #u = :now ADD quantity :one", attributes);
        attributes.checkAllUsed();
        if (condition.test(order)) {
          passed += update.apply(order).size();
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("round %d: %,.0f conditional updates/s on one thread (%d)%n", round + 1,
          requests / seconds, passed);
    }
  }
}
