package dev.orderflow.local.dynamodb.bench;

/**
 * The baseline of the start-up figure in {@link EngineBenchmark}: a JVM that prints one line and
 * ends, loading nothing else.
 */
public final class BareJvm {

  private BareJvm() {}

  public static void main(String[] args) {
    System.out.println("ready");
  }
}
