package dev.orderflow.constructs.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.jsii.JsiiSerializable;

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
      if (!isProperty(getter)) {
        continue;
      }
      Object value = invoke(getter, source);
      if (value == null) {
        continue;
      }
      String property = propertyName(getter);
      invoke(builderMethod(target.getClass(), property, getter.getReturnType()), target, value);
    }
    return target;
  }

  /**
   * {@code ours} with what {@code theirs} adds, for two values of one jsii struct (such as a pipe's
   * source parameters): a property that only one of them sets is taken from it, nested structs are
   * merged the same way, and a property that both set must be equal. {@code path} names
   * {@code theirs} in the refusal.
   *
   * @throws IllegalArgumentException naming the property at {@code path} that both set differently
   */
  public static Object merge(String path, Object ours, Object theirs) {
    if (theirs == null) {
      return ours;
    }
    if (ours == null) {
      return theirs;
    }
    Optional<Class<?>> struct = structOf(ours);
    if (struct.isPresent() && struct.get().isInstance(theirs)) {
      return mergeStruct(path, struct.get(), ours, theirs);
    }
    if (ours.equals(theirs) || ours instanceof Number a && theirs instanceof Number b
        && a.doubleValue() == b.doubleValue()) {
      return ours;
    }
    throw new IllegalArgumentException(path + " is set by the construct to " + shown(ours) + ", but "
        + shown(theirs) + " was provided: leave it unset, or set it with the construct's own prop where there is one");
  }

  private static Object mergeStruct(String path, Class<?> struct, Object ours, Object theirs) {
    Object builder = invoke(method(struct, "builder"), null);
    for (Method getter : struct.getMethods()) {
      if (!isProperty(getter)) {
        continue;
      }
      String property = propertyName(getter);
      Object value = merge(path + "." + property, invoke(getter, ours), invoke(getter, theirs));
      if (value != null) {
        invoke(setterFor(builder.getClass(), property, value), builder, value);
      }
    }
    return invoke(method(builder.getClass(), "build"), builder);
  }

  /** A value as a message shows it: structs and lists of structs as their JSON. */
  private static String shown(Object value) {
    if (value instanceof JsiiSerializable struct) {
      return struct.$jsii$toJson().toString();
    }
    if (value instanceof List<?> list) {
      return list.stream().map(Props::shown).collect(Collectors.joining(", ", "[", "]"));
    }
    return String.valueOf(value);
  }

  /** The jsii struct interface a value built by a jsii builder implements, if it is one. */
  private static Optional<Class<?>> structOf(Object value) {
    if (!value.getClass().getName().endsWith("$Jsii$Proxy")) {
      return Optional.empty();
    }
    return Arrays.stream(value.getClass().getInterfaces())
        .filter(type -> Arrays.stream(type.getMethods()).anyMatch(m -> m.getName().equals("builder")
            && Modifier.isStatic(m.getModifiers())))
        .findFirst()
        .map(type -> (Class<?>) type);
  }

  /** The builder's setter of {@code property} that takes {@code value}: jsii unions have one per type. */
  private static Method setterFor(Class<?> builderType, String property, Object value) {
    return Arrays.stream(builderType.getMethods())
        .filter(m -> m.getName().equals(property) && m.getParameterCount() == 1
            && m.getParameterTypes()[0].isInstance(value))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(
            builderType.getName() + " has no method " + property + " for " + value.getClass().getName()));
  }

  private static Method method(Class<?> type, String name) {
    try {
      return type.getMethod(name);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(type.getName() + " has no method " + name + "()", e);
    }
  }

  private static boolean isProperty(Method getter) {
    return !Modifier.isStatic(getter.getModifiers())
        && getter.getParameterCount() == 0
        && getter.getName().startsWith("get")
        && getter.getDeclaringClass() != Object.class
        && !getter.getDeclaringClass().getName().startsWith("software.amazon.jsii.");
  }

  private static String propertyName(Method getter) {
    return getter.getName().substring(3, 4).toLowerCase(Locale.ROOT) + getter.getName().substring(4);
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
