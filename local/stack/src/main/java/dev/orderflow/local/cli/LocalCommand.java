package dev.orderflow.local.cli;

import dev.orderflow.local.LocalSystem;
import dev.orderflow.local.LocalSystemBuilder;
import dev.orderflow.local.appsync.AppSyncEndpoint;
import dev.orderflow.local.assembly.CloudAssembly;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code orderflow-local} command line: runs a synthesized stack in the foreground until Ctrl-C
 * or SIGTERM.
 *
 * <pre>
 * orderflow-local --app cdk.out --stack PizzaOrders [--port 8080] [--redelivery-delay 2s]
 * </pre>
 *
 * <p>At start it prints, one a line: {@code graphql: <url>}, {@code api key: <key>},
 * {@code graphiql: <url>}, {@code aws endpoint: <url>}, {@code console: <url>} (the local console, on the AWS
 * endpoint's port), {@code aws credentials: <access key id> / <secret>},
 * {@code outbox: <file>}, {@code data: ...} (kept in the {@code --data} folder, or in memory),
 * {@code certificate: <pem>} (when the API is served), and {@code not emulated: ...} once; while it runs,
 * {@code ~/.orderflow/local/<pid>.json} says the same to other tools. At exit everything it started is gone:
 * ports, Node.js processes, temporary files and the discovery file; with {@code --data DIR}, the stack's data is
 * saved in that folder first. A wrong
 * argument ends it with one line and exit code 2; a stack that cannot start (no cloud assembly, no
 * such stack, no Node.js, a port in use) with one line and exit code 1.
 */
public final class LocalCommand {

  /** Exit code of a command line that cannot be run as given. */
  static final int USAGE_ERROR = 2;
  /** Exit code of a stack that could not start. */
  static final int START_ERROR = 1;

  private final PrintStream out;
  private final PrintStream err;
  private final Path home;

  LocalCommand(PrintStream out, PrintStream err, Path home) {
    this.out = out;
    this.err = err;
    this.home = home;
  }

  /**
   * Runs the command line; returns only when it fails to start, or after {@code --help}.
   *
   * @param args the options; {@code --help} lists them
   */
  public static void main(String[] args) {
    // Jetty and ElasticMQ log through SLF4J; without a provider, SLF4J prints warnings first.
    if (System.getProperty("slf4j.internal.verbosity") == null) {
      System.setProperty("slf4j.internal.verbosity", "ERROR");
    }
    LocalCommand command = new LocalCommand(System.out, System.err, Path.of(System.getProperty("user.home")));
    int code = command.run(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  /**
   * Parses, starts and waits for the shutdown hook; the exit code when it does not run.
   */
  int run(String[] args) {
    LocalOptions options;
    try {
      options = LocalOptions.parse(args);
    } catch (UsageException e) {
      return fail(USAGE_ERROR, e.getMessage() + " (--help lists the options)");
    }
    if (options.help()) {
      out.println(LocalOptions.USAGE);
      return 0;
    }
    Optional<String> problem = checkBeforeStart(options);
    if (problem.isPresent()) {
      return fail(START_ERROR, problem.get());
    }
    String stack;
    try {
      stack = stackOf(options);
    } catch (RuntimeException e) {
      return fail(START_ERROR, describe(e));
    }
    List<String> startLines = new ArrayList<>();
    LocalSystem system;
    try {
      LocalSystemBuilder builder = LocalSystem.builder(options.app(), stack)
          .graphqlPort(options.port())
          .iam(options.iam())
          .allowOrigins(options.allowOrigins())
          .dataDirectory(options.data() == null ? null : options.data().toAbsolutePath().normalize())
          .prices(options.prices())
          .output(line -> {
            out.println(line);
            out.flush();
          })
          // Half-dead is worse than stopped: a runner that gave up stops the whole system.
          .onRunnerGaveUp(line -> {
            err.println("orderflow-local: " + line + "; stopping");
            err.flush();
            System.exit(START_ERROR);
          })
          .log(startLines::add);
      if (options.redeliveryDelay() != null) {
        builder.redeliveryDelay(options.redeliveryDelay());
      }
      system = builder.start();
    } catch (RuntimeException e) {
      return fail(START_ERROR, "the stack " + stack + " did not start: " + describe(e));
    }
    DiscoveryFile discovery;
    Optional<AppSyncEndpoint> graphql = system.graphql();
    Path outbox = system.runDirectory().resolve("outbox.jsonl");
    try {
      discovery = DiscoveryFile.write(home, ProcessHandle.current().pid(), system.stackName(),
          graphql.map(AppSyncEndpoint::graphqlUrl).orElse(null), graphql.map(AppSyncEndpoint::apiKey).orElse(null),
          graphql.map(AppSyncEndpoint::graphiqlUrl).orElse(null), graphql.map(AppSyncEndpoint::awsCredentials).orElse(null),
          outbox, Instant.now(), system.awsEndpoint());
    } catch (RuntimeException e) {
      system.close();
      return fail(START_ERROR, describe(e));
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        discovery.delete();
        system.close();
      } finally {
        stopped.countDown();
      }
    }, "orderflow-local-shutdown"));

    if (graphql.isPresent()) {
      AppSyncEndpoint api = graphql.get();
      out.println("graphql: " + api.graphqlUrl());
      out.println("api key: " + (api.apiKey() == null ? "none (the API has no API key that is still valid)" : api.apiKey()));
      out.println("graphiql: " + api.graphiqlUrl());
      // IAM callers sign with this secret; any access key id is accepted, as the caller's identity.
      out.println("aws credentials: " + api.awsCredentials().accessKeyId() + " / "
          + api.awsCredentials().secretAccessKey());
    } else {
      out.println("graphql: none (the stack has no AppSync API)");
    }
    out.println("aws endpoint: " + system.awsEndpoint());
    out.println("console: " + system.consoleUrl());
    out.println("outbox: " + outbox);
    out.println(dataLine(options.data()));
    // Node.js clients trust the endpoint's TLS port (wss:// for subscriptions) with NODE_EXTRA_CA_CERTS.
    system.certificate().ifPresent(certificate -> out.println("certificate: " + certificate));
    for (String line : startLines) {
      if (line.startsWith("Not emulated locally: ")) {
        // One line per type: a stack's list is long.
        for (String type : line.substring("Not emulated locally: ".length()).split("; ")) {
          if (!type.isBlank()) {
            out.println("not emulated: " + type);
          }
        }
      } else {
        out.println(line);
      }
    }
    out.println("iam: " + switch (options.iam()) {
      case ENFORCE -> "enforced: a call that the stack's policies do not allow fails, and is printed here";
      case WARN -> "warn: a call that the stack's policies do not allow is printed here, and goes on";
      case OFF -> "off: the stack's policies are not judged";
    });
    out.println("running " + system.stackName() + " until Ctrl-C (discovery file " + discovery.path() + ")");
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /** The banner's line that says whether the stack's data outlives the run. */
  static String dataLine(Path data) {
    return data != null ? "data: kept in " + data.toAbsolutePath().normalize()
        : "data: in memory, gone at exit (--data DIR keeps it)";
  }

  /** The stack to run: the one named, or the cloud assembly's only stack. */
  private static String stackOf(LocalOptions options) {
    if (options.stack() != null) {
      return options.stack();
    }
    List<String> stacks = CloudAssembly.read(options.app()).stackNames();
    if (stacks.size() == 1) {
      return stacks.get(0);
    }
    throw new IllegalArgumentException(stacks.isEmpty() ? "the cloud assembly " + options.app() + " has no stack"
        : "the cloud assembly " + options.app() + " has " + stacks.size() + " stacks: give one with --stack "
            + String.join(", ", stacks));
  }

  /** The problems that are cheaper to name before anything starts. */
  private static Optional<String> checkBeforeStart(LocalOptions options) {
    Path app = options.app();
    if (!Files.isDirectory(app)) {
      return Optional.of("no cloud assembly at " + app + ": it is not a folder; run cdk synth first");
    }
    if (!Files.isRegularFile(app.resolve("manifest.json"))) {
      return Optional.of("no cloud assembly at " + app + ": it has no manifest.json; run cdk synth first");
    }
    // Node.js is looked for by the engines that need it, which say what to install.
    return Optional.empty();
  }

  /** The message of a failure and of its causes that add something, on one line. */
  private static String describe(Throwable failure) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message == null || message.isBlank() || text.indexOf(message) >= 0) {
        continue;
      }
      if (text.length() > 0) {
        text.append(": ");
      }
      text.append(message);
    }
    String line = text.length() == 0 ? failure.getClass().getSimpleName() : text.toString();
    return line.replace('\n', ' ');
  }

  private int fail(int code, String message) {
    err.println("orderflow-local: " + message);
    err.flush();
    return code;
  }
}
