package dev.orderflow.examples.pizza.local.bench;

/** Writes a cloud assembly for {@code scripts/bench-local.sh}: the example's stack, or the building blocks'. */
public final class SynthesizeForBenchmark {

  private SynthesizeForBenchmark() {}

  public static void main(String[] args) {
    System.out.println(dev.orderflow.examples.pizza.local.BenchAssemblies.of(args.length > 0 ? args[0] : "pizza"));
  }
}
