package dev.orderflow.constructs.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Locale;
import java.util.Map;

/**
 * Forwards a part's options whole to the builder of its props: every attribute of the options
 * type, so that a setting added to an {@code XxxOptions} type reaches its part without the
 * composite naming it.
 */
public final class Options {

  private Options() {}

  /**
   * Sets on {@code builder} (an Immutables builder of a props type that extends {@code type}) every
   * attribute of {@code options}: plain values with the setter of the same name, collections with
   * {@code addAllXxx}, maps with {@code putAllXxx}.
   */
  public static <O, B> B forward(Class<O> type, O options, B builder) {
    for (Method getter : type.getMethods()) {
      if (Modifier.isStatic(getter.getModifiers())
          || getter.getParameterCount() != 0
          || getter.getReturnType() == void.class
          || getter.getDeclaringClass() == Object.class) {
        continue;
      }
      String name = getter.getName();
      Class<?> valueType = getter.getReturnType();
      Object value = invoke(getter, options);
      if (Iterable.class.isAssignableFrom(valueType)) {
        invoke(setter(builder, "addAll" + capitalized(name), Iterable.class), builder, value);
      } else if (Map.class.isAssignableFrom(valueType)) {
        invoke(setter(builder, "putAll" + capitalized(name), Map.class), builder, value);
      } else {
        invoke(setter(builder, name, valueType), builder, value);
      }
    }
    return builder;
  }

  private static String capitalized(String name) {
    return name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
  }

  private static Method setter(Object builder, String name, Class<?> valueType) {
    try {
      return builder.getClass().getMethod(name, valueType);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(
          builder.getClass().getName() + " has no method " + name + "(" + valueType.getSimpleName() + ")", e);
    }
  }

  private static Object invoke(Method method, Object target, Object... args) {
    try {
      return method.invoke(target, args);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("Could not call " + method, e);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("Could not call " + method, e);
    }
  }
}
