package dev.orderflow.local.dynamodb;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives JUnit 5 tests an embedded DynamoDB engine, injected as a {@link DynamoDbEngine}
 * parameter of test methods, lifecycle methods and constructors.
 *
 * <pre>{@code
 * @ExtendWith(DynamoDbEngineExtension.class)          // one fresh engine per test class
 * class OrdersTest {
 *   @Test void savesAnOrder(DynamoDbEngine engine) { ... engine.endpoint() ... }
 * }
 *
 * class OtherTest {
 *   @RegisterExtension
 *   static DynamoDbEngineExtension dynamodb = DynamoDbEngineExtension.perMethod();   // fresh per test
 * }
 * }</pre>
 *
 * <p>{@link #shared()} gives every class that registers it the same engine, started once and
 * closed when the test run ends.
 */
public final class DynamoDbEngineExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

  /** How long one engine lives. */
  public enum Lifecycle {
    /** One engine per test class. */
    PER_CLASS,
    /** A fresh engine for each test method. */
    PER_METHOD,
    /** One engine for the whole test run, shared by every class that asks for it. */
    SHARED
  }

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(DynamoDbEngineExtension.class);
  private static final String KEY = "engine";

  private final Lifecycle lifecycle;
  private DynamoDbEngine current;

  /** The extension as {@code @ExtendWith} uses it: one engine per test class. */
  public DynamoDbEngineExtension() {
    this(Lifecycle.PER_CLASS);
  }

  private DynamoDbEngineExtension(Lifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  /** One engine per test class. */
  public static DynamoDbEngineExtension perClass() {
    return new DynamoDbEngineExtension(Lifecycle.PER_CLASS);
  }

  /** A fresh engine for each test method. */
  public static DynamoDbEngineExtension perMethod() {
    return new DynamoDbEngineExtension(Lifecycle.PER_METHOD);
  }

  /** One engine for the whole test run. */
  public static DynamoDbEngineExtension shared() {
    return new DynamoDbEngineExtension(Lifecycle.SHARED);
  }

  /** The engine of the running test; available once the extension's callbacks have run. */
  public DynamoDbEngine engine() {
    if (current == null) {
      throw new IllegalStateException("No engine yet: the extension starts it before the tests of its class run");
    }
    return current;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (lifecycle == Lifecycle.SHARED) {
      current = context.getRoot().getStore(NAMESPACE)
          .getOrComputeIfAbsent(KEY, key -> new Closing(DynamoDbEngine.start()), Closing.class).engine;
    } else if (lifecycle == Lifecycle.PER_CLASS) {
      current = context.getStore(NAMESPACE).getOrComputeIfAbsent(KEY, key -> new Closing(DynamoDbEngine.start()),
          Closing.class).engine;
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (lifecycle == Lifecycle.PER_METHOD) {
      current = context.getStore(NAMESPACE).getOrComputeIfAbsent(KEY, key -> new Closing(DynamoDbEngine.start()),
          Closing.class).engine;
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    // The store closes a per-method engine when the method's context ends.
  }

  @Override
  public void afterAll(ExtensionContext context) {
    // The store closes a per-class engine when the class's context ends; a shared one at the end of the run.
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == DynamoDbEngine.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    if (lifecycle == Lifecycle.PER_METHOD) {
      return context.getStore(NAMESPACE).getOrComputeIfAbsent(KEY, key -> new Closing(DynamoDbEngine.start()),
          Closing.class).engine;
    }
    return engine();
  }

  /** Closes its engine when JUnit closes the store that holds it. */
  private static final class Closing implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    final DynamoDbEngine engine;

    Closing(DynamoDbEngine engine) {
      this.engine = engine;
    }

    @Override
    public void close() {
      engine.close();
    }
  }
}
