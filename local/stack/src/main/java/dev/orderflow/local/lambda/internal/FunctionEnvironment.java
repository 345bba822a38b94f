package dev.orderflow.local.lambda.internal;

import java.util.Map;

/**
 * The environment variables of one Lambda function. Not used from here: its class file is defined
 * anew inside each function's class loader, so each function has its own copy of {@link #values},
 * and the function's calls to {@code System.getenv} are rewritten to call this class instead.
 */
public final class FunctionEnvironment {

  /** The function's variables; set once, right after its class loader is made. */
  public static volatile Map<String, String> values = Map.of();

  private FunctionEnvironment() {}

  /**
   * Stands in for {@link System#getenv(String)}.
   *
   * @param name the variable
   * @return its value, or null
   */
  public static String getenv(String name) {
    if (name == null) {
      throw new NullPointerException("name");
    }
    return values.get(name);
  }

  /**
   * Stands in for {@link System#getenv()}.
   *
   * @return all variables, unmodifiable
   */
  public static Map<String, String> getenv() {
    return values;
  }
}
