package dev.orderflow.runtime.domain;

/**
 * Where an order stands. An order starts {@link #PENDING}, is claimed for payment as
 * {@link #PROCESSING}, and ends exactly once as {@link #SUCCESS} or {@link #FAILED}.
 */
public enum OrderStatus {
  /** Recorded and queued; its owner may still update it. */
  PENDING,
  /** Claimed by the workflow, being paid for; it can no longer be updated. */
  PROCESSING,
  /** Paid: final. */
  SUCCESS,
  /** Declined or failed for a technical reason: final, with a failure reason. */
  FAILED;

  /** Whether no further status change may follow. */
  public boolean isFinal() {
    return this == SUCCESS || this == FAILED;
  }
}
