package dev.orderflow.client.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.client.Order;
import dev.orderflow.client.OrderWatcher;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "watch", description = {"Follows an order to its final state and prints each change, one line each (with --json one JSON object a line).",
    "It follows the API's onOrderUpdated subscription where the stack has one (API key or token callers),"
        + " and otherwise, or with --poll, reads the order every --interval."},
    footerHeading = "%nExamples:%n",
    footer = {"  orderflow watch --local 3f9a7c1e-2b4d-4e8f-9a01-6c2d5e7b8f90",
        "  orderflow watch --outputs cdk-outputs.json 3f9a7c1e-2b4d-4e8f-9a01-6c2d5e7b8f90 --for 120 --json"})
final class WatchCommand extends ApiCommand {

  @Parameters(paramLabel = "ID", description = "The order's id.")
  String id;

  @Option(names = "--interval", paramLabel = "MS", defaultValue = "250",
      description = "How often to read the order, in milliseconds. Default: ${DEFAULT-VALUE}.")
  long intervalMillis;

  @Option(names = "--poll", description = "Read the order every --interval, even where the stack has a subscription.")
  boolean poll;

  @Option(names = "--for", paramLabel = "SECONDS", defaultValue = "300",
      description = "How long to follow it at most. Default: ${DEFAULT-VALUE}. Exit code 7 when it is not final by then.")
  long seconds;

  WatchCommand(Env env, ObjectMapper json) {
    super(env, json);
  }

  @Override
  public Integer call() throws InterruptedException {
    if (intervalMillis < 10) {
      throw new UsageException("--interval must be 10 milliseconds or more, but was " + intervalMillis);
    }
    if (seconds < 1) {
      throw new UsageException("--for must be 1 second or more, but was " + seconds);
    }
    Duration interval = Duration.ofMillis(intervalMillis);
    OrderWatcher watcher = poll ? client().pollingWatcher(interval) : client().subscriptionWatcher(interval);
    Order last = watcher.watch(id, Duration.ofSeconds(seconds), order -> {
      env.out().println(jsonOutput ? printer.write(printer.toJson(order)) : printer.line(order));
      env.out().flush();
    });
    if (!last.orderStatus().isFinal()) {
      env.err().println("orderflow: order " + id + " is still " + last.orderStatusName() + " after " + seconds + " s");
      env.err().flush();
      return ExitCodes.INCOMPLETE;
    }
    return ExitCodes.OK;
  }
}
