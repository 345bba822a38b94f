package dev.orderflow.client.load;

import java.time.Duration;
import java.util.Optional;
import org.immutables.value.Value;

/** What a load run sends and how fast. */
@Value.Immutable
public abstract class LoadOptions {

  /** How many orders to post. */
  public abstract int orders();

  /**
   * How many {@code postOrder} calls may be under way at once.
   *
   * @default 8
   */
  @Value.Default
  public int concurrency() {
    return 8;
  }

  /** Orders a second to start, at most; absent to post as fast as the concurrency allows. */
  public abstract Optional<Double> ratePerSecond();

  /**
   * How long after the last post to wait for orders to become final before counting them not final.
   *
   * @default 60 seconds
   */
  @Value.Default
  public Duration deadline() {
    return Duration.ofSeconds(60);
  }

  /**
   * How often the run reads the caller's orders to find which have become final.
   *
   * @default 100 milliseconds
   */
  @Value.Default
  public Duration pollInterval() {
    return Duration.ofMillis(100);
  }

  /**
   * The name of each order; its number is appended.
   *
   * @default {@code Load test pizza}
   */
  @Value.Default
  public String name() {
    return "Load test pizza";
  }

  /**
   * The quantity of each order.
   *
   * @default 1
   */
  @Value.Default
  public int quantity() {
    return 1;
  }

  /**
   * The restaurant of each order.
   *
   * @default {@code Load test}
   */
  @Value.Default
  public String restaurantId() {
    return "Load test";
  }

  /**
   * The start of every client token of the run; each order's token is this and its number, so a
   * run repeated with the same prefix makes no new orders.
   *
   * @default {@code load-} and a random part
   */
  @Value.Default
  public String tokenPrefix() {
    return "load-" + Long.toString(System.nanoTime() & 0xffffffffffL, 36) + "-";
  }

  /** Refuses values outside what is allowed, naming the field; {@code build()} calls it. */
  @Value.Check
  protected void check() {
    if (orders() < 1 || orders() > 1_000_000) {
      throw new IllegalArgumentException("orders must be from 1 to 1000000, but was " + orders());
    }
    if (concurrency() < 1 || concurrency() > 1024) {
      throw new IllegalArgumentException("concurrency must be from 1 to 1024, but was " + concurrency());
    }
    ratePerSecond().ifPresent(rate -> {
      if (!(rate > 0) || rate > 100_000) {
        throw new IllegalArgumentException("ratePerSecond must be above 0 and at most 100000, but was " + rate);
      }
    });
    if (deadline().isNegative()) {
      throw new IllegalArgumentException("deadline must be zero or more, but was " + deadline());
    }
    if (pollInterval().isNegative() || pollInterval().isZero()) {
      throw new IllegalArgumentException("pollInterval must be positive, but was " + pollInterval());
    }
    String prefix = tokenPrefix();
    if (!prefix.matches("[A-Za-z0-9_-]{1,50}")) {
      throw new IllegalArgumentException(
          "tokenPrefix must be 1 to 50 letters, digits, - or _, but was \"" + prefix + "\"");
    }
  }

  /** A builder; orders must be set. */
  public static ImmutableLoadOptions.Builder builder() {
    return ImmutableLoadOptions.builder();
  }
}
