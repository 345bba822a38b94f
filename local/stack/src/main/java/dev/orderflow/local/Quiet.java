package dev.orderflow.local;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/** Waiting until a system has nothing on its way, checked several times in a row. */
final class Quiet {

  private static final int CHECKS = 4;
  private static final long PAUSE_MILLIS = 50;

  private Quiet() {
  }

  /**
   * Waits until {@code busy} answers nothing {@value #CHECKS} times in a row.
   *
   * @throws IllegalStateException naming what is still busy when the timeout passes
   */
  static void await(Duration timeout, Supplier<List<String>> busy) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int quietChecks = 0;
    List<String> last = List.of();
    while (System.nanoTime() < deadline) {
      last = busy.get();
      quietChecks = last.isEmpty() ? quietChecks + 1 : 0;
      if (quietChecks >= CHECKS) {
        return;
      }
      try {
        Thread.sleep(PAUSE_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the local system to be quiet", e);
      }
    }
    throw new IllegalStateException("the local system is not quiet after " + timeout + ": " + String.join(", ", last));
  }
}
