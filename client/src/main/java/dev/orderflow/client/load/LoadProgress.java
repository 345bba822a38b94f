package dev.orderflow.client.load;

import java.time.Duration;

/**
 * Where a load run stands, as its progress listener is told several times a second.
 *
 * @param requested orders the run will post
 * @param sent orders posted and answered
 * @param finalCount orders seen final (SUCCESS or FAILED)
 * @param postsFailed posts that ended in an error
 * @param elapsed time since the run started
 */
public record LoadProgress(int requested, long sent, long finalCount, long postsFailed, Duration elapsed) {

  /** Orders posted a second so far. */
  public double sentPerSecond() {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds <= 0 ? 0 : sent / seconds;
  }
}
