package dev.orderflow.client.load;

import java.time.Duration;
import java.util.Map;
import org.immutables.value.Value;

/**
 * The outcome of a load run. Every order requested is either {@link #sent()} or one of
 * {@link #postsFailed()}; every sent order is either {@link #finalCount()}, {@link #notFinal()} or
 * {@link #vanished()}. A declined payment is a final order ({@link #declined()}), not a failed post.
 */
@Value.Immutable
public abstract class LoadReport {

  /** Orders the run was asked to post. */
  public abstract int requested();

  /** Orders that {@code postOrder} accepted. */
  public abstract long sent();

  /** Posts that ended in an error, after the retries a client token allows: orders never sent. */
  public abstract long postsFailed();

  /** Sent orders seen final before the deadline. */
  public abstract long finalCount();

  /** Of the final orders, those paid (SUCCESS). */
  public abstract long succeeded();

  /** Of the final orders, those that ended FAILED: the payment was declined, or could not be made. */
  public abstract long declined();

  /** Sent orders still there, but not final, when the deadline passed. */
  public abstract long notFinal();

  /** Sent orders that the API no longer had when the deadline passed: accepted, then not found. */
  public abstract long vanished();

  /** The errors of the failed posts, counted by kind (the API's errorType, else the exception's). */
  public abstract Map<String, Long> errors();

  /** The latency of {@code postOrder}, of every accepted post. */
  public abstract Percentiles postMs();

  /** From the start of the post to the order seen final, of every final order. */
  public abstract Percentiles finalMs();

  /** From the first post to the last answer of a post. */
  public abstract Duration sendDuration();

  /** From the first post to the last order seen final, or to the deadline. */
  public abstract Duration totalDuration();

  /** How often the run read the orders to find final ones: the resolution of {@link #finalMs()}. */
  public abstract Duration pollInterval();

  /**
   * What the run cost as the local system measured it (its bill at the start and at the end);
   * empty against an API that serves no bill, such as a deployed one.
   */
  public abstract java.util.Optional<LoadBill> bill();

  /** Accepted orders a second, over {@link #sendDuration()}. */
  @Value.Derived
  public double ordersPerSecond() {
    double seconds = sendDuration().toNanos() / 1e9;
    return seconds <= 0 ? 0 : Math.round(sent() / seconds * 10) / 10.0;
  }

  /** Final orders a second, over {@link #totalDuration()}. */
  @Value.Derived
  public double finalPerSecond() {
    double seconds = totalDuration().toNanos() / 1e9;
    return seconds <= 0 ? 0 : Math.round(finalCount() / seconds * 10) / 10.0;
  }

  /** A builder of a report. */
  public static ImmutableLoadReport.Builder builder() {
    return ImmutableLoadReport.builder();
  }
}
