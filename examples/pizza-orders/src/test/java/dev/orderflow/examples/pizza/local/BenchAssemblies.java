package dev.orderflow.examples.pizza.local;

import java.nio.file.Path;

/** The cloud assemblies of the tests, for the local benchmark. */
public final class BenchAssemblies {

  private BenchAssemblies() {}

  /** {@code pizza}: the example's stack; {@code blocks}: the building blocks alone. */
  public static Path of(String which) {
    return which.equals("blocks") ? CloudAssemblies.buildingBlocks() : CloudAssemblies.pizzaOrders();
  }
}
