package dev.orderflow.examples.pizza.local;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A payment function whose gateway is down for one item: an order named {@code outage} fails
 * with a technical error, every other order is approved. Packaged into a Lambda asset by the test
 * that uses it; it needs nothing but the JDK.
 */
public final class FlakyGateway {

  /** Approves, or fails as a payment step does when its gateway times out. */
  public Map<String, Object> handleRequest(Map<String, Object> request) {
    if ("outage".equals(request.get("name"))) {
      throw new IllegalStateException("payment gateway unreachable for order " + request.get("orderId"));
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("orderId", request.get("orderId"));
    answer.put("status", "APPROVED");
    answer.put("paymentId", "pay-" + request.get("orderId"));
    return answer;
  }
}
