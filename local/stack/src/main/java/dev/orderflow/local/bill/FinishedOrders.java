package dev.orderflow.local.bill;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderflow.local.dynamodb.StreamListener;
import dev.orderflow.local.dynamodb.StreamRecord;
import java.util.Set;

/**
 * Tells the meter of each order that reaches a final status: a stream record of a table whose
 * item's {@code orderStatus} changes to SUCCESS or FAILED from any other. The bill divides by
 * these to give the cost per order.
 */
public final class FinishedOrders implements StreamListener {

  private static final Set<String> FINAL = Set.of("SUCCESS", "FAILED");

  private final Meter meter;

  /**
   * A listener that counts into a meter.
   *
   * @param meter the meter
   */
  public FinishedOrders(Meter meter) {
    this.meter = meter;
  }

  @Override
  public void onRecord(StreamRecord record) {
    JsonNode images = record.json().path("dynamodb");
    String now = images.path("NewImage").path("orderStatus").path("S").asText(null);
    String before = images.path("OldImage").path("orderStatus").path("S").asText(null);
    if (now != null && FINAL.contains(now) && (before == null || !FINAL.contains(before))) {
      meter.orderFinished();
    }
  }
}
