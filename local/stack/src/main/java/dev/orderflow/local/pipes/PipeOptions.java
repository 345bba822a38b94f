package dev.orderflow.local.pipes;

import dev.orderflow.local.bill.Meter;
import java.time.Duration;

/**
 * Local settings of the pipe runner; the template decides everything else.
 *
 * @param redeliveryDelay when set, messages of an SQS source whose batch failed are made visible
 *     again after this delay (rounded up to whole seconds, as SQS counts them) instead of at the
 *     end of the queue's visibility timeout, and a stream source waits this long before each retry
 *     of a failed batch. A local speed-up for tests, which Pipes does not have. {@code null}: as
 *     on AWS, messages reappear when their visibility timeout ends, and stream retries back off
 *     from half a second, doubling up to 30 seconds.
 * @param sqsPollers how many batches of one SQS source are received and processed at the same
 *     time, at least 1 (Pipes polls a queue with several pollers too)
 * @param meter where the pipes count their requests and their stream reads for the bill
 */
public record PipeOptions(Duration redeliveryDelay, int sqsPollers, Meter meter) {

  /** The default number of concurrent pollers of an SQS source. */
  public static final int DEFAULT_SQS_POLLERS = 5;

  /**
   * Checks the settings.
   *
   * @param redeliveryDelay see the record's description
   * @param sqsPollers see the record's description
   */
  public PipeOptions {
    java.util.Objects.requireNonNull(meter, "meter");
    if (redeliveryDelay != null && redeliveryDelay.isNegative()) {
      throw new IllegalArgumentException("redeliveryDelay must be zero or more, but " + redeliveryDelay
          + " was provided");
    }
    if (sqsPollers < 1) {
      throw new IllegalArgumentException("sqsPollers must be 1 or more, but " + sqsPollers + " was provided");
    }
  }

  /**
   * The behaviour of AWS: no redelivery shortcut, {@value #DEFAULT_SQS_POLLERS} pollers per queue.
   *
   * @return the default options
   */
  public static PipeOptions defaults() {
    return new PipeOptions(null, DEFAULT_SQS_POLLERS, new Meter());
  }

  /**
   * These options with failed messages and batches redelivered after the given delay.
   *
   * @param delay the delay, zero or more; {@code null} for the AWS behaviour
   * @return new options
   */
  public PipeOptions withRedeliveryDelay(Duration delay) {
    return new PipeOptions(delay, sqsPollers, meter);
  }

  /**
   * These options with another number of pollers per SQS source.
   *
   * @param pollers 1 or more
   * @return new options
   */
  public PipeOptions withSqsPollers(int pollers) {
    return new PipeOptions(redeliveryDelay, pollers, meter);
  }

  /**
   * These options counting into another meter.
   *
   * @param meter the bill's meter
   * @return new options
   */
  public PipeOptions withMeter(Meter meter) {
    return new PipeOptions(redeliveryDelay, sqsPollers, meter);
  }
}
