package dev.orderflow.client.load;

import org.HdrHistogram.Histogram;
import org.immutables.value.Value;

/** The spread of a latency, in milliseconds, from a histogram of every value. */
@Value.Immutable
public abstract class Percentiles {

  /** How many values. */
  public abstract long count();

  /** The median. */
  public abstract double p50();

  /** The 95th percentile. */
  public abstract double p95();

  /** The 99th percentile. */
  public abstract double p99();

  /** The largest value. */
  public abstract double max();

  /** The mean. */
  public abstract double mean();

  /** A builder of percentiles. */
  public static ImmutablePercentiles.Builder builder() {
    return ImmutablePercentiles.builder();
  }

  /** The percentiles of a histogram of microseconds; all zero when it is empty. */
  static Percentiles of(Histogram micros) {
    if (micros.getTotalCount() == 0) {
      return builder().count(0).p50(0).p95(0).p99(0).max(0).mean(0).build();
    }
    return builder()
        .count(micros.getTotalCount())
        .p50(millis(micros.getValueAtPercentile(50)))
        .p95(millis(micros.getValueAtPercentile(95)))
        .p99(millis(micros.getValueAtPercentile(99)))
        .max(millis(micros.getMaxValue()))
        .mean(Math.round(micros.getMean()) / 1000.0)
        .build();
  }

  private static double millis(long micros) {
    return micros / 1000.0;
  }
}
