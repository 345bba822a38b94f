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
import java.util.ArrayList;
import java.util.List;
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
    // The AWS SDK (--iam) logs through SLF4J, which has no logger here: without this, its three
    // lines of warning about that would come before every signed command's output.
    if (System.getProperty("slf4j.internal.verbosity") == null) {
      System.setProperty("slf4j.internal.verbosity", "ERROR");
    }
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
        if (type == LocalChoice.class) {
          return type.cast(new LocalChoice(env, json, List.of(args)));
        }
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
      err.println("orderflow: " + argumentError(e));
      err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
      err.flush();
      return ExitCodes.USAGE;
    });
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> failure(env, e));
    return cli.execute(args);
  }

  /**
   * What was wrong with the arguments. An unknown option comes first: picocli reports a required
   * option as missing before it reports the unknown one, so a typo such as {@code --nmae} would
   * read as a missing {@code --name}.
   */
  static String argumentError(CommandLine.ParameterException e) {
    List<String> unmatched = e.getCommandLine().getUnmatchedArguments();
    List<String> unknown = new ArrayList<>();
    for (String argument : unmatched) {
      if (argument.startsWith("-") && argument.length() > 1 && !Character.isDigit(argument.charAt(1))) {
        int equals = argument.indexOf('=');
        String option = equals < 0 ? argument : argument.substring(0, equals);
        String nearest = nearestOption(e.getCommandLine().getCommandSpec(), option);
        unknown.add("'" + option + "'" + (nearest == null ? "" : " (did you mean " + nearest + "?)"));
      }
    }
    if (unknown.isEmpty()) {
      return e.getMessage();
    }
    return (unknown.size() == 1 ? "Unknown option: " : "Unknown options: ") + String.join(", ", unknown);
  }

  /** The command's option whose name is nearest to {@code typed}, if near enough to be a typo. */
  private static String nearestOption(CommandSpec command, String typed) {
    String nearest = null;
    int best = Integer.MAX_VALUE;
    for (CommandLine.Model.OptionSpec option : command.options()) {
      if (option.hidden()) {
        continue;
      }
      for (String name : option.names()) {
        int distance = editDistance(typed, name);
        if (distance < best && distance <= Math.max(1, Math.min(2, name.length() / 4))) {
          best = distance;
          nearest = name;
        }
      }
    }
    return nearest;
  }

  /** Edits that turn one word into the other: insertions, deletions, replacements and swaps of neighbours. */
  private static int editDistance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
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
