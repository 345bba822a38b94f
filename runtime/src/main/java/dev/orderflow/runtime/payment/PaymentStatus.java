package dev.orderflow.runtime.payment;

/** The business outcome of a payment. A decline is an answer, not an error. */
public enum PaymentStatus {
  APPROVED,
  DECLINED
}
