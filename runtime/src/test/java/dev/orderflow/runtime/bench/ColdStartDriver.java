package dev.orderflow.runtime.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One cold start, as the Lambda Java runtime makes it: load the handler class by name, construct
 * it, answer one request, print the answer. {@code scripts/bench-runtime.sh} times whole runs of
 * this program, one fresh JVM each.
 *
 * <p>Arguments: the handler class name, then the request JSON.
 */
public final class ColdStartDriver {

  private ColdStartDriver() {}

  public static void main(String[] args) throws Exception {
    RequestStreamHandler handler =
        (RequestStreamHandler) Class.forName(args[0]).getConstructor().newInstance();
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(args[1].getBytes(StandardCharsets.UTF_8)), output, null);
    System.out.println(output.toString(StandardCharsets.UTF_8));
  }
}
