package dev.orderflow.local.cli;

import dev.orderflow.local.gateway.IamMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The options of the command line, parsed and checked.
 *
 * @param app the cloud assembly folder ({@code cdk.out})
 * @param stack the stack's name in the cloud assembly, or null for its only stack
 * @param port the GraphQL port; 0 picks a free one
 * @param redeliveryDelay the local redelivery delay of failed pipe batches, or null for none
 * @param iam what is done with calls that the template's IAM policies do not allow
 * @param allowOrigins browser origins served besides the loopback ones
 * @param data the folder that keeps the stack's data between runs, or null to keep it in memory
 * @param help whether only the usage was asked for
 * @param prices a JSON file of prices that replace the bill's shipped ones, or null
 */
record LocalOptions(Path app, String stack, int port, Duration redeliveryDelay, IamMode iam, List<String> allowOrigins,
    Path data, boolean help, Path prices) {

  static final String USAGE = """
      usage: orderflow-local --app <cdk.out folder> [--stack <name>] [--port N] [--iam MODE]
                             [--redelivery-delay D] [--allow-origin ORIGIN]... [--data DIR]
                             [--prices FILE]

      Runs a synthesized stack on this machine until Ctrl-C or SIGTERM, and prints its GraphQL URL,
      API key, GraphiQL page and email outbox.

        --app DIR               the cloud assembly that cdk synth wrote (required)
        --stack NAME            the stack to run, as the cloud assembly names it; may be left out
                                when the cloud assembly has one stack
        --port N                the GraphQL port, 0 to 65535; 0 (the default) picks a free one
        --iam MODE              enforce (the default): a call between the stack's resources that
                                its IAM policies do not allow fails as on AWS, and is printed;
                                warn: it is printed and goes on; off: policies are not judged
        --redelivery-delay D    after a pipe's target fails, its messages come back after D
                                (e.g. 500ms, 2s, 1m, PT2S) instead of their visibility timeout
        --allow-origin ORIGIN   a browser origin that may call the GraphQL endpoint besides
                                http(s)://localhost, 127.0.0.1 and [::1] on any port, e.g.
                                https://dev.example.test:3000; may be given several times
        --data DIR              keep the tables, queues, executions and outbox in DIR between
                                runs (made when missing); without it they are gone at exit
        --prices FILE           prices for the bill (GET /_orderflow/bill) that replace the
                                shipped us-east-1 list prices: a JSON file shaped like
                                prices-us-east-1.json, naming only the prices to change
        -h, --help              this text""";

  /** Parses the arguments; never null. */
  static LocalOptions parse(String[] args) throws UsageException {
    Path app = null;
    String stack = null;
    int port = 0;
    Duration redeliveryDelay = null;
    IamMode iam = IamMode.ENFORCE;
    List<String> allowOrigins = new ArrayList<>();
    Path data = null;
    Path prices = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg;
      String value = null;
      int equals = arg.indexOf('=');
      if (arg.startsWith("--") && equals > 0) {
        name = arg.substring(0, equals);
        value = arg.substring(equals + 1);
      }
      switch (name) {
        case "-h", "--help" -> {
          return new LocalOptions(null, null, 0, null, IamMode.ENFORCE, List.of(), null, true, null);
        }
        case "--app" -> {
          value = value != null ? value : next(args, ++i, "--app", "a cloud assembly folder, e.g. --app cdk.out");
          app = Path.of(value);
        }
        case "--stack" -> stack = value != null ? value : next(args, ++i, "--stack", "a stack name, e.g. --stack PizzaOrders");
        case "--port" -> port = port(value != null ? value : next(args, ++i, "--port", "a number, e.g. --port 8080"));
        case "--redelivery-delay" -> redeliveryDelay = duration(value != null ? value
            : next(args, ++i, "--redelivery-delay", "a duration, e.g. --redelivery-delay 2s"));
        case "--iam" -> iam = iam(value != null ? value : next(args, ++i, "--iam", "enforce, warn or off"));
        case "--allow-origin" -> allowOrigins.add(origin(value != null ? value
            : next(args, ++i, "--allow-origin", "an origin, e.g. --allow-origin https://dev.example.test:3000")));
        case "--prices" -> prices = Path.of(value != null ? value : next(args, ++i, "--prices", "a JSON file, e.g. --prices my-prices.json"));
        case "--data" -> data = Path.of(value != null ? value : next(args, ++i, "--data", "a folder, e.g. --data .orderflow-data"));
        default -> throw new UsageException("unknown option '" + arg
            + "'; the options are --app, --stack, --port, --iam, --redelivery-delay, --allow-origin, --data, --prices and --help");
      }
    }
    if (app == null) {
      throw new UsageException("--app is missing: give the cloud assembly folder that cdk synth wrote, e.g. --app cdk.out");
    }
    if (stack != null && stack.isBlank()) {
      throw new UsageException("--stack is empty: give the name of the stack to run, e.g. --stack PizzaOrders");
    }
    if (data != null && Files.exists(data) && !Files.isDirectory(data)) {
      throw new UsageException("--data " + data + " is a file: give a folder, new or kept from an earlier run");
    }
    if (prices != null && !Files.isRegularFile(prices)) {
      throw new UsageException("--prices " + prices + " is not a file: give a JSON file of prices");
    }
    return new LocalOptions(app, stack, port, redeliveryDelay, iam, List.copyOf(allowOrigins), data, false, prices);
  }

  private static String origin(String value) throws UsageException {
    try {
      return dev.orderflow.local.appsync.AppSyncEndpoint.checkOrigin(value);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--allow-origin: " + e.getMessage());
    }
  }

  private static String next(String[] args, int index, String option, String wanted) throws UsageException {
    if (index >= args.length || args[index].startsWith("--")) {
      throw new UsageException(option + " needs " + wanted);
    }
    return args[index];
  }

  private static IamMode iam(String value) throws UsageException {
    try {
      return IamMode.parse(value.trim());
    } catch (IllegalArgumentException e) {
      throw new UsageException("--iam takes enforce, warn or off, but '" + value + "' was given");
    }
  }

  private static int port(String value) throws UsageException {
    try {
      int port = Integer.parseInt(value.trim());
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // answered below, with what is allowed
    }
    throw new UsageException("--port takes a number from 0 to 65535, but '" + value + "' was given");
  }

  /** A duration as people write it ({@code 500ms}, {@code 2s}, {@code 1m}) or in ISO-8601 ({@code PT2S}). */
  static Duration duration(String value) throws UsageException {
    String text = value.trim().toLowerCase(Locale.ROOT);
    Duration duration = null;
    try {
      if (text.startsWith("pt") || text.startsWith("p")) {
        duration = Duration.parse(text.toUpperCase(Locale.ROOT));
      } else if (text.endsWith("ms")) {
        duration = Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
      } else if (text.endsWith("s")) {
        duration = Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
      } else if (text.endsWith("m")) {
        duration = Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
      }
    } catch (NumberFormatException | DateTimeParseException e) {
      duration = null;
    }
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new UsageException("--redelivery-delay takes a positive duration such as 500ms, 2s, 1m or PT2S, but '"
          + value + "' was given");
    }
    return duration;
  }
}
