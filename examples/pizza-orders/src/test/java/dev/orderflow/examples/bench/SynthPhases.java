package dev.orderflow.examples.bench;

import dev.orderflow.examples.pizza.PizzaOrdersStack;
import java.lang.management.ManagementFactory;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.StackProps;

/**
 * Where the synth time of one app goes, for scripts/bench-synth.sh: JVM start until {@code main},
 * creating the {@code App} (which starts Node.js and loads aws-cdk-lib), constructing the stack,
 * and {@code app.synth()} (which includes aws-cdk-lib's template validation unless
 * {@code CDK_VALIDATION=false}). Argument {@code example} builds the pizza-orders stack, anything
 * else the empty app of {@link EmptyCdkApp}. Prints one line of milliseconds.
 */
public final class SynthPhases {

  private SynthPhases() {}

  public static void main(String[] args) {
    long start = System.nanoTime();
    long beforeMain = ManagementFactory.getRuntimeMXBean().getUptime();
    App app = new App(AppProps.builder().outdir(System.getenv("CDK_OUTDIR")).build());
    long appCreated = System.nanoTime();
    if (args.length > 0 && args[0].equals("example")) {
      new PizzaOrdersStack(app, "PizzaOrders", StackProps.builder().build());
    } else {
      new EmptyCdkApp.InitStack(app, "InitStack", StackProps.builder().build(), false);
    }
    long constructed = System.nanoTime();
    app.synth();
    long synthesized = System.nanoTime();
    System.out.printf("jvm %d app %d construct %d synth %d%n", beforeMain,
        (appCreated - start) / 1_000_000, (constructed - appCreated) / 1_000_000, (synthesized - constructed) / 1_000_000);
  }
}
