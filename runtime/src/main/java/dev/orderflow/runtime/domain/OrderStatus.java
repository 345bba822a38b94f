package dev.orderflow.runtime.domain;

/** Where an order stands. An order starts {@link #PENDING} and ends exactly once. */
public enum OrderStatus {
  /** Recorded, payment not yet settled. */
  PENDING,
  /** Paid: final. */
  SUCCESS,
  /** Declined or failed for a technical reason: final, with a failure reason. */
  FAILED;

  /** Whether no further status change may follow. */
  public boolean isFinal() {
    return this != PENDING;
  }
}
