package dev.orderflow.local;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs a synthesized stack for a JUnit 5 test class: started once before its tests, closed after
 * them, and injected as a {@link LocalSystem} parameter.
 *
 * <pre>{@code
 * class MyStackTest {
 *   @RegisterExtension
 *   static LocalSystemExtension local = LocalSystemExtension.of(MyStackTest::synthesize, "MyStack",
 *       settings -> settings.redeliveryDelay(Duration.ofSeconds(1)));
 *
 *   static Path synthesize() { ... app.synth() ... return outdir; }
 *
 *   @Test void processesAnOrder(LocalSystem system) { ... }
 * }
 * }</pre>
 */
public final class LocalSystemExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

  private final Supplier<Path> cloudAssembly;
  private final String stackName;
  private final UnaryOperator<LocalSystemBuilder> settings;
  private LocalSystem system;

  private LocalSystemExtension(Supplier<Path> cloudAssembly, String stackName,
      UnaryOperator<LocalSystemBuilder> settings) {
    this.cloudAssembly = Objects.requireNonNull(cloudAssembly, "cloudAssembly");
    this.stackName = Objects.requireNonNull(stackName, "stackName");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** The stack {@code stackName} of the cloud assembly that {@code cloudAssembly} gives, with default settings. */
  public static LocalSystemExtension of(Supplier<Path> cloudAssembly, String stackName) {
    return new LocalSystemExtension(cloudAssembly, stackName, UnaryOperator.identity());
  }

  /** The same, with settings applied to the {@link LocalSystemBuilder} before it starts. */
  public static LocalSystemExtension of(Supplier<Path> cloudAssembly, String stackName,
      UnaryOperator<LocalSystemBuilder> settings) {
    return new LocalSystemExtension(cloudAssembly, stackName, settings);
  }

  /** The running system; available once the test class's tests run. */
  public LocalSystem system() {
    if (system == null) {
      throw new IllegalStateException("the stack " + stackName + " starts before the tests of the class run");
    }
    return system;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    system = settings.apply(LocalSystem.builder(cloudAssembly.get(), stackName)).start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (system != null) {
      system.close();
      system = null;
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LocalSystem.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return system();
  }
}
