package dev.orderflow.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.LocalSystem;
import dev.orderflow.local.LocalSystemExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Every command of the command line against the example's stack, run on the local system. */
class CommandLineLocalTest {

  @RegisterExtension
  static LocalSystemExtension local = LocalSystemExtension.of(Stacks::pizzaOrders, "PizzaOrders",
      settings -> settings.redeliveryDelay(Duration.ofMillis(500)));

  private static final ObjectMapper JSON = new ObjectMapper();

  private static String url;
  private static String key;
  private static Cli cli;

  @TempDir
  static Path home;

  @BeforeAll
  static void connect(LocalSystem system) {
    url = system.graphql().orElseThrow().graphqlUrl().toString();
    key = system.graphql().orElseThrow().apiKey();
    cli = new Cli(Map.of("ORDERFLOW_URL", url, "ORDERFLOW_API_KEY", key), home);
  }

  @Test
  void postsGetsWatchesToFinalAndDeletesAnOrder() throws IOException {
    Cli.Result posted = cli.run("post", "--name", "Margherita", "--quantity", "2", "--restaurant", "Dominos Pizza", "--json");
    assertThat(posted.code()).as(posted.err()).isZero();
    JsonNode order = JSON.readTree(posted.out());
    String id = order.path("id").asText();
    assertThat(order.path("orderStatus").asText()).isEqualTo("PENDING");
    assertThat(order.path("quantity").asInt()).isEqualTo(2);

    Cli.Result got = cli.run("get", id, "--json");
    assertThat(got.code()).isZero();
    assertThat(JSON.readTree(got.out()).path("name").asText()).isEqualTo("Margherita");

    Cli.Result watched = cli.run("watch", id, "--json", "--interval", "50", "--for", "60");
    assertThat(watched.code()).as(watched.err()).isZero();
    List<String> changes = watched.out().lines().toList();
    JsonNode last = JSON.readTree(changes.get(changes.size() - 1));
    assertThat(last.path("orderStatus").asText()).isIn("SUCCESS", "FAILED");
    if (last.path("orderStatus").asText().equals("SUCCESS")) {
      assertThat(last.path("paidQuantity").asInt()).isEqualTo(2);
      assertThat(last.path("paymentId").asText()).isNotEmpty();
    } else {
      assertThat(last.path("failureReason").asText()).isNotEmpty();
    }

    Cli.Result table = cli.run("get", id);
    assertThat(table.out().lines().findFirst().orElseThrow()).startsWith("ID").contains("STATUS", "NAME", "QTY");
    assertThat(table.out()).contains(id, last.path("orderStatus").asText(), "Margherita");

    Cli.Result deleted = cli.run("delete", id);
    assertThat(deleted.code()).isZero();
    assertThat(deleted.out().trim()).isEqualTo("deleted " + id);

    Cli.Result gone = cli.run("get", id);
    assertThat(gone.code()).isEqualTo(3);
    assertThat(gone.err().trim()).isEqualTo("orderflow: no order " + id + ": it does not exist or is not the caller's");
  }

  @Test
  void watchFollowsTheSubscriptionToTheFinalStateWithoutPolling() {
    String id = postedId("Subscribed", 1);

    // Polling every ten minutes could not see the order final within the minute: the updates come
    // over the stack's onOrderUpdated subscription.
    Cli.Result watched = cli.run("watch", id, "--interval", "600000", "--for", "60");

    assertThat(watched.code()).as(watched.err()).isZero();
    List<String> lines = watched.out().lines().toList();
    assertThat(lines).as("the order as first seen, then its changes").hasSizeGreaterThanOrEqualTo(2);
    assertThat(lines.get(0)).doesNotContainPattern("  (SUCCESS|FAILED)");
    assertThat(lines.get(lines.size() - 1)).containsPattern("  (SUCCESS|FAILED)");
  }

  @Test
  void watchPrintsEachChangeOnALineUntilFinal() {
    String id = postedId("Watched", 1);

    Cli.Result watched = cli.run("watch", id, "--poll", "--interval", "20");

    assertThat(watched.code()).isZero();
    List<String> lines = watched.out().lines().toList();
    assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(line).contains(id));
    assertThat(lines.get(lines.size() - 1)).containsPattern("  (SUCCESS|FAILED)");
  }

  @Test
  void listsOnePageAtATimeAndEveryPageWithAll() throws IOException {
    Set<String> posted = new HashSet<>();
    for (int i = 0; i < 5; i++) {
      posted.add(postedId("Paged " + i, 1));
    }

    JsonNode first = JSON.readTree(cli.run("list", "--limit", "2", "--json").out());
    JsonNode second = JSON.readTree(cli.run("list", "--limit", "2", "--next-token", first.path("nextToken").asText(),
        "--json").out());
    Cli.Result all = cli.run("list", "--all", "--limit", "3", "--json");

    assertThat(first.path("items")).hasSize(2);
    assertThat(first.path("nextToken").asText()).isNotEmpty();
    assertThat(second.path("items")).hasSize(2);
    assertThat(ids(second)).doesNotContainAnyElementsOf(ids(first));
    assertThat(all.code()).isZero();
    List<String> everything = ids(JSON.readTree(all.out()));
    assertThat(everything).doesNotHaveDuplicates().containsAll(posted);
    assertThat(JSON.readTree(all.out()).path("nextToken").isNull()).isTrue();
    List<Instant> created = new ArrayList<>();
    JSON.readTree(all.out()).path("items").forEach(item -> created.add(Instant.parse(item.path("createdAt").asText())));
    assertThat(created).as("newest first").isSortedAccordingTo((a, b) -> b.compareTo(a));

    Cli.Result table = cli.run("list", "--limit", "2");
    assertThat(table.out().lines().toList()).hasSize(4);
    assertThat(table.out()).contains("more: --next-token ");
  }

  @Test
  void updatesAPendingOrderAndIsRefusedOnceTheOrderIsFinal(LocalSystem system) throws IOException {
    String pending = "pending-" + UUID.randomUUID();
    putPendingOrder(system, pending);

    Cli.Result updated = cli.run("update", pending, "--quantity", "3", "--name", "Calzone", "--json");

    assertThat(updated.code()).as(updated.err()).isZero();
    assertThat(JSON.readTree(updated.out()).path("quantity").asInt()).isEqualTo(3);
    assertThat(JSON.readTree(updated.out()).path("name").asText()).isEqualTo("Calzone");

    String done = postedId("Final", 1);
    assertThat(cli.run("watch", done, "--interval", "20").code()).isZero();
    Cli.Result refused = cli.run("update", done, "--quantity", "3");
    assertThat(refused.code()).isEqualTo(4);
    assertThat(refused.err()).startsWith("orderflow: OrderFinal: Order " + done + " cannot be updated");
    assertThat(refused.err().lines()).hasSize(1);
  }

  @Test
  void badInputGetsOneClearLineAndItsExitCode(LocalSystem system) {
    String pending = "pending-" + UUID.randomUUID();
    putPendingOrder(system, pending);
    Cli bare = new Cli(Map.of(), home);
    Cli wrongKey = new Cli(Map.of("ORDERFLOW_URL", url, "ORDERFLOW_API_KEY", "da2-notakeyofthisapi"), home);

    assertOneLine(cli.run("post", "--name", "Pizza", "--quantity", "0", "--restaurant", "Luigi"), 4,
        "orderflow: ValidationError: quantity must be from 1 to 100, but was 0");
    assertOneLine(bare.run("list"), 2,
        "orderflow: no API URL: give --url, set ORDERFLOW_URL, or use --outputs cdk-outputs.json or --local");
    assertOneLine(bare.run("list", "--url", url), 2, "orderflow: no credentials for " + url
        + ": give --api-key (or set ORDERFLOW_API_KEY), --token (or ORDERFLOW_TOKEN), or --iam");
    assertOneLine(wrongKey.run("list"), 5,
        "orderflow: the API refused the credentials: You are not authorized to make this call.");
    assertOneLine(cli.run("get", "x", "--url", "http://127.0.0.1:1/graphql"), 6,
        "orderflow: cannot reach the order API at http://127.0.0.1:1/graphql: connection refused");
    assertOneLine(cli.run("get", "no-such-order"), 3,
        "orderflow: no order no-such-order: it does not exist or is not the caller's");
    assertOneLine(cli.run("delete", pending), 4, "orderflow: OrderNotDeletable: Order " + pending
        + " cannot be deleted: only your own orders can be, and only once SUCCESS or FAILED");
    assertOneLine(cli.run("update", pending), 2,
        "orderflow: update needs at least one of --name, --quantity or --restaurant");
    assertOneLine(cli.run("list", "--outputs", home.resolve("missing.json").toString()), 2,
        "orderflow: cannot read the outputs file " + home.resolve("missing.json") + ": no such file");
    Cli.Result missingOption = cli.run("post", "--name", "Pizza");
    assertThat(missingOption.code()).isEqualTo(2);
    assertThat(missingOption.err()).startsWith("orderflow: Missing required options").contains("Try 'orderflow post --help'.");
  }

  @Test
  void findsTheNewestRunningLocalSystemAndPassesOverFilesOfEndedProcesses(@TempDir Path discovery) throws Exception {
    Process ended = new ProcessBuilder("true").start();
    ended.waitFor();
    Files.writeString(discovery.resolve(ended.pid() + ".json"), JSON.writeValueAsString(Map.of(
        "pid", ended.pid(), "stack", "Gone", "graphqlUrl", "http://127.0.0.1:1/graphql", "apiKey", "da2-gone",
        "startedAt", Instant.now().plusSeconds(60).toString())));
    long self = ProcessHandle.current().pid();
    Files.writeString(discovery.resolve(self + ".json"), JSON.writeValueAsString(Map.of(
        "pid", self, "stack", "PizzaOrders", "graphqlUrl", url, "apiKey", key, "graphiqlUrl", url.replace("graphql", ""),
        "outbox", "", "startedAt", Instant.now().toString())));
    Cli located = new Cli(Map.of("ORDERFLOW_LOCAL_DIR", discovery.toString()), home);

    Cli.Result posted = located.run("post", "--local", "--name", "Found", "--quantity", "1", "--restaurant", "Here", "--json");

    assertThat(posted.code()).as(posted.err()).isZero();
    assertThat(JSON.readTree(posted.out()).path("name").asText()).isEqualTo("Found");
    Cli.Result none = new Cli(Map.of("ORDERFLOW_LOCAL_DIR", home.resolve("nothing").toString()), home).run("list", "--local");
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err()).startsWith("orderflow: no local system is running");
  }

  @Test
  void readsTheUrlAndKeyFromCdkOutputs(@TempDir Path dir) throws Exception {
    Path outputs = dir.resolve("cdk-outputs.json");
    Files.writeString(outputs, JSON.writeValueAsString(Map.of("PizzaOrders", Map.of(
        "GraphqlUrl", url, "ApiKeyId", key, "Region", "us-east-1"))));

    Cli.Result listed = new Cli(Map.of(), home).run("list", "--outputs", outputs.toString(), "--limit", "1", "--json");

    assertThat(listed.code()).as(listed.err()).isZero();
    assertThat(JSON.readTree(listed.out()).path("items").isArray()).isTrue();
  }

  @Test
  void everyCommandHasHelpWithExamples() {
    for (String command : List.of("post", "get", "list", "update", "delete", "watch", "load")) {
      Cli.Result help = cli.run(command, "--help");
      assertThat(help.code()).as(command).isZero();
      assertThat(help.out()).as(command).contains("Usage: orderflow " + command, "Examples:", "orderflow " + command + " ");
    }
    Cli.Result top = cli.run("--help");
    assertThat(top.out()).contains("Exit codes:", "7  watch or load ended");
  }

  @Test
  void loadPostsTwoHundredOrdersThatAllBecomeFinalWithConsistentFigures() throws IOException {
    Cli.Result run = cli.run("load", "--orders", "200", "--concurrency", "16", "--deadline", "120", "--json");

    assertThat(run.code()).as(run.err() + run.out()).isZero();
    JsonNode report = JSON.readTree(run.out());
    assertThat(report.path("sent").asLong()).isEqualTo(200);
    assertThat(report.path("final").asLong()).isEqualTo(200);
    assertThat(report.path("postsFailed").asLong()).isZero();
    assertThat(report.path("notFinal").asLong()).isZero();
    assertThat(report.path("vanished").asLong()).isZero();
    assertThat(report.path("succeeded").asLong() + report.path("declined").asLong()).isEqualTo(200);
    assertThat(report.path("ordersPerSecond").asDouble()).isPositive();
    assertThat(report.path("errors").size()).isZero();
    for (String figure : List.of("postMs", "finalMs")) {
      JsonNode p = report.path(figure);
      assertThat(p.path("count").asLong()).as(figure).isEqualTo(200);
      assertThat(p.path("p50").asDouble()).as(figure).isPositive();
      assertThat(p.path("p50").asDouble()).as(figure).isLessThanOrEqualTo(p.path("p95").asDouble());
      assertThat(p.path("p95").asDouble()).as(figure).isLessThanOrEqualTo(p.path("p99").asDouble());
      assertThat(p.path("p99").asDouble()).as(figure).isLessThanOrEqualTo(p.path("max").asDouble());
    }
    assertThat(report.path("finalMs").path("p50").asDouble())
        .as("an order is final after its post has answered")
        .isGreaterThanOrEqualTo(report.path("postMs").path("p50").asDouble());
    JsonNode bill = report.path("bill");
    assertThat(bill.path("perMillionOrders").asDouble()).isPositive();
    List<String> services = new ArrayList<>();
    bill.path("lines").forEach(line -> services.add(line.path("service").asText()));
    assertThat(services).containsOnly("AppSync", "SQS", "Pipes", "Step Functions", "Lambda", "DynamoDB", "SNS",
        "EventBridge");
    double beforeEmail = 0;
    for (JsonNode line : bill.path("lines")) {
      beforeEmail += line.path("unit").asText().contains("email") ? 0 : line.path("perMillion").asDouble();
    }
    assertThat(beforeEmail).isCloseTo(bill.path("perMillionOrders").asDouble(), org.assertj.core.data.Offset.offset(0.01));
    for (String service : List.of("AppSync", "SQS", "Pipes", "Step Functions", "Lambda", "DynamoDB", "SNS",
        "EventBridge")) {
      double perMillion = 0;
      for (JsonNode line : bill.path("lines")) {
        perMillion += line.path("service").asText().equals(service) ? line.path("perMillion").asDouble() : 0;
      }
      assertThat(perMillion).as(service).isPositive();
    }
    JsonNode invocations = null;
    for (JsonNode line : bill.path("lines")) {
      if (line.path("service").asText().equals("Lambda") && line.path("unit").asText().equals("requests")) {
        invocations = line;
      }
    }
    assertThat(invocations).isNotNull();
    assertThat(invocations.path("count").asDouble()).as("one payment invocation per final order")
        .isEqualTo(report.path("final").asDouble());
  }

  @Test
  void loadPrintsItsReportAsATable() {
    Cli.Result run = cli.run("load", "--orders", "20", "--rate", "40", "--deadline", "60");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("orders    requested 20   sent 20   posts failed 0", "not final after the deadline 0",
        "vanished 0", "errors    none");
    assertThat(run.out()).containsPattern("postOrder\\s+20\\s+\\d+\\.\\d");
    assertThat(run.out()).containsPattern("post -> final\\s+20\\s+\\d+\\.\\d");
    assertThat(run.out()).containsPattern("bill      \\$\\d+\\.\\d\\d per million orders before email");
    assertThat(run.out()).containsPattern("Lambda\\s+requests\\s+20\\s");
  }

  /**
   * docs/client.md's sessions of the command line, from its "Commands" section to the load tests:
   * each {@code $ client/target/orderflow ...} line is run with {@code --local} finding this system,
   * and what it printed must be the lines the doc shows under it, ids, times, ports, pids and
   * payment ids aside. The doc's watch is of its order once final, one line, as the doc says it
   * usually is; and each failure is one line (with a pointer to the help for wrong arguments).
   */
  @Test
  void theCommandsOfDocsClientMdPrintWhatTheDocShows(@TempDir Path discovery) throws Exception {
    long self = ProcessHandle.current().pid();
    Files.writeString(discovery.resolve(self + ".json"), JSON.writeValueAsString(Map.of(
        "pid", self, "stack", "PizzaOrders", "graphqlUrl", url, "apiKey", key, "startedAt", Instant.now().toString())));
    Cli located = new Cli(Map.of("ORDERFLOW_LOCAL_DIR", discovery.toString()), home);
    String doc = Files.readString(Path.of("../docs/client.md"));
    String commands = doc.substring(doc.indexOf("\n### Commands\n"), doc.indexOf("\n## Load tests"));
    java.util.regex.Matcher block = java.util.regex.Pattern.compile("```text\n(.*?)```", java.util.regex.Pattern.DOTALL)
        .matcher(commands);
    List<Integer> codes = new ArrayList<>();
    String postedId = null;
    List<String> postArgs = List.of();
    int sessions = 0;
    while (block.find()) {
      List<String> lines = block.group(1).lines().toList();
      for (int i = 0; i < lines.size(); i++) {
        if (!lines.get(i).startsWith("$ client/target/orderflow ")) {
          continue;
        }
        List<String> shown = new ArrayList<>();
        for (int j = i + 1; j < lines.size() && !lines.get(j).startsWith("$ "); j++) {
          shown.add(lines.get(j));
        }
        List<String> args = words(lines.get(i).substring("$ client/target/orderflow ".length()));
        if (args.get(0).equals("watch")) {
          // The doc's order: the one its post made, watched once final.
          String documentedId = args.get(args.size() - 1);
          shown.replaceAll(line -> line.replace(documentedId, "ORDER_ID"));
          // One order in ten is declined by the simulated gateway; the doc's is paid, so its post is
          // made again until one is.
          for (int tries = 0; finalStatus(postedId).equals("FAILED") && tries < 20; tries++) {
            postedId = located.run(postArgs.toArray(String[]::new)).out().lines().skip(1).findFirst().orElseThrow()
                .split(" ")[0];
          }
          args.set(args.size() - 1, postedId);
        }
        Cli.Result result = located.run(args.toArray(String[]::new));
        sessions++;
        List<String> printed = new ArrayList<>(result.err().lines().toList());
        printed.addAll(result.out().lines().toList());
        if (args.get(0).equals("post") && result.code() == 0) {
          postArgs = args;
          postedId = result.out().lines().skip(1).findFirst().orElseThrow().split(" ")[0];
        }
        if (args.get(0).equals("watch")) {
          printed.replaceAll(line -> line.replace(args.get(args.size() - 1), "ORDER_ID"));
        }
        assertThat(printed).as(lines.get(i)).hasSameSizeAs(shown);
        for (int k = 0; k < shown.size(); k++) {
          assertThat(printed.get(k)).as(lines.get(i)).matches(pattern(shown.get(k)));
        }
        if (result.code() != 0) {
          codes.add(result.code());
          List<String> failure = result.err().lines().filter(line -> !line.contains("using the local system")).toList();
          assertThat(failure.get(0)).as(lines.get(i)).startsWith("orderflow: ").doesNotContain("Exception");
          assertThat(failure.subList(1, failure.size())).as("after the one line of " + lines.get(i))
              .allSatisfy(line -> assertThat(line).startsWith("Try 'orderflow "));
        }
      }
    }
    assertThat(sessions).as("commands the doc shows").isGreaterThanOrEqualTo(7);
    java.util.regex.Matcher documentedCodes = java.util.regex.Pattern.compile("Their exit codes are ([0-9, and]+)\\.")
        .matcher(commands);
    assertThat(documentedCodes.find()).isTrue();
    assertThat(codes).map(String::valueOf).containsExactlyElementsOf(
        List.of(documentedCodes.group(1).split(",? and |, ")));
  }

  /** SUCCESS or FAILED once the order is final, within a minute. */
  private static String finalStatus(String id) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)) {
      java.util.regex.Matcher status = java.util.regex.Pattern.compile("  (SUCCESS|FAILED)  ").matcher(cli.run("get", id).out());
      if (status.find()) {
        return status.group(1);
      }
      Thread.sleep(100);
    }
    throw new AssertionError("order " + id + " not final within a minute");
  }

  /** A command line's words as a shell splits them, for the doc's double-quoted values and comments. */
  private static List<String> words(String line) {
    List<String> words = new ArrayList<>();
    java.util.regex.Matcher word = java.util.regex.Pattern.compile("\"([^\"]*)\"|(#.*)|(\\S+)").matcher(line);
    while (word.find()) {
      if (word.group(2) != null) {
        break;
      }
      words.add(word.group(1) != null ? word.group(1) : word.group(3));
    }
    return words;
  }

  /** A line the doc shows, as a pattern: its ids, times, ports, pids and payment ids stand for any. */
  private static String pattern(String shown) {
    String quoted = java.util.regex.Pattern.quote(shown);
    String[][] variables = {
        {"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"},
        {"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z", "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"},
        {"http://127\\.0\\.0\\.1:(?!1/)\\d+/graphql", "http://127\\.0\\.0\\.1:\\d+/graphql"},
        {"\\(pid \\d+\\)", "\\(pid \\d+\\)"},
        {"pay_[0-9a-f]+", "pay_[0-9a-f]+"},
        {"ORDER_ID", "ORDER_ID"},
    };
    String pattern = quoted;
    for (String[] variable : variables) {
      pattern = pattern.replaceAll(variable[0], java.util.regex.Matcher.quoteReplacement("\\E" + variable[1] + "\\Q"));
    }
    return pattern;
  }

  private static String postedId(String name, int quantity) {
    Cli.Result posted = cli.run("post", "--name", name, "--quantity", Integer.toString(quantity), "--restaurant", "Luigi",
        "--json");
    assertThat(posted.code()).as(posted.err()).isZero();
    try {
      return JSON.readTree(posted.out()).path("id").asText();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> ids(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.path("items").forEach(item -> ids.add(item.path("id").asText()));
    return ids;
  }

  private static void assertOneLine(Cli.Result result, int code, String line) {
    assertThat(result.err().lines().toList()).as("stderr").containsExactly(line);
    assertThat(result.code()).as(line).isEqualTo(code);
  }

  /** An order row as postOrder records it, which the workflow has not taken. */
  static void putPendingOrder(LocalSystem system, String id) {
    String table = system.logicalIds("AWS::DynamoDB::GlobalTable").get(0);
    ObjectNode request = JSON.createObjectNode();
    request.put("TableName", system.physicalId(table));
    ObjectNode item = request.putObject("Item");
    item.putObject("id").put("S", id);
    item.putObject("customerId").put("S", "anonymous");
    item.putObject("name").put("S", "Pending pizza");
    item.putObject("quantity").put("N", "1");
    item.putObject("restaurantId").put("S", "Luigi");
    item.putObject("orderStatus").put("S", "PENDING");
    item.putObject("createdAt").put("S", "2020-01-01T00:00:00.000Z");
    system.tables().call("PutItem", request);
  }
}
