package dev.orderflow.client;

/**
 * Where an order stands. A status that this client does not know yet (one that a newer API added)
 * reads as {@link #UNKNOWN}; {@link Order#orderStatusName()} keeps its name.
 */
public enum OrderStatus {
  /** Recorded and queued; its owner may still update it. */
  PENDING,
  /** Taken by the workflow to be paid for; it can no longer be changed. */
  PROCESSING,
  /** Paid: final. */
  SUCCESS,
  /** Declined or failed: final, with a failure reason. */
  FAILED,
  /** A status this client does not know. */
  UNKNOWN;

  /** The status of this name, or {@link #UNKNOWN} for a name this client does not know. */
  public static OrderStatus of(String name) {
    if (name != null) {
      for (OrderStatus status : values()) {
        if (status != UNKNOWN && status.name().equals(name)) {
          return status;
        }
      }
    }
    return UNKNOWN;
  }

  /** Whether the order will change no more: SUCCESS or FAILED. */
  public boolean isFinal() {
    return this == SUCCESS || this == FAILED;
  }
}
