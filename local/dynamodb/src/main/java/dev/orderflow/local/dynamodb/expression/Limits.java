package dev.orderflow.local.dynamodb.expression;

import java.util.function.Supplier;

/**
 * DynamoDB's limits on an expression's size and operators apply to the expressions a client
 * writes, not to the ones the engine writes for the legacy parameters it rewrites (a legacy
 * {@code IN} takes any number of values): such a request is parsed with the limits lifted.
 */
public final class Limits {

  private static final ThreadLocal<Boolean> LIFTED = ThreadLocal.withInitial(() -> Boolean.FALSE);

  private Limits() {}

  /**
   * Runs {@code work} with the expression limits lifted on this thread.
   *
   * @param work what parses the engine's own expressions
   * @param <T> its result
   * @return the result of {@code work}
   */
  public static <T> T lifted(Supplier<T> work) {
    boolean before = LIFTED.get();
    LIFTED.set(Boolean.TRUE);
    try {
      return work.get();
    } finally {
      LIFTED.set(before);
    }
  }

  static boolean areLifted() {
    return LIFTED.get();
  }
}
