package dev.orderflow.local.bill;

/**
 * The arithmetic by which AWS turns what a call did into billable units. Each method is one
 * rule, named after it; the pricing page it comes from is in the prices file beside each price.
 */
public final class BillingRules {

  /** The size of one billed chunk of a request's payload (SQS, SNS, EventBridge, Pipes): 64 KB. */
  public static final long CHUNK_BYTES = 64 * 1024;
  /** A write request unit covers an item of up to 1 KB. */
  public static final long WRITE_UNIT_BYTES = 1024;
  /** A read request unit covers an item of up to 4 KB, strongly consistent. */
  public static final long READ_UNIT_BYTES = 4 * 1024;
  /** Step Functions Express bills duration in 100 ms steps. */
  public static final long EXPRESS_STEP_MILLIS = 100;
  /** Step Functions Express bills memory in 64 MB steps; a local run uses the least, 64 MB. */
  public static final int EXPRESS_MEMORY_MB = 64;
  /** A DynamoDB Streams GetRecords call returns up to 1,000 records. */
  public static final int STREAM_RECORDS_PER_READ = 1000;

  private BillingRules() {
  }

  /**
   * Requests billed for one call that carries {@code payloadBytes}: each started 64 KB chunk is a
   * request, and a call is at least one (an empty receive too).
   *
   * @param payloadBytes the payload's size; for a batch call, all its entries together
   * @return the requests billed, at least 1
   */
  public static long chunks(long payloadBytes) {
    return Math.max(1, ceilDiv(payloadBytes, CHUNK_BYTES));
  }

  /**
   * Write request units of writing one item: each started 1 KB of the larger of its old and new
   * image, at least one; a transactional write costs twice as much.
   *
   * @param itemBytes the item's size by DynamoDB's rule (names and values)
   * @param transactional whether the write is part of TransactWriteItems
   * @return the write units
   */
  public static double writeUnits(long itemBytes, boolean transactional) {
    double units = Math.max(1, ceilDiv(itemBytes, WRITE_UNIT_BYTES));
    return transactional ? 2 * units : units;
  }

  /**
   * Read request units of reading {@code bytes}: each started 4 KB, at least one; half for an
   * eventually consistent read, twice for a transactional one.
   *
   * @param bytes the size of the item, or of all the items a query or scan read
   * @param consistency how it reads
   * @return the read units
   */
  public static double readUnits(long bytes, Consistency consistency) {
    double units = Math.max(1, ceilDiv(bytes, READ_UNIT_BYTES));
    return switch (consistency) {
      case EVENTUAL -> units / 2;
      case STRONG -> units;
      case TRANSACTIONAL -> 2 * units;
    };
  }

  /** How a DynamoDB read reads. */
  public enum Consistency {
    /** The default: half a unit per 4 KB. */
    EVENTUAL,
    /** {@code ConsistentRead}: a unit per 4 KB. */
    STRONG,
    /** {@code TransactGetItems}: two units per 4 KB. */
    TRANSACTIONAL
  }

  /**
   * The billed duration of a Step Functions Express execution: rounded up to the next 100 ms.
   *
   * @param nanos the measured duration
   * @return the billed milliseconds, a multiple of 100, at least 100
   */
  public static long expressBilledMillis(long nanos) {
    return Math.max(1, ceilDiv(Math.max(0, nanos), EXPRESS_STEP_MILLIS * 1_000_000)) * EXPRESS_STEP_MILLIS;
  }

  /**
   * The billed duration of a Lambda invocation: rounded up to the next millisecond.
   *
   * @param nanos the measured duration
   * @return the billed milliseconds, at least 1
   */
  public static long lambdaBilledMillis(long nanos) {
    return Math.max(1, ceilDiv(Math.max(0, nanos), 1_000_000));
  }

  /**
   * GB-seconds of a duration at a memory size, as Lambda and Step Functions bill them (1 GB is
   * 1,024 MB).
   *
   * @param billedMillis the billed duration
   * @param memoryMb the memory size
   * @return GB-seconds
   */
  public static double gbSeconds(long billedMillis, int memoryMb) {
    return billedMillis / 1000.0 * memoryMb / 1024.0;
  }

  /**
   * Connection-minutes of a real-time connection: each started minute it was open.
   *
   * @param nanos how long it was open
   * @return the minutes billed
   */
  public static long connectionMinutes(long nanos) {
    return ceilDiv(Math.max(0, nanos), 60_000_000_000L);
  }

  private static long ceilDiv(long value, long unit) {
    return (value + unit - 1) / unit;
  }
}
