package dev.orderflow.runtime.payment;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/**
 * A stand-in for a card gateway, for demos and tests. Its answer is a pure function of the order
 * id: a 64-bit hash of the id picks approval (at {@link #approvalRate()}), the decline reason
 * and the transaction id, so a retried request gets the same answer.
 */
public final class SimulatedPaymentGateway implements PaymentGateway {

  /** Environment variable that sets the approval rate of the deployed function. */
  public static final String APPROVAL_RATE_ENV = "ORDERFLOW_APPROVAL_RATE";

  /** Approval rate used when {@link #APPROVAL_RATE_ENV} is not set. */
  public static final double DEFAULT_APPROVAL_RATE = 0.9;

  /** The reasons a declined payment gives, one chosen per order id. */
  public static final List<String> DECLINE_REASONS =
      List.of(
          "payment method declined",
          "insufficient funds",
          "card expired",
          "payment flagged as suspicious");

  private final double approvalRate;

  /** A gateway that approves about {@code approvalRate} (0.0 to 1.0) of all order ids. */
  public SimulatedPaymentGateway(double approvalRate) {
    if (!(approvalRate >= 0.0 && approvalRate <= 1.0)) {
      throw new IllegalArgumentException(
          "approvalRate must be from 0.0 to 1.0, but was " + approvalRate);
    }
    this.approvalRate = approvalRate;
  }

  /**
   * The gateway the deployed function uses: approval rate from {@link #APPROVAL_RATE_ENV}, or
   * {@link #DEFAULT_APPROVAL_RATE} when unset.
   *
   * @throws IllegalArgumentException when the variable is not a number from 0.0 to 1.0
   */
  public static SimulatedPaymentGateway fromEnvironment(String approvalRateValue) {
    if (approvalRateValue == null || approvalRateValue.isBlank()) {
      return new SimulatedPaymentGateway(DEFAULT_APPROVAL_RATE);
    }
    try {
      return new SimulatedPaymentGateway(Double.parseDouble(approvalRateValue.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          APPROVAL_RATE_ENV + " must be a number from 0.0 to 1.0, but was \"" + approvalRateValue + "\"",
          e);
    }
  }

  /** The share of order ids it approves. */
  public double approvalRate() {
    return approvalRate;
  }

  @Override
  public PaymentResult charge(PaymentRequest request) {
    byte[] id = request.orderId().getBytes(StandardCharsets.UTF_8);
    long first = mix(fnv1a(id, FNV_OFFSET_BASIS));
    long second = mix(fnv1a(id, first));
    // The top 53 bits as a fraction in [0, 1): uniform, since mix() spreads every input bit.
    double draw = (first >>> 11) * 0x1.0p-53;
    if (draw < approvalRate) {
      HexFormat hex = HexFormat.of();
      return PaymentResult.approved(
          request.orderId(), "pay_" + hex.toHexDigits(second) + hex.toHexDigits((int) first));
    }
    int reasonIndex = (int) Long.remainderUnsigned(second, DECLINE_REASONS.size());
    return PaymentResult.declined(request.orderId(), DECLINE_REASONS.get(reasonIndex));
  }

  // A non-cryptographic hash is enough to spread order ids, and unlike MessageDigest it loads
  // no security providers at cold start.
  private static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private static long fnv1a(byte[] bytes, long seed) {
    long hash = seed;
    for (byte b : bytes) {
      hash = (hash ^ (b & 0xff)) * FNV_PRIME;
    }
    return hash;
  }

  /** The 64-bit finaliser of MurmurHash3: every input bit affects every output bit. */
  private static long mix(long value) {
    long h = value;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
