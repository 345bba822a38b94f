package dev.orderflow.constructs.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Locale;

/**
 * Layers jsii props structs: construct defaults, then every value the user set, then the values
 * the construct needs to work. Every property of the struct is carried over by reflection, so a
 * user's setting is never dropped because this library did not know of it.
 */
public final class Props {

  private Props() {}

  /**
   * Copies every property that {@code source} sets into {@code target}, replacing what
   * {@code target} had for it. {@code type} is the struct interface, such as {@code QueueProps}.
   */
  public static <T, B> B copyInto(Class<T> type, T source, B target) {
    for (Method getter : type.getMethods()) {
      if (Modifier.isStatic(getter.getModifiers())
          || getter.getParameterCount() != 0
          || !getter.getName().startsWith("get")
          || getter.getDeclaringClass() == Object.class
          || getter.getDeclaringClass().getName().startsWith("software.amazon.jsii.")) {
        continue;
      }
      Object value = invoke(getter, source);
      if (value == null) {
        continue;
      }
      String property = getter.getName().substring(3, 4).toLowerCase(Locale.ROOT) + getter.getName().substring(4);
      invoke(builderMethod(target.getClass(), property, getter.getReturnType()), target, value);
    }
    return target;
  }

  private static Method builderMethod(Class<?> builderType, String property, Class<?> valueType) {
    try {
      return builderType.getMethod(property, valueType);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(
          builderType.getName() + " has no method " + property + "(" + valueType.getSimpleName() + ")", e);
    }
  }

  private static Object invoke(Method method, Object target, Object... args) {
    try {
      return method.invoke(target, args);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("Could not call " + method, e);
    }
  }
}
