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
 *
 * <p>{@link #shared} gives every test class of the test run that asks for the same cloud assembly,
 * stack and settings one system: started by the first of them, closed when the run ends. Starting
 * a system takes seconds, so classes whose tests only add their own orders share one; a class whose
 * tests stop, break or restart parts of the system, count everything in a table or queue, or read
 * its output keeps its own with {@link #of}.
 */
public final class LocalSystemExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace SHARED = ExtensionContext.Namespace.create(LocalSystemExtension.class);

  private final Supplier<Path> cloudAssembly;
  private final String stackName;
  private final UnaryOperator<LocalSystemBuilder> settings;
  private final boolean shared;
  private LocalSystem system;

  private LocalSystemExtension(Supplier<Path> cloudAssembly, String stackName,
      UnaryOperator<LocalSystemBuilder> settings, boolean shared) {
    this.cloudAssembly = Objects.requireNonNull(cloudAssembly, "cloudAssembly");
    this.stackName = Objects.requireNonNull(stackName, "stackName");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.shared = shared;
  }

  /** The stack {@code stackName} of the cloud assembly that {@code cloudAssembly} gives, with default settings. */
  public static LocalSystemExtension of(Supplier<Path> cloudAssembly, String stackName) {
    return new LocalSystemExtension(cloudAssembly, stackName, UnaryOperator.identity(), false);
  }

  /** The same, with settings applied to the {@link LocalSystemBuilder} before it starts. */
  public static LocalSystemExtension of(Supplier<Path> cloudAssembly, String stackName,
      UnaryOperator<LocalSystemBuilder> settings) {
    return new LocalSystemExtension(cloudAssembly, stackName, settings, false);
  }

  /**
   * One system for every test class of the run that shares it with the same cloud assembly (the
   * same folder), stack and settings: started before the first such class, closed at the end of
   * the run. Its tables, queues and outbox hold what every one of those classes left, so their
   * tests must find their own orders by id rather than count everything.
   */
  public static LocalSystemExtension shared(Supplier<Path> cloudAssembly, String stackName) {
    return new LocalSystemExtension(cloudAssembly, stackName, UnaryOperator.identity(), true);
  }

  /**
   * The same, with settings: classes share a system when their settings are equal (callbacks
   * such as {@link LocalSystemBuilder#output} are never equal, so a class that reads them gets its
   * own system).
   */
  public static LocalSystemExtension shared(Supplier<Path> cloudAssembly, String stackName,
      UnaryOperator<LocalSystemBuilder> settings) {
    return new LocalSystemExtension(cloudAssembly, stackName, settings, true);
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
    LocalSystemBuilder builder = settings.apply(LocalSystem.builder(cloudAssembly.get(), stackName));
    system = shared
        ? context.getRoot().getStore(SHARED).getOrComputeIfAbsent(builder.sharingKey(),
            key -> new Running(builder.start()), Running.class).system
        : builder.start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (shared) {
      // The root store closes a shared system when the run ends.
      system = null;
    } else if (system != null) {
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

  /** A shared system, closed when JUnit closes the root store at the end of the run. */
  private static final class Running implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    final LocalSystem system;

    Running(LocalSystem system) {
      this.system = system;
    }

    @Override
    public void close() {
      system.close();
    }
  }
}
