package dev.orderflow.local.lambda.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Makes {@code Context} and {@code LambdaLogger} objects of the types the function sees: its own
 * bundled copy of the Lambda core library, or ours. A proxy fits either.
 */
public final class ContextFactory {

  private final Class<?> contextType;
  private final Class<?> loggerType;

  /**
   * Finds the handler types as the function's loader sees them.
   *
   * @param loader the function's class loader
   * @throws ClassNotFoundException when neither the package nor we have the Lambda core types
   */
  public ContextFactory(ClassLoader loader) throws ClassNotFoundException {
    this.contextType = Class.forName("com.amazonaws.services.lambda.runtime.Context", false, loader);
    this.loggerType = Class.forName("com.amazonaws.services.lambda.runtime.LambdaLogger", false, loader);
  }

  /**
   * What an invocation's {@code Context} answers.
   *
   * @param requestId the request id
   * @param functionName the function's name
   * @param functionArn the ARN it was invoked by
   * @param memoryMb the memory size
   * @param logGroup the log group name
   * @param logStream the log stream name
   * @param remainingMillis the time left before the timeout
   * @param log where the logger's lines go
   */
  public record Values(String requestId, String functionName, String functionArn, int memoryMb, String logGroup,
      String logStream, LongSupplier remainingMillis, Consumer<String> log) {}

  /**
   * A {@code Context} for one invocation.
   *
   * @param values what it answers
   * @return an object implementing the function's {@code Context} type
   */
  public Object context(Values values) {
    Object logger = Proxy.newProxyInstance(loggerType.getClassLoader(), new Class<?>[] {loggerType}, loggerHandler(values.log()));
    InvocationHandler handler = (proxy, method, args) -> {
      switch (method.getName()) {
        case "getAwsRequestId":
          return values.requestId();
        case "getLogGroupName":
          return values.logGroup();
        case "getLogStreamName":
          return values.logStream();
        case "getFunctionName":
          return values.functionName();
        case "getFunctionVersion":
          return "$LATEST";
        case "getInvokedFunctionArn":
          return values.functionArn();
        case "getRemainingTimeInMillis":
          return (int) Math.max(0, Math.min(Integer.MAX_VALUE, values.remainingMillis().getAsLong()));
        case "getMemoryLimitInMB":
          return values.memoryMb();
        case "getLogger":
          return logger;
        case "getIdentity":
        case "getClientContext":
        case "getXrayTraceId":
        case "getTenantId":
          return null;
        case "toString":
          return "Context[" + values.functionName() + " " + values.requestId() + "]";
        case "hashCode":
          return System.identityHashCode(proxy);
        case "equals":
          return proxy == args[0];
        default:
          if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
          }
          throw new UnsupportedOperationException("Context." + method.getName() + " is not available locally");
      }
    };
    return Proxy.newProxyInstance(contextType.getClassLoader(), new Class<?>[] {contextType}, handler);
  }

  private static InvocationHandler loggerHandler(Consumer<String> log) {
    return (proxy, method, args) -> {
      switch (method.getName()) {
        case "log":
          if (args != null && args.length > 0) {
            Object message = args[0];
            log.accept(message instanceof byte[] ? new String((byte[]) message, StandardCharsets.UTF_8) : String.valueOf(message));
          }
          return null;
        case "toString":
          return "LambdaLogger";
        case "hashCode":
          return System.identityHashCode(proxy);
        case "equals":
          return proxy == args[0];
        default:
          if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
          }
          return null;
      }
    };
  }
}
