package dev.orderflow.local.lambda.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Calls a Java Lambda handler as the Lambda Java runtime does: {@code pkg.Class::method} or a
 * {@code pkg.Class} that implements {@code RequestHandler} or {@code RequestStreamHandler}; a
 * stream method gets the payload's bytes, any other method gets the payload read from JSON into
 * its parameter type, and its result written back as JSON.
 */
public final class HandlerInvoker {

  private static final String RUNTIME = "com.amazonaws.services.lambda.runtime.";
  private final ObjectMapper mapper;
  private final Object instance;
  private final Method method;
  private final boolean stream;
  private final boolean takesContext;
  private final JavaType inputType;

  private HandlerInvoker(ObjectMapper mapper, Object instance, Method method, boolean stream, boolean takesContext,
      JavaType inputType) {
    this.mapper = mapper;
    this.instance = instance;
    this.method = method;
    this.stream = stream;
    this.takesContext = takesContext;
    this.inputType = inputType;
  }

  /**
   * Loads the handler class and makes its instance: the function's cold start.
   *
   * @param loader the function's class loader
   * @param handler the {@code Handler} property
   * @return the invoker
   * @throws Throwable what the handler's class initialisation or constructor threw, or a
   *     {@link ClassNotFoundException} / {@link NoSuchMethodException} naming what is missing
   */
  public static HandlerInvoker load(ClassLoader loader, String handler) throws Throwable {
    String className = handler;
    String methodName = null;
    int sep = handler.indexOf("::");
    if (sep >= 0) {
      className = handler.substring(0, sep);
      methodName = handler.substring(sep + 2);
    }
    Class<?> type;
    try {
      type = Class.forName(className, true, loader);
    } catch (ExceptionInInitializerError e) {
      throw e.getCause() == null ? e : e.getCause();
    }
    if (methodName == null) {
      if (implementsType(type, RUNTIME + "RequestStreamHandler") || implementsType(type, RUNTIME + "RequestHandler")) {
        methodName = "handleRequest";
      } else {
        throw new NoSuchMethodException("handler class " + className + " implements neither RequestHandler nor "
            + "RequestStreamHandler; name the method as " + className + "::methodName");
      }
    }
    Method method = pick(type, methodName, className);
    Object instance = null;
    if (!Modifier.isStatic(method.getModifiers())) {
      Constructor<?> constructor = type.getDeclaredConstructor();
      constructor.setAccessible(true);
      try {
        instance = constructor.newInstance();
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
    method.setAccessible(true);
    Class<?>[] params = method.getParameterTypes();
    boolean stream = params.length >= 2 && params[0] == InputStream.class && params[1] == OutputStream.class;
    boolean takesContext = params.length == (stream ? 3 : 2);
    // One mapper per function: its type cache holds the function's classes, which must go with it.
    ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    JavaType inputType = !stream && params.length > 0
        ? mapper.getTypeFactory().constructType(inputType(type, method))
        : null;
    return new HandlerInvoker(mapper, instance, method, stream, takesContext, inputType);
  }

  private static Method pick(Class<?> type, String name, String className) throws NoSuchMethodException {
    List<Method> candidates = new ArrayList<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Method m : c.getDeclaredMethods()) {
        if (m.getName().equals(name) && !m.isBridge() && !m.isSynthetic() && m.getParameterCount() <= 3) {
          candidates.add(m);
        }
      }
    }
    for (Method m : type.getMethods()) {
      if (m.getName().equals(name) && !m.isBridge() && !candidates.contains(m)) {
        candidates.add(m);
      }
    }
    candidates.removeIf(m -> !fits(m));
    if (candidates.isEmpty()) {
      throw new NoSuchMethodException("handler class " + className + " has no method " + name
          + " taking (input[, Context]) or (InputStream, OutputStream[, Context])");
    }
    // As the Lambda runtime does: the stream form first, then the most parameters.
    candidates.sort(Comparator.comparing((Method m) -> !(m.getParameterCount() >= 2 && m.getParameterTypes()[0] == InputStream.class))
        .thenComparing(m -> -m.getParameterCount()));
    return candidates.get(0);
  }

  private static boolean fits(Method m) {
    Class<?>[] p = m.getParameterTypes();
    if (p.length >= 2 && p[0] == InputStream.class && p[1] == OutputStream.class) {
      return p.length == 2 || isContext(p[2]);
    }
    return p.length <= 1 || (p.length == 2 && isContext(p[1]));
  }

  private static boolean isContext(Class<?> c) {
    return c.getName().equals(RUNTIME + "Context");
  }

  private static boolean implementsType(Class<?> type, String name) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      for (Class<?> i : c.getInterfaces()) {
        if (i.getName().equals(name) || implementsType(i, name)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The declared input type: the RequestHandler type argument when the parameter is a type variable. */
  private static Type inputType(Class<?> type, Method method) {
    Type declared = method.getGenericParameterTypes()[0];
    if (!(declared instanceof Class) && !(declared instanceof ParameterizedType)) {
      for (Type t : type.getGenericInterfaces()) {
        if (t instanceof ParameterizedType && ((ParameterizedType) t).getRawType().getTypeName().equals(RUNTIME + "RequestHandler")) {
          return ((ParameterizedType) t).getActualTypeArguments()[0];
        }
      }
      return Object.class;
    }
    return declared;
  }

  /**
   * Runs the handler once.
   *
   * @param payload the event's JSON bytes
   * @param context the {@code Context} object to pass
   * @return the response's bytes (JSON)
   * @throws Throwable what the handler threw
   */
  public byte[] invoke(byte[] payload, Object context) throws Throwable {
    try {
      if (stream) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = new ByteArrayInputStream(payload);
        if (takesContext) {
          method.invoke(instance, in, out, context);
        } else {
          method.invoke(instance, in, out);
        }
        return out.toByteArray();
      }
      Object result;
      if (inputType == null) {
        result = method.invoke(instance);
      } else {
        Object input = payload.length == 0 ? null : mapper.readValue(payload, inputType);
        result = takesContext ? method.invoke(instance, input, context) : method.invoke(instance, input);
      }
      return mapper.writeValueAsBytes(result);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
