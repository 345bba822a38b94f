package dev.orderflow.local.dynamodb;

import java.util.concurrent.CountDownLatch;

/**
 * Runs the engine in the foreground: {@code --port N} (default: a free port). Prints one line,
 * its URL, and runs until Ctrl-C or SIGTERM.
 */
public final class Main {

  private Main() {}

  /**
   * Starts the engine from the command line.
   *
   * @param args {@code [--port N]}
   */
  public static void main(String[] args) throws InterruptedException {
    // Jetty logs through SLF4J; without a provider, SLF4J would print three lines of warnings.
    if (System.getProperty("slf4j.internal.verbosity") == null) {
      System.setProperty("slf4j.internal.verbosity", "ERROR");
    }
    int port = 0;
    boolean exitAfterStart = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--exit-after-start" -> exitAfterStart = true;
        case "--port" -> {
          if (i + 1 >= args.length) {
            fail("--port needs a number, e.g. --port 8000");
          }
          try {
            port = Integer.parseInt(args[++i]);
          } catch (NumberFormatException e) {
            fail("--port takes a number from 0 to 65535, but '" + args[i] + "' was given");
          }
        }
        case "-h", "--help" -> {
          System.out.println("usage: local-dynamodb [--port N]   an in-memory DynamoDB engine on 127.0.0.1;"
              + " port 0 or none picks a free one");
          return;
        }
        default -> fail("unknown option '" + args[i] + "'; usage: local-dynamodb [--port N]");
      }
    }
    DynamoDbEngine engine;
    try {
      engine = DynamoDbEngine.start(port);
    } catch (RuntimeException e) {
      fail(e.getMessage());
      return;
    }
    if (exitAfterStart) {
      // A training run for a class-data archive: one request over HTTP, then a clean stop.
      answerOneRequest(engine);
      engine.close();
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      engine.close();
      stopped.countDown();
    }, "dynamodb-engine-shutdown"));
    System.out.println(engine.endpoint());
    System.out.flush();
    stopped.await();
  }

  private static void answerOneRequest(DynamoDbEngine engine) {
    try {
      java.net.HttpURLConnection connection =
          (java.net.HttpURLConnection) engine.endpoint().toURL().openConnection();
      connection.setRequestMethod("POST");
      connection.setDoOutput(true);
      connection.setRequestProperty("X-Amz-Target", "DynamoDB_20120810.ListTables");
      connection.setRequestProperty("Content-Type", "application/x-amz-json-1.0");
      // Signed in form, as every client's request is (the engine checks no signature's value).
      connection.setRequestProperty("Authorization", "AWS4-HMAC-SHA256 Credential=local/20240101/us-east-1/dynamodb/"
          + "aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=0");
      connection.setRequestProperty("X-Amz-Date", "20240101T000000Z");
      connection.getOutputStream().write("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      connection.getInputStream().readAllBytes();
      connection.disconnect();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("the engine did not answer its own request", e);
    }
  }

  private static void fail(String message) {
    System.err.println("local-dynamodb: " + message);
    System.exit(2);
  }
}
