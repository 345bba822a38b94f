package dev.orderflow.runtime.payment;

/** The business outcome of a payment. A decline is an answer, not an error. */
public enum PaymentStatus {
  /** Paid: the answer carries a payment id. */
  APPROVED,
  /** Not paid: the answer carries the reason. */
  DECLINED
}
