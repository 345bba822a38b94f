package dev.orderflow.examples.pizza;

import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.StackProps;

/**
 * The pizza-order system as a CDK app.
 *
 * <p>Run by the CDK CLI ({@code cdk.json}), which chooses the output folder, or by
 * {@code ./mvnw -Psynth -DskipTests package}, which writes to {@code cdk.out} beside this example.
 */
public final class PizzaOrdersApp {

  private PizzaOrdersApp() {}

  public static void main(String[] args) {
    // The CDK CLI names the output folder in CDK_OUTDIR; without it, App would pick a temporary one.
    String outdir = System.getenv().getOrDefault("CDK_OUTDIR", System.getProperty("orderflow.outdir", "cdk.out"));
    App app = new App(AppProps.builder().outdir(outdir).build());
    new PizzaOrdersStack(app, "PizzaOrders", StackProps.builder()
        .description("OrderFlow example: a pizza-order system")
        .build());
    app.synth();
  }
}
