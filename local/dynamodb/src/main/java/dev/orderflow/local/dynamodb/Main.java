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
    int port = 0;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
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
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      engine.close();
      stopped.countDown();
    }, "dynamodb-engine-shutdown"));
    System.out.println(engine.endpoint());
    System.out.flush();
    stopped.await();
  }

  private static void fail(String message) {
    System.err.println("local-dynamodb: " + message);
    System.exit(2);
  }
}
