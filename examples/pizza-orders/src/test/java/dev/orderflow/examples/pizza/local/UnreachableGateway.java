package dev.orderflow.examples.pizza.local;

import java.util.Map;

/**
 * A payment function whose gateway cannot be reached: every call fails with a technical error.
 * Packaged into a Lambda asset by the test that uses it; it needs nothing but the JDK.
 */
public final class UnreachableGateway {

  /** Always fails, as a payment step does when its gateway times out. */
  public Map<String, Object> handleRequest(Map<String, Object> request) {
    throw new IllegalStateException("payment gateway unreachable for order " + request.get("orderId"));
  }
}
