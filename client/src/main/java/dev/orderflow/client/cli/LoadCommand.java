package dev.orderflow.client.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.client.OrderClient;
import dev.orderflow.client.load.LoadOptions;
import dev.orderflow.client.load.LoadProgress;
import dev.orderflow.client.load.LoadReport;
import dev.orderflow.client.load.LoadTest;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "load", description = {
    "Posts N orders through postOrder, each with a client token, at a concurrency or a rate, and follows them until final.",
    "While it runs, a progress bar on the error stream shows orders sent and final, posts failed, and the rate. At the",
    "end it prints the p50, p95, p99 and max of the postOrder latency and of post -> final, the throughput, the errors",
    "of failed posts by type, how many orders were paid or declined, and how many were not final by the deadline or",
    "vanished (not found after their post); --json writes the same figures as JSON."},
    footerHeading = "%nExamples:%n",
    footer = {"  orderflow load --local --orders 200 --concurrency 16",
        "  orderflow load --outputs cdk-outputs.json --orders 1000 --rate 50 --deadline 120 --json > report.json",
        "",
        "Exit code 0 when every order was sent and became final; 7 when a post failed, or an order was not final in time",
        "or vanished."})
final class LoadCommand extends ApiCommand {

  @Option(names = {"-n", "--orders"}, defaultValue = "100", description = "How many orders. Default: ${DEFAULT-VALUE}.")
  int orders;

  @Option(names = {"-c", "--concurrency"}, defaultValue = "8",
      description = "postOrder calls under way at once, at most. Default: ${DEFAULT-VALUE}.")
  int concurrency;

  @Option(names = "--rate", paramLabel = "PER_SECOND",
      description = "Orders to start a second, at most. Default: as fast as the concurrency allows.")
  Double rate;

  @Option(names = "--deadline", paramLabel = "SECONDS", defaultValue = "60",
      description = "How long after the last post to wait for orders to become final. Default: ${DEFAULT-VALUE}.")
  long deadlineSeconds;

  @Option(names = "--poll", paramLabel = "MS", defaultValue = "100",
      description = "How often to read the orders to see which are final, in milliseconds. Default: ${DEFAULT-VALUE}.")
  long pollMillis;

  @Option(names = "--name", defaultValue = "Load test pizza", description = "Each order's name; its number is appended.")
  String name;

  @Option(names = "--quantity", defaultValue = "1", description = "Each order's quantity. Default: ${DEFAULT-VALUE}.")
  int quantity;

  @Option(names = "--restaurant", defaultValue = "Load test", description = "Each order's restaurant id.")
  String restaurant;

  @Option(names = "--token-prefix", paramLabel = "PREFIX",
      description = "The start of each client token; a run repeated with the same prefix makes no new orders. Default: a random one.")
  String tokenPrefix;

  @Option(names = "--progress", paramLabel = "WHEN", defaultValue = "auto",
      description = "The progress bar: auto (when the error stream is a terminal), always or never. Default: ${DEFAULT-VALUE}.")
  String progress;

  LoadCommand(Env env, ObjectMapper json) {
    super(env, json);
  }

  @Override
  public Integer call() throws InterruptedException {
    if (!progress.equals("auto") && !progress.equals("always") && !progress.equals("never")) {
      throw new UsageException("--progress must be auto, always or never, but was " + progress);
    }
    if (pollMillis < 10) {
      throw new UsageException("--poll must be 10 milliseconds or more, but was " + pollMillis);
    }
    var options = LoadOptions.builder()
        .orders(orders)
        .concurrency(concurrency)
        .ratePerSecond(Optional.ofNullable(rate))
        .deadline(Duration.ofSeconds(deadlineSeconds))
        .pollInterval(Duration.ofMillis(pollMillis))
        .name(name)
        .quantity(quantity)
        .restaurantId(restaurant);
    if (tokenPrefix != null) {
      options.tokenPrefix(tokenPrefix);
    }
    LoadOptions built = options.build();
    OrderClient client = client();
    boolean bar = progress.equals("always") || progress.equals("auto") && env.interactive();
    PrintWriter err = env.err();
    LoadReport report = new LoadTest(client).run(built, p -> {
      if (bar) {
        synchronized (err) {
          err.print("\r" + bar(p));
          err.flush();
        }
      }
    });
    if (bar) {
      synchronized (err) {
        err.println();
        err.flush();
      }
    }
    if (jsonOutput) {
      env.out().println(printer.write(printer.toJson(report)));
    } else {
      printer.report(env.out(), report);
    }
    env.out().flush();
    return report.postsFailed() == 0 && report.notFinal() == 0 && report.vanished() == 0 ? ExitCodes.OK
        : ExitCodes.INCOMPLETE;
  }

  /** One line: a bar of the orders final or whose post failed, and the counts. */
  static String bar(LoadProgress p) {
    int width = 30;
    long done = p.finalCount() + p.postsFailed();
    int filled = (int) Math.min(width, done * width / Math.max(1, p.requested()));
    int sentMark = (int) Math.min(width, (p.sent() + p.postsFailed()) * width / Math.max(1, p.requested()));
    StringBuilder line = new StringBuilder("[");
    for (int i = 0; i < width; i++) {
      line.append(i < filled ? '#' : i < sentMark ? '>' : '.');
    }
    return line.append(String.format(Locale.ROOT, "] sent %d/%d  final %d  posts failed %d  %.1f orders/s  %.1f s ",
        p.sent(), p.requested(), p.finalCount(), p.postsFailed(), p.sentPerSecond(), p.elapsed().toMillis() / 1000.0))
        .toString();
  }
}
