package dev.orderflow.client.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.client.ConditionalFailureException;
import dev.orderflow.client.OrderApiException;
import dev.orderflow.client.OrderNotFoundException;
import dev.orderflow.client.ThrottlingException;
import dev.orderflow.client.UnauthorizedException;
import dev.orderflow.client.UnavailableException;
import dev.orderflow.client.ValidationException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code orderflow} command line: {@code post}, {@code get}, {@code list}, {@code update},
 * {@code delete}, {@code watch} and {@code load} against an order API.
 */
@Command(name = "orderflow", mixinStandardHelpOptions = true, version = "orderflow 0.1.0",
    description = "Calls an OrderFlow order API: deployed on AppSync, or a local system of orderflow-local.",
    subcommands = {PostCommand.class, GetCommand.class, ListCommand.class, UpdateCommand.class, DeleteCommand.class,
        WatchCommand.class, LoadCommand.class, RehearseCommand.class, CommandLine.HelpCommand.class},
    footerHeading = "%nExamples:%n",
    footer = {
        "  orderflow post --local --name Margherita --quantity 2 --restaurant Dominos",
        "  orderflow list --outputs cdk-outputs.json --all",
        "  orderflow load --local --orders 200 --concurrency 16",
        "",
        "Where the API is: --url and --api-key (or ORDERFLOW_URL and",
        "ORDERFLOW_API_KEY), --outputs cdk-outputs.json, or --local.",
        "",
        "Exit codes:",
        "  0  done",
        "  1  an unexpected error",
        "  2  bad arguments or settings (no URL, no key, unreadable outputs file)",
        "  3  no such order (or not the caller's)",
        "  4  refused by the API: invalid input, or the order's state forbids it",
        "  5  the API refused the credentials",
        "  6  the API is unreachable, throttling or failing",
        "  7  watch or load ended with orders not final, or load had failed posts"})
public final class OrderflowCommand implements Runnable {

  @Spec
  CommandSpec spec;

  /** Runs the command line and exits with its exit code. */
  public static void main(String[] args) {
    System.exit(run(Env.system(), args));
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed");
  }

  /** Runs the command line in this JVM and answers its exit code. */
  static int run(Env env, String... args) {
    ObjectMapper json = new ObjectMapper();
    CommandLine cli = new CommandLine(new OrderflowCommand(), new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        if (ApiCommand.class.isAssignableFrom(type) || type == RehearseCommand.class) {
          return type.cast(type.getDeclaredConstructor(Env.class, ObjectMapper.class).newInstance(env, json));
        }
        return CommandLine.defaultFactory().create(type);
      }
    });
    cli.setOut(env.out());
    cli.setErr(env.err());
    cli.setParameterExceptionHandler((e, arguments) -> {
      PrintWriter err = e.getCommandLine().getErr();
      err.println("orderflow: " + e.getMessage());
      err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
      err.flush();
      return ExitCodes.USAGE;
    });
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> failure(env, e));
    return cli.execute(args);
  }

  /** One line for the user, and the exit code of the failure. */
  static int failure(Env env, Exception e) {
    int code;
    String message = e.getMessage();
    if (e instanceof UsageException || e instanceof IllegalArgumentException) {
      code = ExitCodes.USAGE;
    } else if (e instanceof OrderNotFoundException) {
      code = ExitCodes.NOT_FOUND;
    } else if (e instanceof ValidationException || e instanceof ConditionalFailureException) {
      code = ExitCodes.REFUSED;
      message = ((OrderApiException) e).kind() + ": " + message;
    } else if (e instanceof UnauthorizedException) {
      code = ExitCodes.UNAUTHORIZED;
      message = "the API refused the credentials: " + message;
    } else if (e instanceof UnavailableException || e instanceof ThrottlingException) {
      code = ExitCodes.UNAVAILABLE;
    } else if (e instanceof OrderApiException api) {
      code = "OrderQueueError".equals(api.errorType().orElse(null)) ? ExitCodes.UNAVAILABLE : ExitCodes.ERROR;
      message = api.kind() + ": " + message;
    } else if (e.getClass().getName().startsWith("software.amazon.awssdk.")) {
      // Credentials or region missing for --iam or --outputs.
      code = ExitCodes.USAGE;
      message = "AWS: " + message;
    } else {
      code = ExitCodes.ERROR;
      message = "unexpected " + e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
    env.err().println("orderflow: " + (message == null ? e.getClass().getSimpleName() : oneLine(message)));
    if (env.variable("ORDERFLOW_DEBUG") != null) {
      e.printStackTrace(env.err());
    }
    env.err().flush();
    return code;
  }

  private static String oneLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
