package dev.orderflow.examples.pizza;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.StackProps;

/**
 * The example's stack with a notification address, as {@code cdk synth} writes it: synthesized
 * once for all the test classes of a run (a synth costs seconds), so no test may change it. The
 * stack checks read its template and validation report, the end-to-end tests run its cloud
 * assembly.
 */
public final class SynthesizedExample {

  public static final String STACK_NAME = "PizzaOrders";
  public static final String NOTIFICATION_EMAIL = "pizza@example.com";

  private static SynthesizedExample once;

  private final PizzaOrdersStack stack;
  private final Path cloudAssembly;

  private SynthesizedExample(PizzaOrdersStack stack, Path cloudAssembly) {
    this.stack = stack;
    this.cloudAssembly = cloudAssembly;
  }

  /** The example, synthesized by the first caller of the run. */
  public static SynthesizedExample get() {
    return Jsii.locked(SynthesizedExample::synthesizeOnce);
  }

  private static SynthesizedExample synthesizeOnce() {
    if (once == null) {
      try {
        Path outdir = Files.createTempDirectory("orderflow-pizza-orders-");
        outdir.toFile().deleteOnExit();
        App app = new App(AppProps.builder().outdir(outdir.toString())
            .context(Map.of("notificationEmail", NOTIFICATION_EMAIL)).build());
        PizzaOrdersStack stack = new PizzaOrdersStack(app, STACK_NAME, StackProps.builder().build());
        app.synth();
        once = new SynthesizedExample(stack, outdir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return once;
  }

  /** The synthesized stack (its app is synthesized: the validation report is written). */
  public PizzaOrdersStack stack() {
    return stack;
  }

  /** The cloud assembly folder. */
  public Path cloudAssembly() {
    return cloudAssembly;
  }

  /** The stack's template, as a map for {@code Template.fromJSON}. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> template() {
    try {
      return new ObjectMapper().readValue(cloudAssembly.resolve(STACK_NAME + ".template.json").toFile(), Map.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
