package dev.orderflow.examples.pizza.local;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A payment function that takes its time: half a second per payment, and five seconds for the first
 * payment of an order named {@code stall}, longer than the run that asked for it may last. Every
 * payment is approved. Packaged into a Lambda asset by the test that uses it; it needs nothing but
 * the JDK.
 */
public final class SlowGateway {

  private static final Set<Object> STALLED = ConcurrentHashMap.newKeySet();

  /** Approves, after a while. */
  public Map<String, Object> handleRequest(Map<String, Object> request) throws InterruptedException {
    boolean stall = "stall".equals(request.get("name")) && STALLED.add(request.get("orderId"));
    Thread.sleep(stall ? 5_000 : 500);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("orderId", request.get("orderId"));
    answer.put("status", "APPROVED");
    answer.put("paymentId", "pay-" + request.get("orderId"));
    return answer;
  }
}
