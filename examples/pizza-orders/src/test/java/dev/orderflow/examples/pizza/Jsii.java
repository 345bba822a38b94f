package dev.orderflow.examples.pizza;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The one door to aws-cdk-lib for the test classes that run beside each other. The CDK's Java
 * classes talk to one Node.js process over one pipe, and jsii's runtime does not serialize two
 * threads' requests on it; so every synth of this module's tests goes through {@link #locked}, and
 * a class that uses the CDK in its tests themselves carries {@code @Isolated}.
 */
public final class Jsii {

  private static final ReentrantLock LOCK = new ReentrantLock();

  private Jsii() {
  }

  /** Runs {@code work} while no other test thread uses the CDK; it may call this again. */
  public static <T> T locked(Supplier<T> work) {
    LOCK.lock();
    try {
      return work.get();
    } finally {
      LOCK.unlock();
    }
  }
}
